import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort, startKiteSimProcess, startLossyProxy } from '@kavach/testkit';
import type { KiteSimProcess, LossyProxy } from '@kavach/testkit';
import {
  type EngineProcess,
  TEST_TRADING_CONFIG,
  callEngine,
  endEngine,
  readKite,
  spawnEngine,
  waitUntilHealthy,
} from './engine-process';

/**
 * The engine process on kite-sim with kite-sim's faults within reach: its REST API behind a
 * proxy that can lose an answer after kite-sim acted on it, its ticker reached directly.
 */
export interface BrokerFaultRig {
  readonly sim: KiteSimProcess;
  readonly proxy: LossyProxy;
  readonly engine: EngineProcess;
  readonly webhook: { readonly strategy: string; readonly secret: string };
  /** The engine API with its bearer token: GET, or POST with a JSON body. */
  readonly api: (
    path: string,
    body?: unknown,
  ) => Promise<{ status: number; body: Record<string, unknown> }>;
  /** A counter or gauge of the engine's /metrics, summed over the series matching `labels`. */
  readonly metric: (name: string, labels?: Readonly<Record<string, string>>) => Promise<number>;
  readonly close: () => Promise<void>;
}

/** An order in kite-sim's book, as Kite's GET /orders lists it. */
export interface BookOrder {
  readonly order_id: string;
  readonly tag: string | null;
  readonly status: string;
  readonly order_type: string;
  readonly transaction_type: string;
  readonly quantity: number;
  readonly filled_quantity: number;
  readonly price: number;
}

const TOKEN = 'broker-faults-engine-token-0123456789';
const WEBHOOK = { strategy: 'faults', secret: 'broker-faults-webhook-secret-01' };

export async function startBrokerFaultRig(): Promise<BrokerFaultRig> {
  const root = await mkdtemp(join(tmpdir(), 'kavach-broker-faults-'));
  await writeFile(join(root, 'trading.yaml'), TEST_TRADING_CONFIG);
  const sim = await startKiteSimProcess({ speed: 1 });
  const state = (await sim.inspect('/state')) as { sessionDate: string };
  await sim.control('/clock', { set: `${state.sessionDate}T10:00:00+05:30` });
  // Open whatever the simulated calendar says: the checks must not meet a closing bell.
  await sim.control('/market', { status: 'open' });
  const proxy = await startLossyProxy(sim.root);
  const port = await findFreePort();
  const engine = spawnEngine(`http://127.0.0.1:${port}`, {
    DATA_DIR: join(root, 'data'),
    ENGINE_PORT: String(port),
    ENGINE_API_TOKEN: TOKEN,
    KITE_ROOT: proxy.root,
    KITE_TICKER_ROOT: sim.tickerRoot,
    KITE_API_KEY: sim.apiKey,
    KITE_API_SECRET: sim.apiSecret,
    TRADING_CONFIG: join(root, 'trading.yaml'),
    TRADINGVIEW_WEBHOOK_SECRETS: `${WEBHOOK.strategy}:${WEBHOOK.secret}`,
  });
  const rig: BrokerFaultRig = {
    sim,
    proxy,
    engine,
    webhook: WEBHOOK,
    api: (path, body) => callEngine(engine.url, TOKEN, path, body),
    metric: async (name, labels = {}) =>
      sumSeries(await (await fetch(`${engine.url}/metrics`)).text(), name, labels),
    close: async () => {
      await endEngine(engine, 'SIGTERM');
      await proxy.close();
      await sim.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
  try {
    await waitUntilHealthy(engine);
  } catch (error) {
    await rig.close();
    throw error;
  }
  return rig;
}

/** kite-sim's order book, read directly (not through the proxy). */
export function readBook(sim: KiteSimProcess): Promise<BookOrder[]> {
  return readKiteWithinLimits<BookOrder[]>(sim, '/orders');
}

/**
 * A read on kite-sim's Kite API, tried again after a 429: the test shares the account's rate
 * limit with the engine, which polls the same book.
 */
export async function readKiteWithinLimits<T>(sim: KiteSimProcess, path: string): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await readKite<T>(sim, path);
    } catch (error) {
      const limited = error instanceof Error && error.message.includes(' 429 ');
      if (!limited || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  }
}

/** The engine's tag says the role: kE… entry, kS… stop, kA…/kB… targets, kX… exit. */
export function byRole(orders: readonly BookOrder[], code: 'E' | 'S' | 'A' | 'X'): BookOrder[] {
  return orders.filter((o) => o.tag?.startsWith(`k${code}`) === true);
}

/** Not finished at the broker: it can still fill. */
export function isWorking(order: BookOrder): boolean {
  return !['COMPLETE', 'CANCELLED', 'REJECTED'].includes(order.status);
}

/** Prometheus text: the values of `name{…}` whose labels include `labels`, added up. */
function sumSeries(text: string, name: string, labels: Readonly<Record<string, string>>): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const series = match[2] ?? '';
    if (Object.entries(labels).every(([key, value]) => series.includes(`${key}="${value}"`))) {
      sum += Number(match[3]);
    }
  }
  return sum;
}

export interface ArmedFaults {
  readonly http: readonly { readonly method: string | null; readonly remaining: number }[];
  readonly orderUpdates: readonly { readonly kind: string; readonly remaining: number }[];
}

/** The faults kite-sim still holds armed: a spent one is gone. */
export async function readFaults(sim: KiteSimProcess): Promise<ArmedFaults> {
  return (await sim.inspect('/faults')) as ArmedFaults;
}

/** Disarms every fault left, so none reaches the next check. */
export async function clearFaults(sim: KiteSimProcess): Promise<void> {
  const response = await fetch(`${sim.root}/_sim/faults`, { method: 'DELETE' });
  if (!response.ok) throw new Error(`kite-sim DELETE /_sim/faults: ${response.status}`);
}
