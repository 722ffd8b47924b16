export type EngineAnswer<T = Record<string, unknown>> =
  | { readonly ok: true; readonly status: number; readonly body: T }
  | {
      readonly ok: false;
      readonly status: number;
      readonly code: string;
      readonly message: string;
      readonly body: unknown;
      /** The engine took longer than the timeout: the request may have arrived. */
      readonly timedOut?: boolean;
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
  /**
   * The address of the engine trading now (the lease holder's), where a standby waits beside
   * it; null when none is recorded, and `url` is used. Asked at most every LOCATE_TTL_MS.
   */
  readonly locate?: () => Promise<string | null>;
}

const LOCATE_TTL_MS = 2_000;

/** The engine's HTTP API, called server-side only. */
export function createEngineClient(options: EngineClientOptions): EngineClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const located = { url: null as string | null, at: -Infinity };

  async function engineUrl(fresh = false): Promise<string> {
    if (options.locate !== undefined && (fresh || performance.now() - located.at > LOCATE_TTL_MS)) {
      located.url = await options.locate().catch(() => located.url);
      located.at = performance.now();
    }
    return (located.url ?? options.url).replace(/\/+$/, '');
  }

  async function call<T>(
    method: string,
    path: string,
    body: unknown,
    actor: string | null,
  ): Promise<EngineAnswer<T>> {
    const base = await engineUrl();
    const answer = await callAt<T>(base, method, path, body, actor);
    if (answer.ok) return answer;
    // A standby names the engine that trades: go there (it acted on nothing).
    const named = standbyPointsTo(answer);
    if (named !== null) {
      located.url = named;
      located.at = performance.now();
      return callAt<T>(named.replace(/\/+$/, ''), method, path, body, actor);
    }
    // Refused connection: the request never arrived. If the lease moved meanwhile (the old
    // engine died and its standby took over), ask the engine that holds it now.
    if (answer.code === 'ENGINE_UNREACHABLE' && !answer.timedOut) {
      const now = await engineUrl(true);
      if (now !== base) return callAt<T>(now, method, path, body, actor);
    }
    return answer;
  }

  async function callAt<T>(
    base: string,
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
        timedOut: error instanceof Error && error.name === 'TimeoutError',
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

function standbyPointsTo(answer: EngineAnswer<unknown>): string | null {
  if (answer.ok || answer.code !== 'ENGINE_STANDBY') return null;
  const body = answer.body as { activeEngine?: { url?: unknown } | null } | null;
  const url = body?.activeEngine?.url;
  return typeof url === 'string' && url.length > 0 ? url : null;
}

function readError(body: unknown): { code: string; message: string } | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const error = body.error;
  if (typeof error !== 'object' || error === null) return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return typeof code === 'string' && typeof message === 'string' ? { code, message } : null;
}
