/**
 * The performance targets of issue 9, one per figure `pnpm bench` measures. The benches record
 * a row against an id; the report (docs/PERFORMANCE.md) lists every id, measured or not.
 */
export interface BenchTarget {
  /** What is measured, as the table shows it. */
  readonly figure: string;
  /** The statistic compared with the target, e.g. "p99" or "mean of 5 runs". */
  readonly statistic: string;
  readonly unit: string;
  /** `<=`: the measured value may not exceed the limit; `>=`: it may not fall below it. */
  readonly op: '<=' | '>=';
  /** The limit; a bench may pass its own when the target depends on the run (see `limit`). */
  readonly limit: number;
  /** The target as the issue words it. */
  readonly text: string;
}

export const BENCH_TARGETS = {
  tick_to_order: {
    figure: 'tick → order sent, inside the engine, 200 instruments subscribed',
    statistic: 'p99',
    unit: 'ms',
    op: '<=',
    limit: 2,
    text: 'p99 ≤ 2 ms',
  },
  fill_to_stop: {
    figure: 'fill update → protective stop sent',
    statistic: 'p99',
    unit: 'ms',
    op: '<=',
    limit: 20,
    text: 'p99 ≤ 20 ms (2 s poller beside)',
  },
  flatten_first_exit: {
    figure: 'flatten request → first exit sent',
    statistic: 'max',
    unit: 'ms',
    op: '<=',
    limit: 100,
    text: '≤ 100 ms',
  },
  flatten_50_positions: {
    figure: 'flatten, 50 positions + 100 working orders, until flat and nothing working',
    statistic: 'max',
    unit: 'ms',
    op: '<=',
    limit: Number.NaN,
    text: "≤ the broker's rate limit + 1 s",
  },
  ticks_decoded: {
    figure: "ticks decoded per second (full mode), the engine's path, one core",
    statistic: 'mean',
    unit: 'ticks/s',
    op: '>=',
    limit: 1_000_000,
    text: '≥ 1,000,000 (stock KiteTicker beside)',
  },
  bus_to_socket: {
    figure: 'bus publish → browser socket receive, 2,000 ticks/s conflated',
    statistic: 'p99',
    unit: 'ms',
    op: '<=',
    limit: 100,
    text: 'p99 ≤ 100 ms',
  },
  audit_rows: {
    figure: 'audit/event rows persisted per second (PostgreSQL), none lost',
    statistic: 'sustained',
    unit: 'rows/s',
    op: '>=',
    limit: 5_000,
    text: '≥ 5,000, none lost',
  },
  engine_memory: {
    figure: 'engine RSS, 500 instruments in full mode, one simulated day',
    statistic: 'max after warm-up',
    unit: 'MB',
    op: '<=',
    limit: 300,
    text: '≤ 300 MB, no growth after warm-up',
  },
  dashboard_js: {
    figure: 'dashboard first-load JavaScript',
    statistic: 'gzip',
    unit: 'KB',
    op: '<=',
    limit: 300,
    text: '≤ 300 KB gzip',
  },
  dashboard_lcp: {
    figure: 'dashboard LCP, phone emulation in Chromium, localhost',
    statistic: 'max',
    unit: 'ms',
    op: '<=',
    limit: 2_000,
    text: '≤ 2 s',
  },
} as const satisfies Readonly<Record<string, BenchTarget>>;

export type BenchId = keyof typeof BENCH_TARGETS;
export const BENCH_IDS = Object.keys(BENCH_TARGETS) as BenchId[];
