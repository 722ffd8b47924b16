/**
 * Faults the control API arms and the server, ticker and order-update fan-out consult (order
 * rejections live in the exchange, which decides an order's fate). Every
 * fault is counted ("the next N requests") so a test knows exactly when it is spent, and can
 * be narrowed to a path prefix so, say, only order placement fails.
 */

export type HttpFault =
  /** Answer with this status instead: 429 as Kite's rate limit, 5xx as an outage. */
  | { readonly kind: 'status'; readonly status: number; readonly body: 'kite' | 'html' }
  /** Answer normally, but only after this many milliseconds. */
  | { readonly kind: 'delay'; readonly ms: number }
  /** Never answer: hold the request, then drop the connection after `ms`. */
  | { readonly kind: 'timeout'; readonly ms: number };

export interface HttpFaultRule {
  readonly id: number;
  readonly fault: HttpFault;
  /** Requests still to be hit. */
  readonly remaining: number;
  /** Only requests whose path starts with this; all Kite routes when absent. */
  readonly pathPrefix: string | null;
  /** Only this HTTP method (upper case); any when absent. */
  readonly method: string | null;
}

export type OrderUpdateFault = 'duplicate' | 'reorder';

export interface FaultSnapshot {
  readonly http: readonly HttpFaultRule[];
  readonly orderUpdates: readonly { readonly kind: OrderUpdateFault; readonly remaining: number }[];
  readonly heartbeatsStopped: boolean;
  readonly tickerMuted: boolean;
}

export interface FaultRegistry {
  readonly addHttpFault: (
    fault: HttpFault,
    options: { count: number; pathPrefix?: string | null; method?: string | null },
  ) => HttpFaultRule;
  /** The fault for this request, if any; consumes one of its count. First armed, first hit. */
  readonly takeHttpFault: (method: string, path: string) => HttpFault | null;
  readonly addOrderUpdateFault: (kind: OrderUpdateFault, count: number) => void;
  readonly takeOrderUpdateFault: () => OrderUpdateFault | null;
  readonly setHeartbeatsStopped: (stopped: boolean) => void;
  readonly heartbeatsStopped: () => boolean;
  /** Nothing binary leaves the ticker (no ticks, no heartbeats): the client's read timeout fires. */
  readonly setTickerMuted: (muted: boolean) => void;
  readonly tickerMuted: () => boolean;
  readonly snapshot: () => FaultSnapshot;
  readonly clear: () => void;
}

function checkCount(count: number): void {
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new RangeError(`a fault count must be a positive integer, got ${count}`);
  }
}

export function createFaultRegistry(): FaultRegistry {
  let nextId = 1;
  let httpRules: HttpFaultRule[] = [];
  let updateFaults: { kind: OrderUpdateFault; remaining: number }[] = [];
  let heartbeatsStopped = false;
  let tickerMuted = false;

  return {
    addHttpFault: (fault, options) => {
      checkCount(options.count);
      const rule: HttpFaultRule = {
        id: nextId++,
        fault,
        remaining: options.count,
        pathPrefix: options.pathPrefix ?? null,
        method: options.method?.toUpperCase() ?? null,
      };
      httpRules.push(rule);
      return rule;
    },
    takeHttpFault: (method, path) => {
      const upper = method.toUpperCase();
      const index = httpRules.findIndex(
        (rule) =>
          (rule.pathPrefix === null || path.startsWith(rule.pathPrefix)) &&
          (rule.method === null || rule.method === upper),
      );
      const rule = httpRules[index];
      if (rule === undefined) return null;
      httpRules =
        rule.remaining > 1
          ? httpRules.map((r, i) => (i === index ? { ...r, remaining: r.remaining - 1 } : r))
          : httpRules.filter((_r, i) => i !== index);
      return rule.fault;
    },
    addOrderUpdateFault: (kind, count) => {
      checkCount(count);
      updateFaults.push({ kind, remaining: count });
    },
    takeOrderUpdateFault: () => {
      const head = updateFaults[0];
      if (head === undefined) return null;
      head.remaining -= 1;
      if (head.remaining === 0) updateFaults.shift();
      return head.kind;
    },
    setHeartbeatsStopped: (stopped) => {
      heartbeatsStopped = stopped;
    },
    heartbeatsStopped: () => heartbeatsStopped,
    setTickerMuted: (muted) => {
      tickerMuted = muted;
    },
    tickerMuted: () => tickerMuted,
    snapshot: () => ({
      http: [...httpRules],
      orderUpdates: updateFaults.map((f) => ({ ...f })),
      heartbeatsStopped,
      tickerMuted,
    }),
    clear: () => {
      httpRules = [];
      updateFaults = [];
      heartbeatsStopped = false;
      tickerMuted = false;
    },
  };
}
