import { KiteConnect } from 'kiteconnect';
import type { Connect } from 'kiteconnect';
import type { BrokerResult } from '../broker';
import { classifyKiteError, isKiteErrorPayload } from './classify-kite-error';
import type { KiteOperation } from './classify-kite-error';
import { installHttpStatusProbe } from './http-status-probe';
import type { MapResult } from './map-result';
import type { KiteRateClass, KiteRateLimiter } from './rate-limits';

export interface KiteRestOptions {
  readonly apiKey: string;
  readonly accessToken: string;
  /** Kite's REST root; default https://api.kite.trade. */
  readonly root?: string;
  readonly requestTimeoutMs: number;
  readonly limiter: KiteRateLimiter;
}

export interface KiteCallSpec {
  readonly rateClass: KiteRateClass;
  /** Writes whose outcome is unknown when no clear answer came back are AMBIGUOUS. */
  readonly operation: KiteOperation;
}

export interface KiteRest {
  /**
   * One client call: waits for a rate-limit slot, then answers with the mapped value or the
   * classified failure. Never throws for anything the venue or the network does.
   */
  readonly call: <T>(
    spec: KiteCallSpec,
    invoke: (client: Connect) => Promise<unknown>,
    map: (raw: unknown) => MapResult<T>,
  ) => Promise<BrokerResult<T>>;
  readonly setAccessToken: (accessToken: string) => void;
}

export function createKiteRest(options: KiteRestOptions): KiteRest {
  const client = new KiteConnect({
    api_key: options.apiKey,
    access_token: options.accessToken,
    timeout: options.requestTimeoutMs,
    ...(options.root === undefined ? {} : { root: options.root }),
  });
  const probe = installHttpStatusProbe(client);
  return {
    call: async (spec, invoke, map) => {
      const release = await options.limiter.acquire(spec.rateClass);
      const { outcome, httpStatus } = await probe.run(() => invoke(client)).finally(release);
      const context = { operation: spec.operation, httpStatus };
      if (!outcome.ok) return { ok: false, error: classifyKiteError(outcome.error, context) };
      if (isKiteErrorPayload(outcome.value)) {
        return { ok: false, error: classifyKiteError(outcome.value, context) };
      }
      const mapped = map(outcome.value);
      if (mapped.ok) return { ok: true, value: mapped.value };
      return {
        ok: false,
        error: {
          kind: spec.operation === 'READ' ? 'RETRYABLE' : 'AMBIGUOUS',
          code: 'UNPARSEABLE',
          message: mapped.message,
          httpStatus,
        },
      };
    },
    setAccessToken: (accessToken) => {
      client.setAccessToken(accessToken);
    },
  };
}
