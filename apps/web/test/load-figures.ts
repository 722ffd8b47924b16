import { readFile } from 'node:fs/promises';

/** The nearest-rank percentile (0 < p ≤ 100) of the values, rounded to 0.1; 0 for none. */
export function percentileOf(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return roundTenth(sorted[rank - 1] ?? 0);
}

export const roundTenth = (value: number) => Math.round(value * 10) / 10;

/** A process's resident memory in MiB, from /proc (Linux): what the operating system sees. */
export async function readRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return roundTenth(Number(kib) / 1024);
}

export interface HealthFigures {
  readonly checks: number;
  /** Answers other than 200, and requests that failed or timed out. */
  readonly failures: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/**
 * GET /api/health every `everyMs` until stopped: the answer time is how long a request waits
 * for the server's event loop, so a loop blocked by the load shows up here.
 */
export function probeHealth(url: string, everyMs: number): () => Promise<HealthFigures> {
  const times: number[] = [];
  let failures = 0;
  const halt = new AbortController();
  const loop = (async () => {
    while (!halt.signal.aborted) {
      const started = performance.now();
      try {
        const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
        await response.body?.cancel();
        if (!response.ok) failures += 1;
      } catch {
        failures += 1;
      }
      times.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return async () => {
    halt.abort();
    await loop;
    return {
      checks: times.length,
      failures,
      p99Ms: percentileOf(times, 99),
      maxMs: roundTenth(Math.max(0, ...times)),
    };
  };
}
