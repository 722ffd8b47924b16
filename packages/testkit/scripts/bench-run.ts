/**
 * pnpm bench — every package's benchmarks one after another (so no figure shares the cores
 * with another bench), then docs/PERFORMANCE.md from the figures they recorded, and the
 * figures as one JSON document on stdout. Exits non-zero when a bench failed or a target was
 * missed or not measured.
 *
 * `pnpm bench @kavach/web` runs one package's benches: the other figures stay as the last
 * run left them, and only this run's figures are checked.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BENCH_RESULTS } from '../src/bench';
import { parseBenchRows, renderPerformanceReport } from '../src/bench-report';
import { BENCH_IDS } from '../src/bench-targets';
import { describeMachine } from './machine';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const report = fileURLToPath(new URL('../../../docs/PERFORMANCE.md', import.meta.url));
const filter = process.argv.slice(2);

const startedAt = new Date().toISOString();
if (filter.length === 0) rmSync(BENCH_RESULTS, { force: true });
const run = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'bench', '--concurrency=1', ...filter.map((f) => `--filter=${f}`)],
  { cwd: root, stdio: 'inherit' },
);

const rows = existsSync(BENCH_RESULTS) ? parseBenchRows(readFileSync(BENCH_RESULTS, 'utf8')) : [];
writeFileSync(report, renderPerformanceReport(rows, describeMachine()));
const fresh = rows.filter((row) => row.at >= startedAt);
console.log(JSON.stringify({ figures: fresh }, null, 2));

const expected = filter.length === 0 ? BENCH_IDS : [...new Set(fresh.map((row) => row.id))];
const missed = expected.filter((id) => !fresh.some((row) => row.id === id && row.met));
console.log(
  `docs/PERFORMANCE.md: ${rows.length} figures; targets missed or not measured: ${missed.length === 0 ? 'none' : missed.join(', ')}`,
);
process.exitCode = run.status !== 0 || missed.length > 0 ? 1 : 0;
