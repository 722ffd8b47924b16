import type { BenchRow } from '@kavach/testkit';
import { BENCH_IDS, parseBenchRows, renderPerformanceReport } from '@kavach/testkit';
import { describe, expect, it } from 'vitest';

const row = (over: Partial<BenchRow>): BenchRow => ({
  id: 'fill_to_stop',
  measured: 4.25,
  limit: 20,
  met: true,
  checks: {},
  figures: { p50: 2.1, samples: 150, baseline_poller_p99_ms: 1_990 },
  method: 'From the order update reaching the engine to placeOrder for the stop.',
  source: 'apps/engine/test/engine-latency.bench.ts',
  at: '2026-11-22T08:00:00.000Z',
  ...over,
});
const meta = { machine: '2 cores', generatedAt: '2026-11-22 08:10 UTC' };

describe('the performance report', () => {
  it('lists every target, the latest figure of each, and how it was measured', () => {
    const report = renderPerformanceReport(
      [row({ measured: 31, met: false, at: '2026-11-22T07:00:00.000Z' }), row({})],
      meta,
    );
    expect(report).toContain(`1 of ${BENCH_IDS.length} targets met. Machine: 2 cores.`);
    expect(report).toContain(
      '| fill update → protective stop sent | p99 ≤ 20 ms (2 s poller beside) | p99 4.25 ms | yes | p50 2.1, samples 150, baseline_poller_p99_ms 1,990 |',
    );
    expect(report).not.toContain('p99 31 ms');
    expect(report).toContain(
      '| dashboard first-load JavaScript | ≤ 300 KB gzip | not measured | **no** | |',
    );
    expect(report).toContain(
      '- **fill update → protective stop sent** (`apps/engine/test/engine-latency.bench.ts`): From the order update',
    );
  });

  it('shows a missed target as missed, and a limit that depends on the run', () => {
    const report = renderPerformanceReport(
      [
        row({
          id: 'flatten_50_positions',
          measured: 11_800,
          limit: 11_000,
          met: false,
          figures: {},
        }),
      ],
      meta,
    );
    expect(report).toContain(
      "| ≤ the broker's rate limit + 1 s: ≤ 11,000 ms here | max 11,800 ms | **no** |",
    );
  });

  it('shows the checks a target has besides its limit', () => {
    const report = renderPerformanceReport(
      [
        row({
          id: 'audit_rows',
          measured: 9_000,
          limit: 5_000,
          checks: { 'none lost': true },
          figures: { rows: 50_000 },
        }),
      ],
      meta,
    );
    expect(report).toContain('| sustained 9,000 rows/s | yes | none lost: yes, rows 50,000 |');
  });

  it('skips lines a killed run cut short and ids it does not know', () => {
    const text = `${JSON.stringify(row({}))}\n${JSON.stringify(row({ id: 'gone' as BenchRow['id'] }))}\n{"id":"fill_to\n`;
    expect(parseBenchRows(text)).toHaveLength(1);
  });
});
