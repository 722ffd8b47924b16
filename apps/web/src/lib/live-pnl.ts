import type { TickMessage } from '@kavach/bus';

export interface OpenPosition {
  readonly token: number;
  readonly netQuantity: number;
  readonly averagePrice: number | null;
  readonly lastPrice: number | null;
  readonly unrealisedPnl: number;
}

/** The latest price known for a position: a live tick beats the engine's last write. */
export function livePrice(
  position: OpenPosition,
  ticks: ReadonlyMap<number, TickMessage>,
): number | null {
  return ticks.get(position.token)?.lastPrice ?? position.lastPrice;
}

/** Unrealised P&L in paise at the live price; the engine's figure when no price is known. */
export function liveUnrealised(
  position: OpenPosition,
  ticks: ReadonlyMap<number, TickMessage>,
): number {
  const price = livePrice(position, ticks);
  if (price === null || position.averagePrice === null) return position.unrealisedPnl;
  return Math.round((price - position.averagePrice) * position.netQuantity);
}
