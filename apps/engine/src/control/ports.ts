import type { TradingState } from '@kavach/domain';

export type { TradingState };

/** Who asked for a control action: a person (through the dashboard or API) or the engine. */
export interface Actor {
  readonly type: 'USER' | 'SYSTEM';
  readonly name: string;
}

/** What happened to one order while flattening. */
export interface OrderOutcome {
  clientOrderId: string;
  brokerOrderId: string | null;
  role: string;
  tradingSymbol: string;
  action: 'CANCEL' | 'EXIT';
  quantity: number;
  outcome: 'DONE' | 'FAILED' | 'PENDING';
  message: string | null;
}

export interface FlattenReport {
  startedAt: number;
  /** When every position was flat (epoch ms); null while one still is not. */
  flatAt: number | null;
  /** When every order was settled, or the wait for the broker ended. */
  finishedAt: number;
  orders: readonly OrderOutcome[];
  flat: boolean;
  remainingPositions: number;
}

/** Where a flatten has got to, for the reliability suite's crash points. */
export interface FlattenProgress {
  /** Once, when every position is out and some cancels are still unanswered. */
  readonly midway?: () => void;
}

/** Implemented by the OCO manager: cancel every working order, exit every open position. */
export interface FlattenPort {
  flattenAll(reason: string, actor: Actor, progress?: FlattenProgress): Promise<FlattenReport>;
}

/** Read side the auto-pause and /risk need; money in paise (integers). */
export interface RiskSnapshot {
  capital: number;
  realisedPnlToday: number;
  unrealisedPnlToday: number;
  openRisk: number;
  heatLimit: number;
  dailyLossLimit: number;
  openPositions: number;
  maxOpenPositions: number;
  workingOrders: number;
}

/** Implemented by the portfolio/position service. */
export interface RiskSnapshotPort {
  snapshot(): Promise<RiskSnapshot> | RiskSnapshot;
}

export interface KiteSessionStatus {
  valid: boolean;
  userId: string | null;
  expiresAt: number | null;
  message: string | null;
}

export interface SessionPort {
  kiteSession(): KiteSessionStatus;
}

export interface ReconciliationStatus {
  clean: boolean;
  at: number | null;
  message: string | null;
}

export interface ReconciliationPort {
  lastStatus(): ReconciliationStatus;
}

export type RiskSeverity = 'INFO' | 'WARNING' | 'CRITICAL';

/** Publishes to the bus 'events' / 'risk' channels; fire-and-forget, never throws. */
export interface EventSink {
  event(type: string, message: string, data: Record<string, unknown>): void;
  risk(kind: string, severity: RiskSeverity, message: string, data: Record<string, unknown>): void;
}
