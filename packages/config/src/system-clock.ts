import type { Clock } from '@kavach/domain';

/**
 * The machine clock, for live trading. It lives here, at the process edge, because the domain
 * never reads time itself: it is handed a Clock.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
};
