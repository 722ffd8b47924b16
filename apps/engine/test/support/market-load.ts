import type { KiteSimProcess } from '@kavach/testkit';
import { toMb } from './load';

/** An instrument of kite-sim's master, as its instruments CSV lists it. */
interface MasterRow {
  readonly token: number;
  readonly key: string;
  readonly name: string;
  readonly lastPrice: number;
  readonly strike: number;
  readonly type: string;
  readonly segment: string;
}

/** kite-sim's instrument master through Kite's REST API (a CSV, not the JSON envelope). */
async function readMaster(sim: KiteSimProcess): Promise<MasterRow[]> {
  const token = await sim.mintAccessToken();
  const response = await fetch(`${sim.root}/instruments`, {
    headers: { authorization: `token ${sim.apiKey}:${token}`, 'x-kite-version': '3' },
  });
  // Kite's CSV ends its lines with CRLF.
  const [header = '', ...lines] = (await response.text()).trim().split(/\r?\n/);
  const columns = header.split(',');
  const at = (name: string) => columns.indexOf(name);
  return lines.map((line) => {
    const cells = line.split(',');
    const cell = (name: string) => cells[at(name)] ?? '';
    return {
      token: Number(cell('instrument_token')),
      key: `${cell('exchange')}:${cell('tradingsymbol')}`,
      name: cell('name'),
      lastPrice: Number(cell('last_price')),
      strike: Number(cell('strike')),
      type: cell('instrument_type'),
      segment: cell('segment'),
    };
  });
}

/**
 * `count` tradable instruments a trader could put in the universe: every stock and future,
 * then the options nearest the money (they move on every step, far strikes hardly at all).
 * Indices are left out: the trading config cannot name them, and they are not traded.
 */
export async function chooseLoadUniverse(
  sim: KiteSimProcess,
  count: number,
): Promise<{ readonly keys: readonly string[]; readonly tokens: readonly number[] }> {
  const master = await readMaster(sim);
  const indexLevel = new Map([
    ['NIFTY', master.find((row) => row.key === 'NSE:NIFTY 50')?.lastPrice ?? 0],
    ['BANKNIFTY', master.find((row) => row.key === 'NSE:NIFTY BANK')?.lastPrice ?? 0],
  ]);
  const moneyness = (row: MasterRow) =>
    Math.abs(Math.log(row.strike / (indexLevel.get(row.name) ?? row.strike)));
  const linear = master.filter((row) => row.segment === 'NSE' || row.type === 'FUT');
  const options = master
    .filter((row) => row.type === 'CE' || row.type === 'PE')
    .sort((a, b) => moneyness(a) - moneyness(b));
  const chosen = [...linear, ...options].slice(0, count);
  if (chosen.length < count) {
    throw new Error(
      `kite-sim lists ${chosen.length} tradable instruments, not ${count}: start it with KITE_SIM_STRIKES_EACH_SIDE`,
    );
  }
  return { keys: chosen.map((row) => row.key), tokens: chosen.map((row) => row.token) };
}

/** One series of the engine's /metrics text, e.g. `kavach_ticks_received_total{mode="full"}`. */
export function readSample(metrics: string, series: string): number {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

export async function readEngineMetrics(engineUrl: string): Promise<string> {
  return (await fetch(`${engineUrl}/metrics`)).text();
}

/** Ticks the engine received (/metrics): all of them, and those of full mode. */
export function countTicks(metrics: string): { readonly all: number; readonly full: number } {
  const [ltp, quote, full] = ['ltp', 'quote', 'full'].map((mode) =>
    readSample(metrics, `kavach_ticks_received_total{mode="${mode}"}`),
  ) as [number, number, number];
  return { all: ltp + quote + full, full };
}

/** GET /system/metrics: memory now, event-loop delay since the previous reading. */
export interface SystemReading {
  readonly memory: { readonly rssBytes: number; readonly heapUsedBytes: number };
  readonly eventLoopDelayMs: { readonly p99: number; readonly max: number };
}

/**
 * Growth of the heap's floor (its lowest reading, after a collection) from the first third
 * of the run to the last: the live set, without the sawtooth of garbage between collections.
 */
export function heapFloorGrowthMb(readings: readonly SystemReading[]): number {
  const third = Math.max(1, Math.floor(readings.length / 3));
  const floor = (part: readonly SystemReading[]) =>
    Math.min(...part.map((r) => r.memory.heapUsedBytes));
  return toMb(floor(readings.slice(-third)) - floor(readings.slice(0, third)));
}
