import type { BracketOpening } from '@kavach/db';
import type {
  Instrument,
  LegRole,
  OcoGroup,
  OrderSide,
  OrderState,
  OrderType,
  Paise,
  Product,
  TargetPlan,
} from '@kavach/domain';
import type { OrderVenue } from '../venue/order-venues';

/** One broker order the engine placed, with everything needed to send, match and show it. */
export interface TrackedOrder {
  /** The order row's id. */
  readonly rowId: string;
  readonly clientOrderId: string;
  readonly legId: string;
  readonly groupId: string;
  readonly role: LegRole;
  readonly instrument: Instrument;
  readonly side: OrderSide;
  /** Changes once: a stop turned into the market exit while getting out. */
  orderType: OrderType;
  readonly product: Product;
  price: Paise | null;
  triggerPrice: Paise | null;
  readonly correlationId: string;
  readonly decisionId: string | null;
  brokerOrderId: string | null;
  state: OrderState;
  modifications: number;
  /** Epoch ms of the place request (for latency) and of the answer. */
  sentAt: number | null;
  answeredAt: number | null;
  /** A modify or cancel waiting for the broker's order id (the place answer is late). */
  deferred: (() => Promise<void>)[];
  /** The last broker request sent for this order, answered or not: the next one waits for it. */
  requests: Promise<void>;
}

/** One bracket: the domain group plus what the engine keeps beside it. */
export interface ManagedGroup {
  readonly id: string;
  /** Where its orders go, for life. */
  readonly venue: OrderVenue;
  readonly instrument: Instrument;
  readonly instrumentId: string;
  readonly strategy: string | null;
  readonly decisionId: string | null;
  readonly correlationId: string;
  /** Price the signal asked for, for slippage. */
  readonly signalPrice: Paise | null;
  readonly openedAt: number;
  group: OcoGroup;
  /** domain legId → client order id */
  readonly legs: Map<string, string>;
}

export interface BracketRequest {
  readonly groupId: string;
  readonly decisionId: string | null;
  readonly correlationId: string;
  readonly strategy: string | null;
  readonly instrument: Instrument;
  /** The Instrument row's id. */
  readonly instrumentId: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly entry: {
    readonly orderType: OrderType;
    readonly price: Paise | null;
    readonly triggerPrice: Paise | null;
  };
  readonly stop: {
    readonly orderType: 'SL' | 'SL-M';
    readonly price: Paise | null;
    readonly triggerPrice: Paise;
  };
  readonly targets: readonly TargetPlan[];
  readonly signalPrice: Paise | null;
  /**
   * The signal and decision rows behind the bracket, not yet written: they commit with the
   * group and the entry's write-ahead row, in one round trip.
   */
  readonly records?: Omit<BracketOpening, 'group' | 'order'>;
  /** Called once the rows are committed and the entry has gone out (before any answer). */
  readonly onRecorded?: () => void;
}

export interface RiskRaised {
  readonly id: string;
  readonly kind: string;
  readonly severity: 'INFO' | 'WARNING' | 'CRITICAL';
  readonly message: string;
  readonly groupId: string | null;
  readonly clientOrderId: string | null;
  readonly token: number | null;
  readonly correlationId: string | null;
  readonly at: number;
}

export interface FillApplied {
  readonly order: TrackedOrder;
  readonly group: ManagedGroup;
  readonly quantity: number;
  /** The fill's price when known, else the order's average. */
  readonly price: Paise;
  readonly at: number;
}

/** What the manager tells the rest of the engine; every method must return quickly. */
export interface OcoObserver {
  readonly orderChanged: (order: TrackedOrder) => void;
  readonly riskRaised: (risk: RiskRaised) => void;
  readonly filled: (fill: FillApplied) => void;
  readonly groupChanged: (group: ManagedGroup) => void;
  /** A protective order (stop or target) was sent after an entry fill: for latency. */
  readonly protectionSent: (order: TrackedOrder, afterFillMs: number) => void;
}
