/**
 * pnpm reliability:report — docs/RELIABILITY.md from the rows the fault, load and security
 * suite wrote (.reliability/results.jsonl). Run the suite first (`pnpm test`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, platform } from 'node:os';
import { fileURLToPath } from 'node:url';
import { RELIABILITY_RESULTS } from '../src/reliability';
import { parseReliabilityRows, renderReliabilityReport } from '../src/reliability-report';

const target = fileURLToPath(new URL('../../../docs/RELIABILITY.md', import.meta.url));
const rows = parseReliabilityRows(readFileSync(RELIABILITY_RESULTS, 'utf8'));
const report = renderReliabilityReport(rows, {
  machine: `${availableParallelism()} cores, Node ${process.version}, ${platform()}`,
  generatedAt: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
});
writeFileSync(target, report);
console.log(`docs/RELIABILITY.md: ${rows.length} rows read`);
