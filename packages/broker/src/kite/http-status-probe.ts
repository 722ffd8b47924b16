import { AsyncLocalStorage } from 'node:async_hooks';

interface InterceptorHandler {
  readonly fulfilled?: (value: unknown) => unknown;
  readonly rejected?: (error: unknown) => unknown;
  readonly synchronous?: boolean;
  readonly runWhen?: unknown;
}

interface InterceptorManager {
  readonly use: (
    fulfilled?: (value: unknown) => unknown,
    rejected?: (error: unknown) => unknown,
    options?: { synchronous?: boolean; runWhen?: unknown },
  ) => number;
  readonly clear: () => void;
  readonly forEach: (visit: (handler: InterceptorHandler) => void) => void;
}

function interceptorsOf(client: unknown): InterceptorManager | null {
  const instance = (client as { requestInstance?: { interceptors?: { response?: unknown } } })
    .requestInstance;
  const manager = instance?.interceptors?.response as Partial<InterceptorManager> | undefined;
  if (
    typeof manager?.use !== 'function' ||
    typeof manager.clear !== 'function' ||
    typeof manager.forEach !== 'function'
  ) {
    return null;
  }
  return manager as InterceptorManager;
}

function statusOf(value: unknown): number | null {
  const status = (value as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : null;
}

export interface HttpStatusProbe {
  /** Runs one client call and reports the HTTP status its answer had (null: none or unseen). */
  readonly run: <T>(call: () => Promise<T>) => Promise<{
    readonly outcome:
      { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };
    readonly httpStatus: number | null;
  }>;
}

/**
 * The kiteconnect client turns an error answer into Kite's JSON body alone, dropping the HTTP
 * status (429 and 503 both arrive as NetworkException). An axios response interceptor placed
 * ahead of the client's own sees the status first; AsyncLocalStorage ties it to the call that
 * made the request, however many run at once. If the client's internals ever change, the probe
 * reports null and classification falls back to Kite's error types and messages.
 */
export function installHttpStatusProbe(client: unknown): HttpStatusProbe {
  const store = new AsyncLocalStorage<{ httpStatus: number | null }>();
  const manager = interceptorsOf(client);
  if (manager !== null) {
    const existing: InterceptorHandler[] = [];
    manager.forEach((handler) => existing.push(handler));
    manager.clear();
    const record = (status: number | null): void => {
      const slot = store.getStore();
      if (slot !== undefined) slot.httpStatus = status;
    };
    manager.use(
      (response) => {
        record(statusOf(response));
        return response;
      },
      (error) => {
        record(statusOf((error as { response?: unknown } | null)?.response));
        // Rethrown untouched: the client's own handler turns it into Kite's error shape.
        throw error;
      },
    );
    for (const handler of existing) {
      manager.use(handler.fulfilled, handler.rejected, {
        ...(handler.synchronous === undefined ? {} : { synchronous: handler.synchronous }),
        ...(handler.runWhen === undefined ? {} : { runWhen: handler.runWhen }),
      });
    }
  }
  return {
    run: async (call) => {
      const slot: { httpStatus: number | null } = { httpStatus: null };
      return store.run(slot, async () => {
        try {
          const value = await call();
          return { outcome: { ok: true as const, value }, httpStatus: slot.httpStatus };
        } catch (error) {
          return { outcome: { ok: false as const, error }, httpStatus: slot.httpStatus };
        }
      });
    },
  };
}
