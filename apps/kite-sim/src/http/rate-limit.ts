import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** Kite's request-rate classes: quote 1/s, historical 3/s, order placement 10/s, others 10/s. */
export type RateClass = 'quote' | 'historical' | 'orders' | 'other';

export const KITE_RATE_LIMITS: Readonly<Record<RateClass, number>> = {
  quote: 1,
  historical: 3,
  orders: 10,
  other: 10,
};

const ORDER_WRITES = new Set(['POST', 'PUT', 'DELETE']);

/** The class a request counts against. Reading the order book is an ordinary request. */
export function classifyRequest(method: string, path: string): RateClass {
  if (path === '/quote' || path.startsWith('/quote/')) return 'quote';
  if (path.startsWith('/instruments/historical/')) return 'historical';
  if (
    (path === '/orders' || path.startsWith('/orders/')) &&
    ORDER_WRITES.has(method.toUpperCase())
  ) {
    return 'orders';
  }
  return 'other';
}

export interface RateLimiter {
  /** Counts one request for the account; false when it is over its class's limit this second. */
  readonly consume: (account: string, rateClass: RateClass) => Promise<boolean>;
}

export function createRateLimiter(
  limits: Readonly<Record<RateClass, number>> = KITE_RATE_LIMITS,
): RateLimiter {
  const limiters = Object.fromEntries(
    (Object.keys(limits) as RateClass[]).map((rateClass) => [
      rateClass,
      new RateLimiterMemory({ points: limits[rateClass], duration: 1, keyPrefix: rateClass }),
    ]),
  ) as Record<RateClass, RateLimiterMemory>;

  return {
    consume: async (account, rateClass) => {
      try {
        await limiters[rateClass].consume(account);
        return true;
      } catch (error) {
        // The library rejects with a RateLimiterRes when the points are spent; anything else is a bug.
        if (error instanceof RateLimiterRes) return false;
        throw error;
      }
    },
  };
}
