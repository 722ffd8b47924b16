import type { UniverseEntry } from '../universe/build-universe';
import type { Slot } from './market-slot';

/**
 * How much simulated trading happens, in plausible NSE magnitudes rather than a calibration:
 * a liquid instrument trades on about half of its seconds at midday and more at the open and
 * close; stock trades are worth about ₹1.5 lakh, futures trades a few lots, near-the-money
 * option trades about fifteen lots, far strikes and later expiries less.
 */

/** Chance per second that a fully liquid instrument trades without its price changing. */
export const BASE_TRADE_RATE = 0.45;
const STOCK_TRADE_PAISE = 1_50_000_00;
const FUTURE_TRADE_LOTS = 4;
const OPTION_TRADE_LOTS = 15;

/** 0..1: 1 for stocks, indices and the near future; options fade away from the money. */
export function liquidityOf(entry: UniverseEntry, underlyingClose: number, rank: number): number {
  switch (entry.kind) {
    case 'INDEX':
    case 'STOCK':
      return 1;
    case 'FUTURE':
      return rank === 0 ? 1 : 0.3;
    case 'OPTION': {
      const distance = Math.abs(Math.log(entry.strike / underlyingClose));
      return Math.exp(-distance / 0.02) * (entry.seriesRank === 0 ? 1 : 0.5);
    }
  }
}

/**
 * Open interest at the start of the day, in whole lots: largest in the near future and at
 * the money, built up mostly in out-of-the-money strikes (option writers' side).
 */
export function initialOpenInterest(
  entry: UniverseEntry,
  underlyingClose: number,
  rank: number,
  draw: number,
): number {
  if (entry.kind === 'FUTURE') {
    const lots = entry.spec.atmOpenInterestLots * (rank === 0 ? 1.5 : 0.2);
    return Math.round(lots * (0.8 + 0.4 * draw)) * entry.spec.lotSize;
  }
  if (entry.kind !== 'OPTION') return 0;
  const steps = Math.abs(entry.strike - underlyingClose) / entry.spec.strikeStep;
  const outOfTheMoney =
    entry.optionType === 'CE' ? entry.strike >= underlyingClose : entry.strike <= underlyingClose;
  const weight =
    Math.exp(-steps / 6) * (outOfTheMoney ? 1 : 0.35) * (entry.seriesRank === 0 ? 1 : 0.4);
  const lots = entry.spec.atmOpenInterestLots * weight * (0.75 + 0.5 * draw);
  return Math.round(lots) * entry.spec.lotSize;
}

/** Size of one trade: exponential around the typical size, larger when the market is busy. */
export function tradeQuantity(slot: Slot, draw: number, activity: number): number {
  const size = -Math.log(1 - draw) * Math.sqrt(activity);
  if (slot.kind === 'STOCK') {
    return 1 + Math.floor(size * Math.max(1, STOCK_TRADE_PAISE / slot.last));
  }
  const meanLots =
    slot.kind === 'FUTURE' ? FUTURE_TRADE_LOTS : 1 + OPTION_TRADE_LOTS * slot.liquidity;
  return (1 + Math.floor(size * meanLots)) * slot.lot;
}
