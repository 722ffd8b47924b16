import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The fault, load and security suite writes one row per check it ran, as it ran it; the
 * report (`pnpm reliability:report`) turns the rows into docs/RELIABILITY.md. Rows are JSON
 * lines in `.reliability/results.jsonl` at the repository root (ignored by git).
 */
export const RELIABILITY_AREAS = ['crash', 'broker', 'infrastructure', 'load', 'security'] as const;
export type ReliabilityArea = (typeof RELIABILITY_AREAS)[number];

export type Figures = Readonly<Record<string, number | string>>;

export interface ReliabilityRow {
  readonly area: ReliabilityArea;
  /** What was done to the system, e.g. "kill -9 after the entry fill, before protection". */
  readonly fault: string;
  /** What must hold, e.g. "one stop placed, nothing sent twice, state = broker". */
  readonly expected: string;
  readonly outcome: 'pass' | 'fail';
  /** Measured figures: times, counts, memory. */
  readonly figures: Figures;
  /** The failure's message, for a failed row. */
  readonly error: string | null;
  /** The test file that ran it, relative to the repository root. */
  readonly source: string;
  readonly at: string;
}

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const RELIABILITY_RESULTS = join(REPO_ROOT, '.reliability', 'results.jsonl');

export interface ReliabilityCase {
  readonly area: ReliabilityArea;
  readonly fault: string;
  readonly expected: string;
  /** The test file (import.meta.url of the caller). */
  readonly source: string;
}

/**
 * Runs one check and records its row: pass with the figures `run` returns, or fail with the
 * error (which is thrown on, so the test fails as well).
 */
export async function checkReliability(
  spec: ReliabilityCase,
  run: () => Promise<Figures | undefined> | Figures | undefined,
): Promise<void> {
  const source = relativeSource(spec.source);
  try {
    const figures = (await run()) ?? {};
    writeRow({ ...spec, source, outcome: 'pass', figures, error: null });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    writeRow({ ...spec, source, outcome: 'fail', figures: {}, error: message.slice(0, 500) });
    throw error;
  }
}

function writeRow(row: Omit<ReliabilityRow, 'at'>): void {
  mkdirSync(join(REPO_ROOT, '.reliability'), { recursive: true });
  const line: ReliabilityRow = { ...row, at: new Date().toISOString() };
  appendFileSync(RELIABILITY_RESULTS, `${JSON.stringify(line)}\n`);
}

function relativeSource(source: string): string {
  const path = source.startsWith('file:') ? fileURLToPath(source) : source;
  return path.startsWith(REPO_ROOT) ? path.slice(REPO_ROOT.length) : path;
}
