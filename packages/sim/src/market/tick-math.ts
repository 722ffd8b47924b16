import type { Paise } from '@kavach/domain';

/**
 * Rounding of model values (floats, in paise) onto an instrument's tick grid. The domain's
 * roundToTick takes whole paise; these take any finite number and are used on hot paths.
 */

export function nearestTick(value: number, tick: Paise): Paise {
  return (Math.round(value / tick) * tick) as Paise;
}

export function tickAtOrBelow(value: number, tick: Paise): Paise {
  return (Math.floor(value / tick) * tick) as Paise;
}

export function tickAtOrAbove(value: number, tick: Paise): Paise {
  return (Math.ceil(value / tick) * tick) as Paise;
}
