import type { Logger } from 'pino';
import type { KiteWire } from '../trading/trading-port';

export interface PostbackSender {
  readonly setUrl: (url: string | null) => void;
  readonly url: () => string | null;
  /** Fire and forget, as Kite does: a slow or failing receiver never holds the simulator up. */
  readonly send: (payload: KiteWire) => void;
  /** Waits for postbacks still in flight (for a clean stop and for tests). */
  readonly flush: () => Promise<void>;
}

export function createPostbackSender(options: {
  readonly url: string | null;
  readonly logger: Logger;
  readonly timeoutMs?: number;
}): PostbackSender {
  let url = options.url;
  const inFlight = new Set<Promise<void>>();
  const timeoutMs = options.timeoutMs ?? 5_000;

  const post = async (target: string, payload: KiteWire): Promise<void> => {
    try {
      const response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok)
        options.logger.warn({ url: target, status: response.status }, 'postback refused');
      await response.body?.cancel();
    } catch (error) {
      options.logger.warn({ url: target, err: error }, 'postback failed');
    }
  };

  return {
    setUrl: (next) => {
      url = next;
    },
    url: () => url,
    send: (payload) => {
      if (url === null) return;
      const pending = post(url, payload).finally(() => inFlight.delete(pending));
      inFlight.add(pending);
    },
    flush: async () => {
      await Promise.all([...inFlight]);
    },
  };
}
