import type { Clock, MarketCalendar } from '@kavach/domain';
import { formatIstTimestamp, formatRupees, measureGroupPosition, paise } from '@kavach/domain';
import type { KillSwitch } from '../control/kill-switch';
import type { TradingModeService } from '../control/trading-mode';
import type { TradingStateService } from '../control/trading-state';
import type { EodScheduler } from '../eod/eod-scheduler';
import { describeMarket } from '../http/market-status';
import type { RestoreSummary } from '../oco/restore-groups';
import type { ReconciliationStatus } from '../reconciliation/reconciler';
import type { Venue } from '../venue/connect-venue';
import type { TradingEngine } from './create-trading-engine';

export interface DescribeEngineOptions {
  readonly clock: Clock;
  readonly startedAt: number;
  readonly calendar: MarketCalendar;
  readonly configSha: string;
  readonly venue: Venue;
  readonly engine: TradingEngine;
  readonly tradingState: TradingStateService;
  readonly tradingMode: TradingModeService;
  readonly killSwitch: KillSwitch;
  readonly eod: EodScheduler;
  readonly restored: RestoreSummary;
  /** This engine's hold on its Kite account (null on the embedded database: no lease needed). */
  readonly lease: {
    readonly holder: string;
    readonly epoch: number;
    readonly waitedMs: number;
  } | null;
  readonly reconciliation: () => ReconciliationStatus;
}

/** The bodies of GET /status/all, GET /risk and the details of GET /healthz. */
export function describeEngine(options: DescribeEngineOptions) {
  const { clock, engine } = options;

  const brackets = () =>
    engine.oco.openGroups().map((g) => {
      const position = measureGroupPosition(g.group);
      return {
        groupId: g.id,
        strategy: g.strategy,
        instrument: g.instrument.tradingSymbol,
        side: g.group.plan.side,
        status: g.group.status,
        plannedQuantity: g.group.plan.quantity,
        entryFilled: position.entryFilled,
        exitFilled: position.exitFilled,
        openQuantity: position.net,
        correlationId: g.correlationId,
      };
    });

  return {
    status: (): Record<string, unknown> => {
      const now = clock.now();
      return {
        now,
        nowIst: formatIstTimestamp(now),
        uptimeSeconds: Math.floor((now - options.startedAt) / 1000),
        configSha: options.configSha,
        trading: options.tradingState.current(),
        mode: options.tradingMode.current(),
        killSwitch: {
          engaging: options.killSwitch.engaging(),
          lastReport: options.killSwitch.lastReport(),
        },
        eod: { phase: options.eod.phase(now), lastSquareOff: options.eod.lastSquareOff() },
        reconciliation: options.reconciliation(),
        market: describeMarket(options.calendar, now),
        venue: {
          kind: options.venue.kind,
          root: options.venue.root,
          session: options.venue.session(),
          /** Where new brackets' orders go: KITE, or PAPER (in process, on Kite's ticks). */
          orders: engine.venues.current(),
        },
        marketData: engine.marketData(),
        universe: engine.universe().length,
        restoredAtStart: options.restored,
        lease: options.lease,
        risk: engine.riskSnapshot(),
        brackets: brackets(),
      };
    },
    risk: (): Record<string, unknown> => ({
      ...engine.riskSnapshot(),
      trading: options.tradingState.current(),
      entriesAllowed: options.eod.entriesAllowed(clock.now()),
    }),
    /** A few lines for a phone (Telegram /status). */
    summary: (): string => {
      const trading = options.tradingState.current();
      const risk = engine.riskSnapshot();
      const pnl = risk.realisedPnlToday + risk.unrealisedPnlToday;
      const reasons = trading.reasons.map((r) => r.message).join('; ');
      return [
        `${trading.state}${reasons === '' ? '' : ` (${reasons})`} · ${options.tradingMode.current().mode}`,
        `P&L today ${formatRupees(paise(pnl))} (realised ${formatRupees(paise(risk.realisedPnlToday))})`,
        `Open positions ${risk.openPositions}/${risk.maxOpenPositions} · heat ${formatRupees(paise(risk.openRisk))} of ${formatRupees(paise(risk.heatLimit))}`,
        `Market data ${engine.marketData().state} · session ${options.venue.session().valid ? 'valid' : 'INVALID'}`,
        `${formatIstTimestamp(clock.now())} IST`,
      ].join('\n');
    },
    health: (): Record<string, unknown> => ({
      trading: options.tradingState.current().state,
      marketData: engine.marketData(),
      session: options.venue.session(),
    }),
  };
}
