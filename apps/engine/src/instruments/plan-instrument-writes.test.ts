import { paise } from '@kavach/domain';
import type { Instrument } from '@kavach/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toInstrumentData } from './instrument-rows';
import type { InstrumentRow } from './instrument-rows';
import { equityOf, INFY, NIFTY_FUT, NIFTY_INDEX } from './instruments.fixtures';
import { planInstrumentWrites, retiredSymbol } from './plan-instrument-writes';

function rowOf(instrument: Instrument, id = `id-${instrument.token}`): InstrumentRow {
  return { id, ...toInstrumentData(instrument) };
}

describe('planInstrumentWrites', () => {
  it('creates new tokens, updates changed ones and leaves the same ones alone', () => {
    const plan = planInstrumentWrites(
      [rowOf(INFY), rowOf(NIFTY_INDEX)],
      [INFY, { ...NIFTY_INDEX, name: 'NIFTY FIFTY' }, NIFTY_FUT],
    );
    expect(plan).toEqual({
      retirements: [],
      updates: [{ ...NIFTY_INDEX, name: 'NIFTY FIFTY' }],
      creates: [NIFTY_FUT],
      unchanged: 1,
    });
  });

  it('moves a row out of the way when its symbol now belongs to another token', () => {
    const relisted = equityOf(99_999, 'INFY');
    const plan = planInstrumentWrites([rowOf(INFY)], [relisted]);
    expect(plan.retirements).toEqual([
      { token: BigInt(INFY.token), tradingSymbol: `INFY~${INFY.token}` },
    ]);
    expect(plan.creates).toEqual([relisted]);
  });

  it('retires both rows of two tokens that swap symbols, then updates both', () => {
    const a = equityOf(1, 'AAA');
    const b = equityOf(2, 'BBB');
    const plan = planInstrumentWrites(
      [rowOf(a), rowOf(b)],
      [
        { ...a, tradingSymbol: 'BBB' },
        { ...b, tradingSymbol: 'AAA' },
      ],
    );
    expect(plan.retirements.map((r) => r.token)).toEqual([BigInt(a.token), BigInt(b.token)]);
    expect(plan.updates).toHaveLength(2);
  });

  it('rewrites a stored row it cannot read', () => {
    const broken = { ...rowOf(INFY), type: 'ETF' };
    expect(planInstrumentWrites([broken], [INFY]).updates).toEqual([INFY]);
  });

  it('keeps retired symbols within the column and unique by token', () => {
    const long = 'X'.repeat(64);
    expect(retiredSymbol(long, 4_294_967_295n)).toHaveLength(64);
    expect(retiredSymbol(long, 4_294_967_295n)).toMatch(/~4294967295$/);
  });

  it('never lets two rows hold one symbol after the plan is applied', () => {
    const symbolArb = fc.constantFrom('A', 'B', 'C', 'D', 'E');
    const tableArb = fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 8 }), symbolArb), {
      selector: ([token]) => token,
    });
    fc.assert(
      fc.property(tableArb, tableArb, (storedPairs, downloadPairs) => {
        const unique = (pairs: [number, string][]) =>
          pairs.filter(([, s], i) => pairs.findIndex(([, t]) => t === s) === i);
        const stored = unique(storedPairs).map(([t, s]) => equityOf(t, s));
        const downloaded = unique(downloadPairs).map(([t, s]) => equityOf(t, s));
        const plan = planInstrumentWrites(
          stored.map((i) => rowOf(i)),
          downloaded,
        );

        // Apply the plan step by step, checking uniqueness after every write.
        const table = new Map(stored.map((i) => [BigInt(i.token), i.tradingSymbol]));
        const write = (token: bigint, symbol: string) => {
          table.set(token, symbol);
          const symbols = [...table.values()];
          expect(new Set(symbols).size).toBe(symbols.length);
        };
        for (const r of plan.retirements) write(r.token, r.tradingSymbol);
        for (const u of plan.updates) write(BigInt(u.token), u.tradingSymbol);
        for (const c of plan.creates) write(BigInt(c.token), c.tradingSymbol);
        for (const d of downloaded) expect(table.get(BigInt(d.token))).toBe(d.tradingSymbol);
        expect(plan.unchanged + plan.updates.length + plan.creates.length).toBe(downloaded.length);
      }),
    );
  });
});

describe('toInstrumentData', () => {
  it('stores an expiry as that calendar date and prices as paise', () => {
    expect(toInstrumentData(NIFTY_FUT)).toMatchObject({
      token: 13238786n,
      expiry: new Date('2026-11-26T00:00:00Z'),
      tickSizePaise: 10,
      strikePaise: null,
    });
    expect(toInstrumentData({ ...NIFTY_FUT, strike: paise(1) }).strikePaise).toBe(1);
  });
});
