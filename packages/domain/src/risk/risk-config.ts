import { MAX_PAISE, paise } from '../money/paise';
import type { Paise } from '../money/paise';
import { BPS_PER_WHOLE } from './basis-points';
import { parseEntryWindow } from './entry-window';
import type { EntryWindow } from './entry-window';

/**
 * Hard risk limits for new entries. Money is integer paise, percentages are integer basis
 * points of capital (100 bps = 1 %), and "not set" is null rather than undefined so the
 * config serialises to JSON, and therefore to a config SHA, without losing fields.
 */
export interface RiskConfig {
  /** Largest loss to stop one new trade may carry, as bps of capital; null = no percent cap. */
  readonly perTradeRiskBps: number | null;
  /** The same cap in absolute paise; null = none. When both are set the smaller applies. */
  readonly perTradeRiskPaise: Paise | null;
  /** Largest total open risk (every open position's loss to stop), as bps of capital. */
  readonly portfolioHeatBps: number;
  /** No new entries once today's realised + unrealised loss reaches this share of capital. */
  readonly dailyLossStopBps: number | null;
  /** The same stop in absolute paise; null = none. When both are set the smaller applies. */
  readonly dailyLossStopPaise: Paise | null;
  /** No new entry while this many positions are open. */
  readonly maxOpenPositions: number;
  /** Largest quantity (units, not lots) one entry order may carry; null = none. */
  readonly maxQuantityPerOrder: number | null;
  /** Largest price × quantity one entry order may carry; null = none. */
  readonly maxNotionalPerOrder: Paise | null;
  /** When new entries are allowed, IST. Exits are never restricted by it. */
  readonly entryWindow: EntryWindow;
}

/**
 * Defaults for a retail intraday account:
 * - 1 % of capital at risk per trade, 6 % total heat (at most six full-size losers at once),
 *   3 % daily loss stop: the classic "1 % rule" numbers most prop desks start from.
 * - 5 open positions: more than a person can watch intraday.
 * - No quantity cap of our own (the exchange freeze quantity always applies); a ₹10,00,000
 *   notional cap per order stops fat-finger sizes when a very tight stop would otherwise
 *   produce a huge quantity.
 * - Entries from 09:20, after the opening auction and first minutes' noise, until 15:00,
 *   leaving time to manage a trade before the 15:25 square-off.
 */
export const DEFAULT_RISK_CONFIG: RiskConfig = {
  perTradeRiskBps: 100,
  perTradeRiskPaise: null,
  portfolioHeatBps: 600,
  dailyLossStopBps: 300,
  dailyLossStopPaise: null,
  maxOpenPositions: 5,
  maxQuantityPerOrder: null,
  maxNotionalPerOrder: paise(10_00_000_00),
  entryWindow: { start: '09:20', end: '15:00' },
};

function isBps(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0 && value <= BPS_PER_WHOLE;
}

function isPositiveAmount(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0 && value <= MAX_PAISE;
}

function isPositiveCount(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}

/**
 * Every problem with a config, in words; empty when it is usable. A per-trade cap and a daily
 * loss stop are mandatory (one of their two forms at least): a hard gate that can be left
 * without a limit is not a hard gate.
 */
export function validateRiskConfig(config: RiskConfig): readonly string[] {
  const issues: string[] = [];
  const { perTradeRiskBps, perTradeRiskPaise, dailyLossStopBps, dailyLossStopPaise } = config;
  if (perTradeRiskBps === null && perTradeRiskPaise === null) {
    issues.push('a per-trade risk cap is required (perTradeRiskBps or perTradeRiskPaise)');
  }
  if (perTradeRiskBps !== null && !isBps(perTradeRiskBps)) {
    issues.push(`perTradeRiskBps must be an integer in 1..10000, got ${perTradeRiskBps}`);
  }
  if (perTradeRiskPaise !== null && !isPositiveAmount(perTradeRiskPaise)) {
    issues.push(`perTradeRiskPaise must be a positive integer, got ${perTradeRiskPaise}`);
  }
  if (!isBps(config.portfolioHeatBps)) {
    issues.push(`portfolioHeatBps must be an integer in 1..10000, got ${config.portfolioHeatBps}`);
  }
  if (dailyLossStopBps === null && dailyLossStopPaise === null) {
    issues.push('a daily loss stop is required (dailyLossStopBps or dailyLossStopPaise)');
  }
  if (dailyLossStopBps !== null && !isBps(dailyLossStopBps)) {
    issues.push(`dailyLossStopBps must be an integer in 1..10000, got ${dailyLossStopBps}`);
  }
  if (dailyLossStopPaise !== null && !isPositiveAmount(dailyLossStopPaise)) {
    issues.push(`dailyLossStopPaise must be a positive integer, got ${dailyLossStopPaise}`);
  }
  if (!isPositiveCount(config.maxOpenPositions)) {
    issues.push(`maxOpenPositions must be a positive integer, got ${config.maxOpenPositions}`);
  }
  if (config.maxQuantityPerOrder !== null && !isPositiveCount(config.maxQuantityPerOrder)) {
    issues.push(
      `maxQuantityPerOrder must be a positive integer, got ${config.maxQuantityPerOrder}`,
    );
  }
  if (config.maxNotionalPerOrder !== null && !isPositiveAmount(config.maxNotionalPerOrder)) {
    issues.push(
      `maxNotionalPerOrder must be a positive integer, got ${config.maxNotionalPerOrder}`,
    );
  }
  if (parseEntryWindow(config.entryWindow) === null) {
    const { start, end } = config.entryWindow;
    issues.push(`entryWindow must be 'HH:MM' to a later 'HH:MM', got '${start}'–'${end}'`);
  }
  return issues;
}
