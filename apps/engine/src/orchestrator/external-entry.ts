import type { Instrument, OrderSide, Paise } from '@kavach/domain';

/** How an outside signal asks to be sized: a fixed quantity, a risk amount, or the risk config. */
export type EntrySizing =
  | { readonly kind: 'quantity'; readonly quantity: number }
  | { readonly kind: 'risk'; readonly riskAmount: Paise }
  | { readonly kind: 'config' };

/**
 * A signal from outside the built-in strategies (a TradingView webhook, POST
 * /live/execute-signal). It takes the same path as theirs: stored signal, risk gates, stored
 * decision, slippage check against the live price, bracket in the OCO manager.
 */
export interface ExternalEntry {
  readonly source: 'webhook' | 'execute-signal';
  /** Shown and stored as the signal's strategy, e.g. `tv:orb-15m`. */
  readonly strategy: string;
  readonly instrument: Instrument;
  readonly side: OrderSide;
  /** The price the signal asked for; slippage is measured against it. */
  readonly entry: Paise;
  readonly stop: Paise;
  /** TP1, and TP2 when given; none for a hedge (it stays until its main leg is out). */
  readonly targets: readonly [] | readonly [Paise] | readonly [Paise, Paise];
  readonly sizing: EntrySizing;
  /** When the signal reached the engine (epoch ms), for latency. */
  readonly receivedAt: number;
  readonly correlationId?: string;
  /** A hedge leg (role HEDGE): bought first, exited only after its main leg is out. */
  readonly hedge?: boolean;
  /** The entry goes as a MARKET order (with market protection) instead of a LIMIT. */
  readonly atMarket?: boolean;
  /** Anything worth keeping with the signal (the alert's own fields). */
  readonly features?: Readonly<Record<string, string | number | boolean | null>>;
}

export type ExternalEntryRefusal =
  | 'RISK_GATE'
  | 'SLIPPAGE'
  | 'NO_MARKET_PRICE'
  | 'OUTSIDE_ENTRY_WINDOW'
  | 'INVALID_SIGNAL'
  | 'NOT_OPENED';

export type ExternalEntryOutcome =
  | {
      readonly ok: true;
      readonly signalId: string;
      readonly decisionId: string;
      readonly groupId: string;
      readonly correlationId: string;
      readonly quantity: number;
      /** The entry's price as sent (the market's after a requote); null for a market order. */
      readonly sentPrice: Paise | null;
      readonly repriced: boolean;
    }
  | {
      readonly ok: false;
      readonly code: ExternalEntryRefusal;
      /** The risk gate's or the slippage check's typed reason, e.g. HEAT_LIMIT. */
      readonly reason: string;
      readonly message: string;
      readonly signalId: string | null;
      readonly decisionId: string | null;
      readonly correlationId: string;
    };

export interface ExitRequest {
  readonly strategy: string;
  readonly instrument: Instrument;
  readonly reason: string;
}

/** Where a bracket's entry stands, for a caller waiting on it (execute-signal). */
export interface EntryProgress {
  readonly groupId: string;
  /** ENTRY order status: PENDING, SUBMITTED, OPEN, FILLED, CANCELLED, REJECTED, ... */
  readonly status: string;
  readonly brokerOrderId: string | null;
  readonly filledQuantity: number;
  readonly averagePrice: Paise | null;
  readonly statusMessage: string | null;
}

/** What the webhook and execute-signal endpoints need from the engine. */
export interface SignalIntake {
  /** `EXCHANGE`, `TRADINGSYMBOL` as Kite writes them; undefined when not in the master. */
  readonly resolveInstrument: (exchange: string, tradingSymbol: string) => Instrument | undefined;
  readonly submitEntry: (entry: ExternalEntry) => Promise<ExternalEntryOutcome>;
  /** Flattens the strategy's open brackets on the instrument; how many there were. */
  readonly exitPositions: (request: ExitRequest) => Promise<{ readonly groups: number }>;
  /**
   * Resolves when the bracket's entry is filled in full or finished (rejected, cancelled), or
   * when the time is up, with where it stands then.
   */
  readonly awaitEntry: (groupId: string, timeoutMs: number) => Promise<EntryProgress>;
  /** Links a main bracket to its hedge after both exist (stored on both groups). */
  readonly linkHedge: (mainGroupId: string, hedgeGroupId: string) => Promise<void>;
  /** Exits one bracket now (a main leg whose hedge failed, a hedge whose main leg never came). */
  readonly flattenGroup: (groupId: string, reason: string) => Promise<void>;
  /** The last traded price and its age, subscribing the instrument when needed. */
  readonly livePrice: (
    instrument: Instrument,
    timeoutMs: number,
  ) => Promise<{ readonly price: Paise; readonly at: number } | null>;
  /** Every instrument in the master (for option-chain lookups). */
  readonly instruments: () => readonly Instrument[];
}
