import { describe, expect, it } from 'vitest';
import { buildUniverse } from './build-universe';
import { NSE_UNIVERSE } from './default-universe';
import { withStrikesEachSide } from './strikes-each-side';

const SESSION = { sessionDate: '2026-11-23' };

function optionsOf(universe: ReturnType<typeof buildUniverse>, name: string) {
  return universe.entries.filter((e) => e.kind === 'OPTION' && e.instrument.name === name);
}

describe('withStrikesEachSide', () => {
  it('lists that many strikes each side of the money on every chain, the rest unchanged', () => {
    const standard = buildUniverse(NSE_UNIVERSE, SESSION);
    const wide = buildUniverse(withStrikesEachSide(NSE_UNIVERSE, 40), SESSION);
    const strikes = (u: typeof standard, name: string) =>
      new Set(optionsOf(u, name).map((e) => e.instrument.strike)).size;

    expect(strikes(standard, 'NIFTY')).toBe(41);
    expect(strikes(wide, 'NIFTY')).toBe(81);
    expect(strikes(wide, 'BANKNIFTY')).toBe(81);
    expect(wide.entries.length).toBeGreaterThanOrEqual(500);
    const tokens = new Set(wide.entries.map((e) => e.instrument.token));
    for (const entry of standard.entries) expect(tokens).toContain(entry.instrument.token);
    expect(withStrikesEachSide(NSE_UNIVERSE, 40).stocks).toBe(NSE_UNIVERSE.stocks);
  });

  it('refuses a count that lists no strike', () => {
    expect(() => withStrikesEachSide(NSE_UNIVERSE, 0)).toThrow(RangeError);
    expect(() => withStrikesEachSide(NSE_UNIVERSE, 2.5)).toThrow(RangeError);
  });
});
