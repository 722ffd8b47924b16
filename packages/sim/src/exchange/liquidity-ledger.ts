import type { OrderSide, Paise } from '@kavach/domain';
import type { Quote } from '../market/market-view';

/**
 * How much of each displayed depth level our own orders have already taken. The market view
 * is read-only and knows nothing of our fills, so without this an order could fill against
 * the same displayed quantity again and again. Only a new quote snapshot brings fresh
 * liquidity: being told "the market moved" while the quote is unchanged does not.
 */
export interface LiquidityLedger {
  /** Quantity already taken at a level of the quote's snapshot. */
  readonly taken: (quote: Quote, bookSide: OrderSide, price: Paise) => number;
  readonly take: (quote: Quote, bookSide: OrderSide, price: Paise, quantity: number) => void;
  /** What has been taken, per instrument, as plain data (for a snapshot). */
  readonly entries: () => readonly LiquidityTaken[];
  readonly clear: () => void;
}

/** Quantity taken from one instrument's quote snapshot, by 'SIDE:price' level. */
export interface LiquidityTaken {
  readonly token: number;
  readonly snapshot: string;
  readonly taken: readonly (readonly [level: string, quantity: number])[];
}

interface TokenLedger {
  readonly snapshot: string;
  readonly taken: Map<string, number>;
}

/** A quote's identity: a tick changes at least one of these. */
function snapshotOf(quote: Quote): string {
  return `${quote.timestamp}:${quote.lastPrice}:${quote.volume}:${quote.lastTradeTime}`;
}

function levelKey(bookSide: OrderSide, price: Paise): string {
  return `${bookSide}:${price}`;
}

export function createLiquidityLedger(from: readonly LiquidityTaken[] = []): LiquidityLedger {
  const ledgers = new Map<number, TokenLedger>(
    from.map((entry) => [entry.token, { snapshot: entry.snapshot, taken: new Map(entry.taken) }]),
  );

  function current(quote: Quote): TokenLedger {
    const snapshot = snapshotOf(quote);
    const ledger = ledgers.get(quote.token);
    if (ledger?.snapshot === snapshot) return ledger;
    const fresh: TokenLedger = { snapshot, taken: new Map() };
    ledgers.set(quote.token, fresh);
    return fresh;
  }

  return {
    taken: (quote, bookSide, price) => current(quote).taken.get(levelKey(bookSide, price)) ?? 0,
    take: (quote, bookSide, price, quantity) => {
      const ledger = current(quote);
      const key = levelKey(bookSide, price);
      ledger.taken.set(key, (ledger.taken.get(key) ?? 0) + quantity);
    },
    entries: () =>
      [...ledgers].map(([token, ledger]) => ({
        token,
        snapshot: ledger.snapshot,
        taken: [...ledger.taken],
      })),
    clear: () => {
      ledgers.clear();
    },
  };
}
