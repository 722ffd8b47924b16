import type { Paise } from '@kavach/domain';
import type { PricePath } from '../scenario/price-path';
import type { UniverseEntry } from '../universe/build-universe';
import type { Book } from './depth';
import type { Quote, SimInstrument } from './market-view';
import type { SeriesPricer } from './series-pricer';

/** The market's mutable state of one instrument. */
export interface Slot {
  readonly entry: UniverseEntry;
  readonly kind: UniverseEntry['kind'];
  readonly instrument: SimInstrument;
  /** 'NSE:INFY': how Kite keys quotes and scenarios name instruments. */
  readonly key: string;
  readonly tick: Paise;
  readonly lot: number;
  /** The index a derivative prices from; null for indices and stocks. */
  readonly underlying: Slot | null;
  /** Futures and options priced from this index. */
  readonly derivatives: Slot[];
  /** 0..1: how often it trades and how deep its book is. */
  readonly liquidity: number;
  readonly script: PricePath | null;
  /** Prices a future or option from its underlying; null for indices and stocks. */
  readonly pricer: SeriesPricer | null;
  previousClose: Paise;
  /** Model level of an index or stock, in paise (not rounded). */
  level: number;
  last: Paise;
  lastQuantity: number;
  lastTradeTime: number;
  updatedAt: number;
  open: Paise;
  high: Paise;
  low: Paise;
  /** Whether today's open is set; until then open, high and low follow the last price. */
  traded: boolean;
  volume: number;
  /** Σ price × quantity of today's trades, for the VWAP. */
  turnover: number;
  oi: number;
  oiHigh: number;
  oiLow: number;
  lower: Paise;
  upper: Paise;
  /** Bumped on every change; seeds the order book shown with that state. */
  version: number;
  quote: Quote | null;
  book: Book | null;
}

export function isDerivativeSlot(slot: Slot): boolean {
  return slot.kind === 'FUTURE' || slot.kind === 'OPTION';
}

/** A new last price (trade or control change): extends the day's range once trading began. */
export function markPrice(slot: Slot, price: Paise): void {
  slot.last = price;
  if (!slot.traded) {
    slot.open = slot.high = slot.low = price;
    return;
  }
  if (price > slot.high) slot.high = price;
  if (price < slot.low) slot.low = price;
}

/** Today's first trade (or index value) sets the open; the range starts afresh from it. */
export function startDay(slot: Slot, price: Paise): void {
  if (slot.traded) return;
  slot.traded = true;
  slot.open = slot.high = slot.low = price;
}

/** A trade: price, volume, VWAP turnover and, for F&O, open interest. */
export function recordTrade(
  slot: Slot,
  price: Paise,
  quantity: number,
  oiDraw: number,
  at: number,
): void {
  startDay(slot, price);
  markPrice(slot, price);
  slot.lastQuantity = quantity;
  slot.lastTradeTime = at;
  slot.volume += quantity;
  slot.turnover += price * quantity;
  if (isDerivativeSlot(slot)) {
    // Slightly more positions opened than closed: open interest builds through the day.
    const lots = Math.round((oiDraw - 0.45) * (quantity / slot.lot));
    slot.oi = Math.max(0, slot.oi + lots * slot.lot);
    if (slot.oi > slot.oiHigh) slot.oiHigh = slot.oi;
    if (slot.oi < slot.oiLow) slot.oiLow = slot.oi;
  }
}

/** Marks the slot changed at `at`: its cached quote and book are stale from now on. */
export function touchSlot(slot: Slot, at: number, changed: Set<Slot>): void {
  slot.version += 1;
  slot.quote = null;
  slot.book = null;
  slot.updatedAt = at;
  changed.add(slot);
}
