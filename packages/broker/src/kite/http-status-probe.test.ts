import { describe, expect, it } from 'vitest';
import { installHttpStatusProbe } from './http-status-probe';

interface Handler {
  fulfilled?: (value: unknown) => unknown;
  rejected?: (error: unknown) => unknown;
}

/** Just enough of an axios instance: response interceptors run in the order they were added. */
function createFakeClient() {
  let handlers: Handler[] = [];
  const manager = {
    use: (fulfilled?: Handler['fulfilled'], rejected?: Handler['rejected']) => {
      handlers.push({ fulfilled, rejected });
      return handlers.length - 1;
    },
    clear: () => {
      handlers = [];
    },
    forEach: (visit: (handler: Handler) => void) => {
      handlers.forEach(visit);
    },
  };
  // The kiteconnect client's own interceptor: an error becomes Kite's body alone.
  manager.use(
    (response) => (response as { data: unknown }).data,
    (error) => {
      // Kite's body, not an Error: what the real client rejects with.
      throw (error as { response: { data: unknown } }).response.data;
    },
  );
  const request = async (status: number, delayMs: number): Promise<unknown> => {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    let chain: Promise<unknown> =
      status < 400
        ? Promise.resolve({ status, data: { ok: status } })
        : Promise.reject(
            Object.assign(new Error('failed'), { response: { status, data: { error: status } } }),
          );
    for (const handler of handlers) chain = chain.then(handler.fulfilled, handler.rejected);
    return chain;
  };
  return { requestInstance: { interceptors: { response: manager } }, request };
}

describe('installHttpStatusProbe', () => {
  it('sees the status before the client’s own interceptor drops it, call by call', async () => {
    const client = createFakeClient();
    const probe = installHttpStatusProbe(client);
    const [slowError, fastOk] = await Promise.all([
      probe.run(() => client.request(429, 20)),
      probe.run(() => client.request(200, 1)),
    ]);
    expect(slowError).toEqual({ outcome: { ok: false, error: { error: 429 } }, httpStatus: 429 });
    expect(fastOk).toEqual({ outcome: { ok: true, value: { ok: 200 } }, httpStatus: 200 });
  });

  it('reports null when nothing answered or the client has no interceptors to join', async () => {
    const probe = installHttpStatusProbe({});
    const result = await probe.run(() => Promise.reject(new Error('ECONNRESET')));
    expect(result.httpStatus).toBeNull();
    expect(result.outcome.ok).toBe(false);
  });
});
