export type EngineAnswer<T = Record<string, unknown>> =
  | { readonly ok: true; readonly status: number; readonly body: T }
  | {
      readonly ok: false;
      readonly status: number;
      readonly code: string;
      readonly message: string;
      readonly body: unknown;
    };

export interface EngineClient {
  readonly get: <T = Record<string, unknown>>(path: string) => Promise<EngineAnswer<T>>;
  /** A control action, labelled with who asked for the engine's audit log. */
  readonly send: <T = Record<string, unknown>>(
    method: 'POST' | 'PUT',
    path: string,
    body: unknown,
    actor: string,
  ) => Promise<EngineAnswer<T>>;
}

export interface EngineClientOptions {
  readonly url: string;
  /** The engine API's bearer token: held by this server, never sent to a browser. */
  readonly token: string;
  readonly timeoutMs?: number;
}

/** The engine's HTTP API, called server-side only. */
export function createEngineClient(options: EngineClientOptions): EngineClient {
  const base = options.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function call<T>(
    method: string,
    path: string,
    body: unknown,
    actor: string | null,
  ): Promise<EngineAnswer<T>> {
    const headers: Record<string, string> = { authorization: `Bearer ${options.token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (actor !== null) headers['x-kavach-actor'] = actor;
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        status: 503,
        code: 'ENGINE_UNREACHABLE',
        message: `the engine did not answer (${reason})`,
        body: null,
      };
    }
    const parsed: unknown = await response.json().catch(() => null);
    if (response.ok) return { ok: true, status: response.status, body: parsed as T };
    const error = readError(parsed);
    return {
      ok: false,
      status: response.status,
      code: error?.code ?? `HTTP_${response.status}`,
      message: error?.message ?? `the engine answered ${response.status}`,
      body: parsed,
    };
  }

  return {
    get: (path) => call('GET', path, undefined, null),
    send: (method, path, body, actor) => call(method, path, body, actor),
  };
}

function readError(body: unknown): { code: string; message: string } | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const error = body.error;
  if (typeof error !== 'object' || error === null) return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return typeof code === 'string' && typeof message === 'string' ? { code, message } : null;
}
