import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyRequest } from 'fastify';
import { pathOf } from './path-of';

/** The control API is the test's own line to the simulator, not Kite's network. */
const EXEMPT_PREFIX = '/_sim';

/**
 * An onSend hook holding every Kite answer `latencyMs` before it leaves, as the network
 * between a client and Kite would (KITE_SIM_LATENCY_MS). The request itself is served at once.
 */
export function createLatencyHook(latencyMs: number) {
  return async (request: FastifyRequest): Promise<void> => {
    if (pathOf(request).startsWith(EXEMPT_PREFIX)) return;
    await sleep(latencyMs);
  };
}
