import { formatRupees, paise } from '@kavach/domain';
import type { AlertInput } from './alert-types';

/** The day at the close, as start-engine.ts knows it after the EOD square-off; money in paise. */
export interface DailySummary {
  /** The IST trading day, YYYY-MM-DD. */
  readonly date: string;
  readonly mode?: 'PAPER' | 'LIVE';
  /** Realised P&L of the day, paise. */
  readonly realisedPnl: number;
  /** Charges of the day, paise, when known. */
  readonly fees?: number;
  /** Trades closed today. */
  readonly trades: number;
  readonly winners?: number;
  readonly losers?: number;
  /** Positions still open after the square-off: anything but 0 needs the trader now. */
  readonly openPositions: number;
}

/** The day's summary as an alert; throws RangeError when an amount is not integer paise. */
export function formatDailySummary(summary: DailySummary): AlertInput {
  const pnl = formatRupees(paise(summary.realisedPnl), { explicitPlus: true });
  const lines = [`Realised P&L: ${pnl}`];
  if (summary.fees !== undefined) lines.push(`Charges: ${formatRupees(paise(summary.fees))}`);
  lines.push(`Trades: ${summary.trades}${describeWins(summary)}`);
  lines.push(
    summary.openPositions === 0
      ? 'Open positions: none'
      : `Open positions: ${summary.openPositions}, still open after the square-off: check now`,
  );
  if (summary.mode !== undefined) lines.push(`Mode: ${summary.mode}`);
  return {
    kind: 'DAILY_SUMMARY',
    severity: summary.openPositions === 0 ? 'INFO' : 'CRITICAL',
    title: `Day summary ${summary.date}: ${pnl}`,
    body: lines.join('\n'),
    dedupeKey: `daily-summary:${summary.date}`,
  };
}

function describeWins(summary: DailySummary): string {
  if (summary.winners === undefined || summary.losers === undefined) return '';
  return ` (${summary.winners} won, ${summary.losers} lost)`;
}
