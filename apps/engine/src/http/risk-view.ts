import type { Db } from '@kavach/db';
import type { RiskSnapshotPort } from '../control/ports';
import type { TradingStateService } from '../control/trading-state';
import type { EngineApi } from './engine-api';

export interface RiskEventView {
  readonly kind: string;
  readonly severity: string;
  readonly message: string;
  readonly at: number;
  readonly resolved: boolean;
}

export interface RiskViewOptions {
  readonly risk: RiskSnapshotPort;
  readonly tradingState: Pick<TradingStateService, 'current'>;
  readonly recentRiskEvents: (limit: number) => Promise<readonly RiskEventView[]>;
  /** How many recent risk events /risk lists; default 20. */
  readonly limit?: number;
}

/** The newest risk events from the database, newest first. */
export function createRiskEventReader(db: Pick<Db, 'prisma'>): RiskViewOptions['recentRiskEvents'] {
  return async (limit) => {
    const rows = await db.prisma.riskEvent.findMany({
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      select: { kind: true, severity: true, message: true, createdAt: true, resolvedAt: true },
    });
    return rows.map((row) => ({
      kind: row.kind,
      severity: row.severity,
      message: row.message,
      at: row.createdAt.getTime(),
      resolved: row.resolvedAt !== null,
    }));
  };
}

/**
 * GET /risk: limits, how much of each is used, why entries are paused, and what went wrong
 * lately. Money stays in paise (the field names say so); the dashboard formats rupees.
 */
export function createRiskView(options: RiskViewOptions): EngineApi['risk'] {
  return async () => {
    const snapshot = await options.risk.snapshot();
    const trading = options.tradingState.current();
    const pnlToday = snapshot.realisedPnlToday + snapshot.unrealisedPnlToday;
    const share = (used: number, limit: number) => (limit > 0 ? used / limit : null);
    return {
      limits: {
        capitalPaise: snapshot.capital,
        dailyLossLimitPaise: snapshot.dailyLossLimit,
        heatLimitPaise: snapshot.heatLimit,
        maxOpenPositions: snapshot.maxOpenPositions,
      },
      usage: {
        realisedPnlTodayPaise: snapshot.realisedPnlToday,
        unrealisedPnlTodayPaise: snapshot.unrealisedPnlToday,
        pnlTodayPaise: pnlToday,
        /** Share of the daily loss stop used up: 1 means entries stop. */
        dailyLossUsed: share(Math.max(0, -pnlToday), snapshot.dailyLossLimit),
        openRiskPaise: snapshot.openRisk,
        heatUsed: share(snapshot.openRisk, snapshot.heatLimit),
        openPositions: snapshot.openPositions,
        workingOrders: snapshot.workingOrders,
      },
      tradingState: trading.state,
      pauseReasons: trading.reasons,
      halt: trading.halt,
      recentRiskEvents: await options.recentRiskEvents(options.limit ?? 20),
    };
  };
}
