import type { Paise } from '@kavach/domain';
import { buildBook } from './depth';
import type { Book } from './depth';
import type { Slot } from './market-slot';
import { mixSeed } from './mix-seed';
import type { Quote } from './market-view';

const NO_BOOK: Book = { buy: [], sell: [], buyQuantity: 0, sellQuantity: 0 };

function bookOf(slot: Slot, seed: number): Book {
  if (slot.book !== null) return slot.book;
  if (slot.kind === 'INDEX') return NO_BOOK;
  slot.book = buildBook({
    seed: mixSeed(seed, slot.instrument.token, slot.version),
    last: slot.last,
    tick: slot.tick,
    lotSize: slot.lot,
    kind: slot.kind,
    liquidity: slot.liquidity,
    lowerCircuit: slot.lower,
    upperCircuit: slot.upper,
  });
  return slot.book;
}

/**
 * The slot as Kite would quote it, built once per change and then shared: readers get the
 * same immutable object until the instrument changes again.
 */
export function readQuote(slot: Slot, seed: number): Quote {
  if (slot.quote !== null) return slot.quote;
  const book = bookOf(slot, seed);
  slot.quote = {
    token: slot.instrument.token,
    lastPrice: slot.last,
    lastQuantity: slot.lastQuantity,
    // An index never trades; Kite stamps its value with the time it was computed.
    lastTradeTime: slot.kind === 'INDEX' ? slot.updatedAt : slot.lastTradeTime,
    averagePrice: (slot.volume > 0 ? Math.round(slot.turnover / slot.volume) : 0) as Paise,
    volume: slot.volume,
    buyQuantity: book.buyQuantity,
    sellQuantity: book.sellQuantity,
    open: slot.open,
    high: slot.high,
    low: slot.low,
    close: slot.previousClose,
    oi: slot.oi,
    oiDayHigh: slot.oiHigh,
    oiDayLow: slot.oiLow,
    lowerCircuit: slot.lower,
    upperCircuit: slot.upper,
    depth: { buy: book.buy, sell: book.sell },
    timestamp: slot.updatedAt,
  };
  return slot.quote;
}
