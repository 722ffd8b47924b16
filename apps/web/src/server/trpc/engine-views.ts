import type { EngineStatus } from './engine-status';

/**
 * The shapes of the engine API answers the control pages read (see the engine's handlers:
 * describe-engine.ts, reconciler.ts, slippage-api.ts, slippage-stats.ts, trading-config-api.ts).
 * Money in paise; times epoch ms unless said otherwise.
 */

/** GET /api/risk/status (as GET /risk): the risk snapshot, the trading state, the EOD gate. */
export interface EngineRiskStatus {
  readonly capital: number;
  readonly realisedPnlToday: number;
  readonly unrealisedPnlToday: number;
  readonly openRisk: number;
  readonly heatLimit: number;
  readonly dailyLossLimit: number;
  readonly openPositions: number;
  readonly maxOpenPositions: number;
  readonly workingOrders: number;
  readonly trading: EngineStatus['trading'];
  /** False outside the entry window and after the EOD cut-off. */
  readonly entriesAllowed: boolean;
}

export interface EngineReconciliationStatus {
  readonly running: boolean;
  readonly lastRun: {
    readonly id: string;
    readonly trigger: 'STARTUP' | 'PERIODIC' | 'RECONNECT' | 'MANUAL';
    readonly outcome: 'CLEAN' | 'DISCREPANCIES' | 'FAILED';
    readonly at: number;
    readonly discrepancies: number;
    readonly error: string | null;
  } | null;
  readonly blockedTokens: readonly number[];
}

export interface Percentiles {
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}

export interface SlippageBucket {
  readonly count: number;
  readonly filled: number;
  readonly accepted: number;
  readonly repriced: number;
  readonly rejected: number;
  readonly breaches: number;
  /** Positive is adverse. */
  readonly meanBps: number | null;
  readonly p50Bps: number | null;
  readonly p95Bps: number | null;
  readonly meanPoints: number | null;
  readonly p50Points: number | null;
  readonly p95Points: number | null;
  readonly favourableShare: number | null;
  readonly latencyMs: {
    readonly validation: Percentiles;
    readonly send: Percentiles;
    readonly ack: Percentiles;
    readonly fill: Percentiles;
    readonly total: Percentiles;
  };
}

export interface EngineSlippageStats {
  readonly since: string;
  readonly hours: number;
  readonly configSha: string;
  readonly overall: SlippageBucket;
  readonly byStrategy: Readonly<Record<string, SlippageBucket>>;
  readonly byInstrument: Readonly<Record<string, SlippageBucket>>;
  /** Keyed 'HH:00' IST. */
  readonly byHour: Readonly<Record<string, SlippageBucket>>;
}

/** One sample as the engine sends it (dates as ISO text). */
export interface EngineSlippageSample {
  readonly id: string;
  readonly strategy: string;
  readonly exchange: string;
  readonly tradingSymbol: string;
  readonly side: string;
  readonly quantity: number;
  readonly signalPrice: number;
  readonly marketPrice: number;
  readonly sentPrice: number | null;
  readonly fillPrice: number | null;
  readonly slippagePaise: number | null;
  readonly slippageBps: number | null;
  readonly favourable: boolean | null;
  readonly check: 'ACCEPTED' | 'REPRICED' | 'REJECTED';
  readonly checkReason: string | null;
  readonly breach: boolean;
  readonly signalAt: string;
  readonly ackAt: string | null;
  readonly firstFillAt: string | null;
  readonly totalMs: number | null;
  readonly correlationId: string;
}

export interface SlippageConfigValues {
  readonly maxSlippagePct: number;
  readonly maxSlippagePoints: number;
  readonly maxLatencyMs: number;
  readonly requotePct: number;
  readonly partialFillPct: number;
  readonly breachesToPause: number;
  readonly breachWindowMinutes: number;
  readonly maxQuoteAgeMs: number;
}

export interface EngineSlippageConfig {
  readonly sha: string;
  readonly config: SlippageConfigValues;
}

/** GET /api/config/trading; `config` is the file form (rupees, percent, HH:MM). */
export interface EngineTradingConfig {
  readonly sha: string;
  readonly source: 'FILE' | 'STORED';
  readonly path: string;
  readonly fileSha: string;
  readonly config: Record<string, unknown>;
  readonly pending: {
    readonly sha: string;
    readonly config: Record<string, unknown>;
    readonly storedBy: string;
    readonly storedAt: number;
    readonly appliesAt: 'NEXT_START';
  } | null;
}

export interface EngineTradingConfigStored {
  readonly ok: true;
  readonly sha: string;
  readonly inForceSha: string;
  readonly changed: boolean;
  readonly appliesAt: 'NEXT_START';
  readonly message: string;
}
