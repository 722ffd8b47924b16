import type { Paise } from '@kavach/domain';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { DepthLevel } from './market-view';

export const DEPTH_LEVELS = 5;

export interface DepthInputs {
  readonly seed: number;
  readonly last: Paise;
  readonly tick: Paise;
  /** Quantities are whole multiples of this (1 for stocks, the lot size for F&O). */
  readonly lotSize: number;
  readonly kind: 'STOCK' | 'FUTURE' | 'OPTION';
  /** 0..1: how deep and tight the book is (1 for the most traded contracts). */
  readonly liquidity: number;
  /** Orders outside the day's price band cannot rest in the book. */
  readonly lowerCircuit: Paise;
  readonly upperCircuit: Paise;
}

export interface Book {
  readonly buy: readonly DepthLevel[];
  readonly sell: readonly DepthLevel[];
  /** Total quantity resting on each side, beyond the five levels shown. */
  readonly buyQuantity: number;
  readonly sellQuantity: number;
}

/** Rupee value of one stock order book unit: quantities look like what NSE books show. */
const STOCK_UNIT_PAISE = 2_00_000_00;

/**
 * A plausible five-level book around the last price, on the tick grid, best first: the last
 * trade happened at the best bid or the best ask, the spread is one to a few ticks (wider for
 * thin option strikes), levels sit one or more ticks apart (more for high-priced contracts),
 * F&O quantities are whole lots, and no level lies outside the price band or below one tick.
 * The book is a pure function of its inputs; the seed makes it vary from version to version.
 */
export function buildBook(inputs: DepthInputs): Book {
  const { last, tick, lotSize, kind, liquidity, lowerCircuit, upperCircuit } = inputs;
  const rng = xoroshiro128plus(inputs.seed);
  // 32 random bits per draw are plenty for sizes and coin flips, at one generator call each.
  const draw = (): number => (rng.next() >>> 0) * 2 ** -32;
  const pick = (below: number): number => Math.floor(draw() * below);

  const unit = kind === 'STOCK' ? Math.max(1, Math.round(STOCK_UNIT_PAISE / last)) : lotSize;
  const maxUnits =
    kind === 'STOCK' ? 12 : kind === 'FUTURE' ? 40 : Math.max(4, Math.round(80 * liquidity));
  const extraSpread = kind === 'OPTION' ? Math.round((1 - liquidity) * 4) : tick === 1 ? 2 : 1;
  const spreadTicks = 1 + pick(extraSpread + 1);
  const maxGap = Math.min(10, Math.max(1, Math.round((last * 0.000_01) / tick)));
  const floor = Math.max(tick, lowerCircuit);

  const lastAtBid = draw() < 0.5 || last - spreadTicks * tick < floor;
  let bid = lastAtBid ? last : last - spreadTicks * tick;
  let ask = lastAtBid ? last + spreadTicks * tick : last;

  const level = (price: number): DepthLevel => {
    const quantity = unit * (1 + pick(maxUnits));
    const maxOrders = Math.max(1, Math.min(25, Math.floor(quantity / lotSize)));
    return { price: price as Paise, quantity, orders: 1 + pick(maxOrders) };
  };

  const buy: DepthLevel[] = [];
  const sell: DepthLevel[] = [];
  for (let i = 0; i < DEPTH_LEVELS; i++) {
    if (bid >= floor && bid <= upperCircuit) buy.push(level(bid));
    if (ask <= upperCircuit && ask >= floor) sell.push(level(ask));
    bid -= (1 + pick(maxGap)) * tick;
    ask += (1 + pick(maxGap)) * tick;
  }
  const total = (levels: readonly DepthLevel[]): number =>
    levels.reduce((sum, l) => sum + l.quantity, 0) * (3 + pick(8));
  return { buy, sell, buyQuantity: total(buy), sellQuantity: total(sell) };
}
