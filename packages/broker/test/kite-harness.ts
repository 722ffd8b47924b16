import type { Clock } from '@kavach/domain';
import { startKiteSimProcess } from '@kavach/testkit';
import type { KiteSimProcess, StartKiteSimProcessOptions } from '@kavach/testkit';
import type { BrokerEvent } from '../src/broker';
import type { BrokerLogger, KiteBroker, KiteBrokerOptions } from '../src/kite';
import { createKiteBroker } from '../src/kite';

export const systemClock: Clock = { now: () => Date.now() };

export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: object;
  readonly message: string;
}

/** A logger that keeps what it is told, for assertions and for a failing test's story. */
export function createRecordingLogger(): BrokerLogger & { readonly entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry['level']) =>
    (fields: object, message: string): void => {
      entries.push({ level, fields, message });
    };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * kite-sim in its own process with a market that moves only when told: the session forced
 * open and the virtual clock paused, so fills follow the prices the test sets.
 */
export async function startQuietSim(
  options: StartKiteSimProcessOptions = {},
): Promise<KiteSimProcess> {
  const sim = await startKiteSimProcess(options);
  try {
    await sim.control('/market', { status: 'open' });
    await sim.control('/clock', { paused: true });
    return sim;
  } catch (error) {
    await sim.stop();
    throw error;
  }
}

export interface BrokerUnderTest {
  readonly broker: KiteBroker;
  readonly events: BrokerEvent[];
  readonly logger: ReturnType<typeof createRecordingLogger>;
}

/** A KiteBroker on the simulator with a fresh session; every event it raises is recorded. */
export async function createSimBroker(
  sim: KiteSimProcess,
  overrides: Partial<KiteBrokerOptions> = {},
): Promise<BrokerUnderTest> {
  const logger = createRecordingLogger();
  const broker = createKiteBroker({
    apiKey: sim.apiKey,
    apiSecret: sim.apiSecret,
    accessToken: await sim.mintAccessToken(),
    root: sim.root,
    tickerRoot: sim.tickerRoot,
    clock: systemClock,
    logger,
    requestTimeoutMs: 2_000,
    ...overrides,
  });
  const events: BrokerEvent[] = [];
  broker.onEvent((event) => events.push(event));
  return { broker, events, logger };
}

/** Polls until the probe answers something other than undefined. */
export async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits for an event (after index `from`) that matches; returns it with its index. */
export async function waitForEvent<E extends BrokerEvent>(
  events: readonly BrokerEvent[],
  match: (event: BrokerEvent) => event is E,
  what: string,
  from = 0,
  timeoutMs = 10_000,
): Promise<{ readonly event: E; readonly index: number }> {
  return waitFor(
    () => {
      for (let index = from; index < events.length; index += 1) {
        const event = events[index];
        if (event !== undefined && match(event)) return { event, index };
      }
      return undefined;
    },
    what,
    timeoutMs,
  );
}

export const isMarketData =
  (state: string) =>
  (event: BrokerEvent): event is Extract<BrokerEvent, { type: 'marketData' }> =>
    event.type === 'marketData' && event.state === state;

export const isOrderEvent =
  (predicate: (event: Extract<BrokerEvent, { type: 'order' }>) => boolean) =>
  (event: BrokerEvent): event is Extract<BrokerEvent, { type: 'order' }> =>
    event.type === 'order' && predicate(event);
