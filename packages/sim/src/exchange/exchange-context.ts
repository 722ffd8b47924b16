import type { Clock, Paise } from '@kavach/domain';
import type { MarketView } from '../market/market-view';
import type { ExchangeConfig } from './exchange-config';
import type { FaultQueue } from './fault-injection';
import type { LiquidityLedger } from './liquidity-ledger';
import type { MarketSession } from './market-session';
import type { IdSequence } from './order-ids';
import type { OrderUpdateHub } from './order-events';
import type { OrderStore } from './order-store';
import type { PositionBook } from './position-book';

/** Everything the exchange's operations share; built once by createExchange. */
export interface ExchangeContext {
  readonly market: MarketView;
  readonly clock: Clock;
  readonly config: ExchangeConfig;
  readonly userId: string;
  readonly store: OrderStore;
  readonly positions: PositionBook;
  readonly ledger: LiquidityLedger;
  readonly ids: IdSequence;
  readonly hub: OrderUpdateHub;
  readonly session: MarketSession;
  readonly faults: FaultQueue;
  /** Mutable account state: funds can be reset, the sequence orders placement. */
  readonly account: { funds: Paise; sequence: number };
  /** Square-offs already run, as 'YYYY-MM-DD:segment'. */
  readonly squaredOff: Set<string>;
}
