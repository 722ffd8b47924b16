import { performance } from 'node:perf_hooks';

/** A TradingView alert as the load test sends it: one strategy, one idempotency key. */
export interface LoadSignal {
  readonly strategy: string;
  readonly key: string;
  readonly body: Readonly<Record<string, unknown>>;
}

/** The engine's answer to one alert, or the transport error that replaced it. */
export interface LoadAnswer {
  readonly signal: LoadSignal;
  /** 0 when no HTTP answer came (connection refused, reset, timed out). */
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly retryAfterSeconds: number | null;
  readonly ms: number;
  /** performance.now() when the answer arrived. */
  readonly at: number;
  readonly error: string | null;
}

export interface WebhookStrategy {
  readonly strategy: string;
  readonly secret: string;
}

/**
 * `count` distinct BUY alerts on INFY, dealt round-robin over the strategies, quantity 1
 * around `ask` with a 1 % stop and a 2 % target: valid, so each one reaches the risk gates.
 */
export function buildSignals(
  strategies: readonly WebhookStrategy[],
  count: number,
  ask: number,
): LoadSignal[] {
  const rounds = Math.ceil(count / strategies.length);
  return Array.from({ length: rounds }, (_, round) =>
    strategies.map((webhook, n) => alertOf(webhook, round * strategies.length + n, ask)),
  )
    .flat()
    .slice(0, count);
}

function alertOf({ strategy, secret }: WebhookStrategy, n: number, ask: number): LoadSignal {
  const key = `load-${n}`;
  return {
    strategy,
    key,
    body: {
      secret,
      idempotency_key: key,
      symbol: 'INFY',
      action: 'BUY',
      price: ask.toFixed(2),
      stop: (ask * 0.99).toFixed(2),
      targets: [(ask * 1.02).toFixed(2)],
      quantity: 1,
    },
  };
}

/** POSTs the alert; a failed connection is an answer with status 0, never a throw. */
export async function sendSignal(engineUrl: string, signal: LoadSignal): Promise<LoadAnswer> {
  const started = performance.now();
  try {
    const response = await fetch(`${engineUrl}/webhooks/tradingview/${signal.strategy}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(signal.body),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json()) as Record<string, unknown>;
    const retryAfter = response.headers.get('retry-after');
    const at = performance.now();
    return {
      signal,
      status: response.status,
      body,
      retryAfterSeconds: retryAfter === null ? null : Number(retryAfter),
      ms: at - started,
      at,
      error: null,
    };
  } catch (error) {
    const at = performance.now();
    const message = error instanceof Error ? error.message : String(error);
    return {
      signal,
      status: 0,
      body: {},
      retryAfterSeconds: null,
      ms: at - started,
      at,
      error: message,
    };
  }
}

/** The `error.code` of an error answer, or null. */
export function errorCodeOf(answer: LoadAnswer): string | null {
  const error = answer.body.error as { code?: unknown } | undefined;
  return typeof error?.code === 'string' ? error.code : null;
}

/** `strategy/key`: how deliveries are told apart (unique per strategy). */
export const deliveryKey = (strategy: string, key: string): string => `${strategy}/${key}`;
