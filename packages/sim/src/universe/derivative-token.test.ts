import { addDays, MAX_EXCHANGE_TOKEN, paise } from '@kavach/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeDerivativeExchangeToken } from './derivative-token';

const step = paise(50_00);

describe('encodeDerivativeExchangeToken', () => {
  it('gives distinct contracts distinct tokens within Kite’s exchange_token range', () => {
    const contract = fc.record({
      tokenSlot: fc.integer({ min: 0, max: 1 }),
      kind: fc.constantFrom('FUT' as const, 'CE' as const, 'PE' as const),
      day: fc.integer({ min: 0, max: 2_046 }),
      steps: fc.integer({ min: 1, max: 1_023 }),
    });
    const encode = (c: {
      tokenSlot: number;
      kind: 'FUT' | 'CE' | 'PE';
      day: number;
      steps: number;
    }) =>
      encodeDerivativeExchangeToken({
        tokenSlot: c.tokenSlot,
        kind: c.kind,
        expiry: addDays('2026-01-01', c.day),
        strike: c.kind === 'FUT' ? null : paise(c.steps * step),
        strikeStep: step,
      });
    fc.assert(
      fc.property(contract, contract, (a, b) => {
        const same =
          a.tokenSlot === b.tokenSlot &&
          a.kind === b.kind &&
          a.day === b.day &&
          (a.kind === 'FUT' || a.steps === b.steps);
        const ta = encode(a);
        expect(ta).toBeGreaterThan(0);
        expect(ta).toBeLessThanOrEqual(MAX_EXCHANGE_TOKEN);
        expect(ta === encode(b)).toBe(same);
      }),
    );
  });

  it('refuses what does not fit', () => {
    const base = { tokenSlot: 0, kind: 'CE' as const, expiry: '2026-02-03', strikeStep: step };
    expect(() => encodeDerivativeExchangeToken({ ...base, strike: paise(26_025_00) })).toThrow(
      /multiple/,
    );
    expect(() => encodeDerivativeExchangeToken({ ...base, strike: paise(60_000_00) })).toThrow(
      /below 1024/,
    );
    expect(() =>
      encodeDerivativeExchangeToken({ ...base, strike: paise(26_000_00), expiry: '2025-12-30' }),
    ).toThrow(/outside/);
    expect(() =>
      encodeDerivativeExchangeToken({ ...base, tokenSlot: 3, strike: paise(26_000_00) }),
    ).toThrow(/slot/);
  });
});
