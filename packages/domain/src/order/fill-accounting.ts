import type { Paise } from '../money/paise';
import { paise } from '../money/paise';

/**
 * The id of a fill inferred from a cumulative report: one per (order, cumulative quantity), so
 * the same report arriving from the ticker, a postback and a poll is counted once.
 */
export function deriveFillId(orderId: string, cumulativeFilledQuantity: number): string {
  return `${orderId}~cum~${cumulativeFilledQuantity}`;
}

export interface EffectiveFill {
  readonly filledQuantity: number;
  readonly averageFillPrice: Paise | null;
}

/**
 * Trades and cumulative reports describe the same executions, so the larger one wins; its own
 * average is exact for it (trades: value ÷ quantity, reports: the broker's average).
 */
export function computeEffectiveFill(
  tradedQuantity: number,
  tradedValue: Paise,
  reportedFilledQuantity: number,
  reportedAveragePrice: Paise | null,
): EffectiveFill {
  if (reportedFilledQuantity === 0 && tradedQuantity === 0) {
    return { filledQuantity: 0, averageFillPrice: null };
  }
  if (reportedFilledQuantity >= tradedQuantity) {
    return { filledQuantity: reportedFilledQuantity, averageFillPrice: reportedAveragePrice };
  }
  return {
    filledQuantity: tradedQuantity,
    averageFillPrice: paise(Math.round(tradedValue / tradedQuantity)),
  };
}

/**
 * The price of the quantity a report adds: what the broker's new average implies beyond the
 * fills we already knew. Null when either average is unknown or the implied price is absurd
 * (rounded averages over tiny increments can imply a price ≤ 0).
 */
export function inferIncrementPrice(
  knownQuantity: number,
  knownAverage: Paise | null,
  newQuantity: number,
  newAverage: Paise | null,
): Paise | null {
  if (newAverage === null || newQuantity <= knownQuantity) return null;
  if (knownQuantity === 0) return newAverage;
  if (knownAverage === null) return null;
  const implied =
    (newAverage * newQuantity - knownAverage * knownQuantity) / (newQuantity - knownQuantity);
  const rounded = Math.round(implied);
  return Number.isSafeInteger(rounded) && rounded > 0 ? paise(rounded) : null;
}
