import type { Paise } from '@kavach/domain';

export interface LastPrice {
  readonly price: Paise;
  /** When the engine received it (epoch ms, engine clock). */
  readonly at: number;
}

interface Waiter {
  readonly resolve: (price: LastPrice | null) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * The last traded price of every instrument the engine receives ticks for, and a way to wait
 * for the first one of an instrument just subscribed (an outside signal on an instrument
 * outside the universe).
 */
export function createPriceBook(options: { readonly subscribe: (token: number) => void }) {
  const prices = new Map<number, LastPrice>();
  const waiters = new Map<number, Set<Waiter>>();
  const subscribed = new Set<number>();

  function settle(token: number, price: LastPrice | null, waiter?: Waiter): void {
    const pending = waiters.get(token);
    if (pending === undefined) return;
    for (const w of waiter === undefined ? [...pending] : [waiter]) {
      clearTimeout(w.timer);
      pending.delete(w);
      w.resolve(price);
    }
    if (pending.size === 0) waiters.delete(token);
  }

  return {
    update(token: number, price: Paise, at: number): void {
      const last = { price, at };
      prices.set(token, last);
      settle(token, last);
    },
    latest(token: number): LastPrice | undefined {
      return prices.get(token);
    },
    /**
     * A price no older than `maxAgeMs` at `now`, waiting up to `timeoutMs` for a tick (and
     * subscribing the instrument once) when there is none; null when none came.
     */
    fresh(
      token: number,
      now: number,
      maxAgeMs: number,
      timeoutMs: number,
    ): Promise<LastPrice | null> {
      const last = prices.get(token);
      if (last !== undefined && now - last.at <= maxAgeMs) return Promise.resolve(last);
      if (!subscribed.has(token)) {
        subscribed.add(token);
        options.subscribe(token);
      }
      if (timeoutMs <= 0) return Promise.resolve(null);
      return new Promise((resolve) => {
        const waiter: Waiter = {
          resolve,
          timer: setTimeout(() => {
            settle(token, null, waiter);
          }, timeoutMs),
        };
        const set = waiters.get(token) ?? new Set<Waiter>();
        set.add(waiter);
        waiters.set(token, set);
      });
    },
    /** Instruments subscribed here (beyond the universe). */
    extraSubscriptions: (): readonly number[] => [...subscribed],
    stop(): void {
      for (const token of [...waiters.keys()]) settle(token, null);
    },
  };
}

export type PriceBook = ReturnType<typeof createPriceBook>;
