import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_TARGETS } from './bench-targets';
import type { BenchId } from './bench-targets';
import type { Figures } from './reliability';

/**
 * Every benchmark of `pnpm bench` records its figure as one JSON line in
 * `.bench/results.jsonl` at the repository root (ignored by git) and prints the same line;
 * the report turns the lines into docs/PERFORMANCE.md.
 */
export interface BenchRow {
  readonly id: BenchId;
  /** The statistic the target is about, in the target's unit. */
  readonly measured: number;
  /** The limit this run was held to (the target's, or the bench's own when it depends on the run). */
  readonly limit: number;
  /** Within the limit, and every check held. */
  readonly met: boolean;
  /** Conditions of the target besides the limit ("none lost", "no growth after warm-up"). */
  readonly checks: Readonly<Record<string, boolean>>;
  /** Everything else measured: percentiles, counts, the baseline beside it. */
  readonly figures: Figures;
  /** How it was measured, in a sentence or two. */
  readonly method: string;
  /** The bench file, relative to the repository root. */
  readonly source: string;
  readonly at: string;
}

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BENCH_RESULTS = join(REPO_ROOT, '.bench', 'results.jsonl');

export interface BenchRecord {
  readonly id: BenchId;
  readonly measured: number;
  readonly figures?: Figures;
  readonly method: string;
  /** import.meta.url of the bench file. */
  readonly source: string;
  /** Overrides the target's limit when it depends on the run (the rate-limit bound). */
  readonly limit?: number;
  /** Conditions of the target besides the limit, by name: each must hold for it to be met. */
  readonly checks?: Readonly<Record<string, boolean>>;
}

/** Records and prints one figure; returns the row so the bench can assert on what it measured. */
export function recordBench(record: BenchRecord): BenchRow {
  const target = BENCH_TARGETS[record.id];
  const limit = record.limit ?? target.limit;
  if (!Number.isFinite(record.measured)) {
    throw new Error(`bench ${record.id}: measured ${String(record.measured)} is not a number`);
  }
  if (!Number.isFinite(limit)) throw new Error(`bench ${record.id}: needs a limit of its own`);
  const checks = record.checks ?? {};
  const within = target.op === '<=' ? record.measured <= limit : record.measured >= limit;
  const met = within && Object.values(checks).every(Boolean);
  const row: BenchRow = {
    id: record.id,
    measured: record.measured,
    limit,
    met,
    checks,
    figures: record.figures ?? {},
    method: record.method,
    source: relativeSource(record.source),
    at: new Date().toISOString(),
  };
  mkdirSync(join(REPO_ROOT, '.bench'), { recursive: true });
  appendFileSync(BENCH_RESULTS, `${JSON.stringify(row)}\n`);
  console.log(
    JSON.stringify({ bench: row.id, measured: row.measured, limit, met, checks, ...row.figures }),
  );
  return row;
}

export interface Percentiles {
  readonly samples: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank percentiles, rounded to µs. */
export function summarize(samples: readonly number[]): Percentiles {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ??
    Number.NaN;
  const round = (value: number) => Number(value.toFixed(3));
  return {
    samples: sorted.length,
    p50: round(at(50)),
    p99: round(at(99)),
    max: round(sorted.at(-1) ?? Number.NaN),
  };
}

function relativeSource(source: string): string {
  const path = source.startsWith('file:') ? fileURLToPath(source) : source;
  return path.startsWith(REPO_ROOT) ? path.slice(REPO_ROOT.length) : path;
}
