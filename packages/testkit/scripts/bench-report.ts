/**
 * pnpm bench:report — docs/PERFORMANCE.md from the figures in .bench/results.jsonl as they
 * stand (the latest of each), without running a bench: after running one bench file alone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BENCH_RESULTS } from '../src/bench';
import { parseBenchRows, renderPerformanceReport } from '../src/bench-report';
import { describeMachine } from './machine';

const report = fileURLToPath(new URL('../../../docs/PERFORMANCE.md', import.meta.url));
const rows = parseBenchRows(readFileSync(BENCH_RESULTS, 'utf8'));
writeFileSync(report, renderPerformanceReport(rows, describeMachine()));
console.log(`docs/PERFORMANCE.md: ${rows.length} figures read`);
