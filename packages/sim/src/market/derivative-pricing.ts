import type { Paise } from '@kavach/domain';
import type { Slot } from './market-slot';
import { intrinsicValue } from './option-pricing';
import { nearestTick, tickAtOrAbove, tickAtOrBelow } from './tick-math';

/**
 * Exchange-like price bands, kept simple: a stock's band is fixed for the day at ±circuit %
 * of its previous close. F&O bands start at the futures price ±10 % (options: the option's
 * value after a ±10 % move of the index) and are relaxed whenever the price reaches them,
 * as NSE flexes F&O bands during the day: futures in steps of 5 % of the base price, options
 * by recomputing the ±10 % values around the current index. Indices have no band.
 */
export const FO_BAND = 0.1;
const FO_FLEX = 0.05;
/** setPrice on a derivative moves its index at most this far: NSE halts the market at 20 %. */
export const MAX_SOLVED_MOVE = 0.2;

export function optionFair(slot: Slot, spot: number, at: number): number {
  const entry = slot.entry;
  if (entry.kind !== 'OPTION' || slot.pricer === null) return 0;
  return slot.pricer.option(entry.optionType, entry.strike, spot, at);
}

/** The price a derivative trades at for an underlying level: on tick, never below intrinsic. */
export function derivativePrice(slot: Slot, spot: number, at: number): Paise {
  const { entry, underlying, pricer } = slot;
  if (underlying === null || pricer === null) return slot.last;
  if (entry.kind === 'FUTURE') return nearestTick(pricer.forward(spot, at), slot.tick);
  if (entry.kind !== 'OPTION') return slot.last;
  // Intrinsic value against the index as quoted, so a client checking it sees it hold.
  const quotedSpot = nearestTick(spot, underlying.tick);
  const intrinsic = intrinsicValue(entry.optionType, quotedSpot, entry.strike);
  const floor = Math.max(slot.tick, tickAtOrAbove(intrinsic, slot.tick));
  const fair = pricer.option(entry.optionType, entry.strike, spot, at);
  return Math.max(floor, nearestTick(fair, slot.tick)) as Paise;
}

export function stockBand(previousClose: Paise, percent: number, tick: Paise): [Paise, Paise] {
  const lower = Math.ceil((previousClose * (100 - percent)) / (100 * tick)) * tick;
  const upper = Math.floor((previousClose * (100 + percent)) / (100 * tick)) * tick;
  return [lower as Paise, upper as Paise];
}

export function futureBand(previousClose: Paise, tick: Paise): [Paise, Paise] {
  return [
    tickAtOrAbove(previousClose * (1 - FO_BAND), tick),
    tickAtOrBelow(previousClose * (1 + FO_BAND), tick),
  ];
}

/** An option's band: its values if the underlying moved ±10 % from `spot`. */
export function optionBand(slot: Slot, spot: number, at: number): [Paise, Paise] {
  const down = optionFair(slot, spot * (1 - FO_BAND), at);
  const up = optionFair(slot, spot * (1 + FO_BAND), at);
  return [
    Math.max(slot.tick, tickAtOrBelow(Math.min(down, up), slot.tick)) as Paise,
    tickAtOrAbove(Math.max(down, up), slot.tick),
  ];
}

/** Relaxes a derivative's band until it holds the price. */
export function flexBand(slot: Slot, price: Paise, at: number): void {
  if (price >= slot.lower && price <= slot.upper) return;
  if (slot.kind === 'OPTION' && slot.underlying !== null) {
    const [lower, upper] = optionBand(slot, slot.underlying.level, at);
    slot.lower = Math.min(slot.lower, lower, price) as Paise;
    slot.upper = Math.max(slot.upper, upper, price) as Paise;
    return;
  }
  const flex = Math.max(slot.tick, tickAtOrBelow(slot.previousClose * FO_FLEX, slot.tick));
  while (price > slot.upper) slot.upper = (slot.upper + flex) as Paise;
  while (price < slot.lower) slot.lower = Math.max(slot.tick, slot.lower - flex) as Paise;
}

/**
 * The underlying level at which a future or option trades at `price` at `at`: exact for a
 * future, by bisection for an option (its value is monotone in the index). Throws when no
 * level within ±20 % gives that price.
 */
export function solveUnderlying(slot: Slot, price: Paise, at: number): number {
  const { underlying, pricer, entry } = slot;
  if (underlying === null || pricer === null) return slot.level;
  if (entry.kind === 'FUTURE') {
    return (price * underlying.level) / pricer.forward(underlying.level, at);
  }
  const rising = entry.kind === 'OPTION' && entry.optionType === 'CE';
  let lo = underlying.level * (1 - MAX_SOLVED_MOVE);
  let hi = underlying.level * (1 + MAX_SOLVED_MOVE);
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (optionFair(slot, mid, at) < price === rising) lo = mid;
    else hi = mid;
  }
  const level = (lo + hi) / 2;
  if (derivativePrice(slot, level, at) !== price) {
    throw new RangeError(
      `${slot.key}: ${price / 100} is not reachable by moving ` +
        `${underlying.instrument.tradingSymbol} within ±${MAX_SOLVED_MOVE * 100} %`,
    );
  }
  return level;
}
