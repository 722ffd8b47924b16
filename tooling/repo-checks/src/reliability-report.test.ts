import type { ReliabilityRow } from '@kavach/testkit';
import { parseReliabilityRows, renderReliabilityReport } from '@kavach/testkit';
import { describe, expect, it } from 'vitest';

const row = (over: Partial<ReliabilityRow>): ReliabilityRow => ({
  area: 'crash',
  fault: 'kill -9 after the entry fill',
  expected: 'stop placed once',
  outcome: 'pass',
  figures: { recoveryMs: 820 },
  error: null,
  source: 'apps/engine/test/crash.int.test.ts',
  at: '2026-11-22T08:00:00.000Z',
  ...over,
});
const meta = { machine: '2 cores', generatedAt: '2026-11-22 08:10 UTC' };

describe('the reliability report', () => {
  it('keeps the latest row of each check, grouped by area, with its figures', () => {
    const report = renderReliabilityReport(
      [
        row({ outcome: 'fail', error: 'stop sent twice', at: '2026-11-22T07:00:00.000Z' }),
        row({}),
        row({ area: 'security', fault: 'no session | tRPC', figures: {} }),
      ],
      meta,
    );
    expect(report).toContain('2 of 2 checks pass. Machine: 2 cores.');
    expect(report).toContain(
      '| kill -9 after the entry fill | stop placed once | pass | recoveryMs 820 | `apps/engine/test/crash.int.test.ts` |',
    );
    expect(report).not.toContain('stop sent twice');
    expect(report.indexOf('## Crash anywhere')).toBeLessThan(report.indexOf('## Security'));
    expect(report).toContain('no session \\| tRPC');
    expect(report).toContain('Not covered yet: Broker faults, Infrastructure faults, Load.');
  });

  it('shows a failed check as failed, with its error', () => {
    const report = renderReliabilityReport(
      [row({ outcome: 'fail', error: 'stop sent twice' })],
      meta,
    );
    expect(report).toContain('0 of 1 checks pass');
    expect(report).toContain('**FAIL**: stop sent twice');
  });

  it('skips lines a killed run cut short', () => {
    const text = `${JSON.stringify(row({}))}\n{"area":"crash","fau\n\n`;
    expect(parseReliabilityRows(text)).toHaveLength(1);
  });
});
