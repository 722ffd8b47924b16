import { describe, expect, it } from 'vitest';
import { createFailpoint } from './create-failpoint';

function armedWith(armed: Parameters<typeof createFailpoint>[0]) {
  const lines: string[] = [];
  let kills = 0;
  const failpoint = createFailpoint(armed, {
    report: (line) => lines.push(line),
    kill: () => {
      kills += 1;
    },
  });
  return { failpoint, lines, kills: () => kills };
}

describe('createFailpoint', () => {
  it('kills the process at the armed point, saying which', () => {
    const armed = armedWith('oco.entry.after-write-ahead');
    armed.failpoint('oco.entry.after-write-ahead');
    expect(armed.kills()).toBe(1);
    expect(armed.lines).toEqual(['failpoint oco.entry.after-write-ahead hit']);
  });

  it('passes every other point', () => {
    const armed = armedWith('flatten.midway');
    armed.failpoint('eod.midway');
    armed.failpoint('oco.entry-fill.before-protection');
    expect(armed.kills()).toBe(0);
    expect(armed.lines).toEqual([]);
  });

  it('passes every point when none is armed', () => {
    const unarmed = armedWith(undefined);
    unarmed.failpoint('flatten.midway');
    expect(unarmed.kills()).toBe(0);
  });
});
