/**
 * Runs tasks one at a time per key, in the order they were queued: every change to one OCO
 * group (a broker report, a command, a flatten) sees the group as the previous one left it.
 * A failed task does not block the ones behind it.
 */
export interface KeyedQueue {
  readonly run: <T>(key: string, task: () => Promise<T>) => Promise<T>;
  /** Resolves once everything queued so far (for every key) has finished. */
  readonly idle: () => Promise<void>;
}

export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run: <T>(key: string, task: () => Promise<T>): Promise<T> => {
      const previous = tails.get(key) ?? Promise.resolve();
      const next = previous.then(task, task);
      const tail = next.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return next;
    },
    idle: async () => {
      while (tails.size > 0) await Promise.all([...tails.values()]);
    },
  };
}
