import { describe, expect, it } from 'vitest';
import { isSameInstrument, readInstrumentRow, toInstrumentData } from './instrument-rows';
import { INFY, MASTER, NIFTY_FUT } from './instruments.fixtures';

describe('readInstrumentRow', () => {
  it('reads back what toInstrumentData wrote', () => {
    for (const instrument of MASTER) {
      const reading = readInstrumentRow({ id: 'x', ...toInstrumentData(instrument) });
      expect(reading).toEqual({ ok: true, instrument });
    }
  });

  it('refuses rows the domain would not accept', () => {
    const row = { id: 'x', ...toInstrumentData(INFY) };
    expect(readInstrumentRow({ ...row, token: 2n ** 32n })).toEqual({
      ok: false,
      reason: 'TOKEN_OUT_OF_RANGE',
    });
    expect(readInstrumentRow({ ...row, token: 2n ** 60n + 1n })).toMatchObject({ ok: false });
    expect(readInstrumentRow({ ...row, exchange: 'MCX' })).toEqual({
      ok: false,
      reason: 'UNKNOWN_EXCHANGE',
    });
  });
});

describe('isSameInstrument', () => {
  it('compares every field', () => {
    expect(isSameInstrument(NIFTY_FUT, { ...NIFTY_FUT })).toBe(true);
    expect(isSameInstrument(NIFTY_FUT, { ...NIFTY_FUT, expiry: '2026-11-27' })).toBe(false);
    expect(isSameInstrument(NIFTY_FUT, { ...NIFTY_FUT, freezeQuantity: null })).toBe(false);
  });
});
