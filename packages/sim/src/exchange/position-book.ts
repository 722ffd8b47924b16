import { applyPositionFill, FLAT_POSITION } from '@kavach/domain';
import type { Exchange, NetPosition, Product } from '@kavach/domain';
import type { TradeRecord } from './order-record';

/** Today's trading in one instrument under one product: Kite's position key. */
export interface PositionEntry {
  readonly instrumentToken: number;
  readonly exchange: Exchange;
  readonly tradingSymbol: string;
  readonly product: Product;
  /** Buy/sell totals and average-cost P&L, from the domain's position arithmetic. */
  readonly position: NetPosition;
}

export interface PositionBook {
  readonly apply: (trade: TradeRecord) => void;
  readonly entries: () => readonly PositionEntry[];
  readonly find: (token: number, product: Product) => PositionEntry | undefined;
  /** Replaces (or adds) the entry under its instrument and product: position conversion. */
  readonly put: (entry: PositionEntry) => void;
  readonly remove: (token: number, product: Product) => void;
  readonly clear: () => void;
}

function keyOf(token: number, product: Product): string {
  return `${token}:${product}`;
}

/** Positions built from trades in the order they happened, keyed as Kite keys them. */
export function createPositionBook(): PositionBook {
  const entries = new Map<string, PositionEntry>();
  return {
    apply: (trade) => {
      const key = keyOf(trade.instrumentToken, trade.product);
      const entry = entries.get(key) ?? {
        instrumentToken: trade.instrumentToken,
        exchange: trade.exchange,
        tradingSymbol: trade.tradingSymbol,
        product: trade.product,
        position: FLAT_POSITION,
      };
      const position = applyPositionFill(entry.position, {
        side: trade.transactionType,
        price: trade.price,
        quantity: trade.quantity,
      });
      entries.set(key, { ...entry, position });
    },
    entries: () => [...entries.values()],
    find: (token, product) => entries.get(keyOf(token, product)),
    put: (entry) => {
      entries.set(keyOf(entry.instrumentToken, entry.product), entry);
    },
    remove: (token, product) => {
      entries.delete(keyOf(token, product));
    },
    clear: () => {
      entries.clear();
    },
  };
}
