import { paise, roundToTick } from '@kavach/domain';
import type { OrderSide, Paise } from '@kavach/domain';

/** Entry, stop and two targets of one trade, all on the instrument's tick. */
export interface PriceLevels {
  readonly entry: Paise;
  readonly stop: Paise;
  readonly tp1: Paise;
  readonly tp2: Paise;
}

export interface PriceLevelsInput {
  readonly side: OrderSide;
  readonly entry: Paise;
  readonly stop: Paise;
  readonly tickSize: Paise;
  /** Target distances as multiples of the risk (entry to stop), at most two decimals. */
  readonly tp1R: number;
  readonly tp2R: number;
}

/** amount × bps / 10 000, floored or ceiled, exact in BigInt (amount × bps can pass 2^53). */
export function bpsOfAmount(amount: number, bps: number, rounding: 'floor' | 'ceil'): number {
  if (!Number.isSafeInteger(amount) || amount < 0 || !Number.isSafeInteger(bps) || bps < 0) {
    throw new RangeError(`bpsOfAmount needs non-negative integers, got ${amount}, ${bps}`);
  }
  const product = BigInt(amount) * BigInt(bps);
  const quotient = product / 10_000n;
  const exact = quotient * 10_000n === product;
  return Number(rounding === 'ceil' && !exact ? quotient + 1n : quotient);
}

/** Whether part / whole ≥ bps / 10 000, exactly (part, whole ≥ 0, whole > 0). */
export function isAtLeastBps(part: number, whole: number, bps: number): boolean {
  return BigInt(part) * 10_000n >= BigInt(whole) * BigInt(bps);
}

/** floor(risk × multiple) for a multiple with at most two decimals, exact in BigInt. */
function scaleRisk(risk: number, multiple: number): number {
  const hundredths = Math.round(multiple * 100);
  if (hundredths <= 0 || Math.abs(multiple * 100 - hundredths) > 1e-6) {
    throw new RangeError(`R multiple must be positive with at most two decimals, got ${multiple}`);
  }
  return Number((BigInt(risk) * BigInt(hundredths)) / 100n);
}

/**
 * Rounds a plan onto the tick grid the conservative way and derives the targets, or returns
 * null when no valid plan exists (stop on the wrong side, risk under one tick, a target at or
 * below zero). A BUY's entry rounds up and a SELL's down (never assume a better fill); stops
 * round toward the entry, so the loss to stop never exceeds the one planned; target distances
 * round toward the entry too, then keep at least a tick between entry, TP1 and TP2.
 */
export function buildPriceLevels(input: PriceLevelsInput): PriceLevels | null {
  const { side, tickSize: tick } = input;
  const long = side === 'BUY';
  const entry = roundToTick(input.entry, tick, long ? 'up' : 'down');
  const stop = roundToTick(input.stop, tick, long ? 'up' : 'down');
  const risk = long ? entry - stop : stop - entry;
  if (risk < tick || stop <= 0) return null;
  const offset1 = Math.max(tick, Math.floor(scaleRisk(risk, input.tp1R) / tick) * tick);
  const offset2 = Math.max(offset1 + tick, Math.floor(scaleRisk(risk, input.tp2R) / tick) * tick);
  const direction = long ? 1 : -1;
  const tp1 = entry + direction * offset1;
  const tp2 = entry + direction * offset2;
  if (tp2 <= 0 || !Number.isSafeInteger(tp2)) return null;
  return { entry, stop, tp1: paise(tp1), tp2: paise(tp2) };
}
