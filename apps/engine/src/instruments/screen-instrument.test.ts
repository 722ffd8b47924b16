import { MAX_INSTRUMENT_TOKEN, paise } from '@kavach/domain';
import type { Instrument } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { equityOf, INFY, MASTER, NIFTY_CE_HIGH_TOKEN, NIFTY_FUT } from './instruments.fixtures';
import { findSkipReason, screenInstruments } from './screen-instrument';

describe('findSkipReason', () => {
  it('accepts consistent instruments, tokens above 2^31 included', () => {
    expect(MASTER.map(findSkipReason)).toEqual([null, null, null, null]);
    expect(NIFTY_CE_HIGH_TOKEN.token).toBeGreaterThan(2 ** 31);
  });

  it.each<[string, Partial<Instrument>, string]>([
    ['a token beyond 32 bits', { token: MAX_INSTRUMENT_TOKEN + 1 }, 'TOKEN_OUT_OF_RANGE'],
    ['a negative token', { token: -1 }, 'TOKEN_OUT_OF_RANGE'],
    ['a fractional token', { token: 1.5 }, 'TOKEN_OUT_OF_RANGE'],
    ['an exchange not traded', { exchange: 'MCX' as 'NSE' }, 'UNKNOWN_EXCHANGE'],
    ['an unknown segment', { segment: 'XX' as 'NSE' }, 'UNKNOWN_SEGMENT'],
    ['an unknown type', { type: 'ETF' as 'EQ' }, 'UNKNOWN_TYPE'],
    ['a symbol too long for its column', { tradingSymbol: 'X'.repeat(65) }, 'FIELD_TOO_LONG'],
    ['a price too large for its column', { tickSize: paise(2 ** 31) }, 'NUMBER_TOO_LARGE'],
    ['the retired-row mark in a symbol', { tradingSymbol: 'INFY~1' }, 'RESERVED_CHARACTER'],
    ['a token that does not encode its exchange token', { token: 408066 }, 'TOKEN_MISMATCH'],
    ['a zero tick size', { tickSize: paise(0) }, 'BAD_TICK_SIZE'],
    ['an empty symbol', { tradingSymbol: ' ' }, 'EMPTY_TRADING_SYMBOL'],
  ])('skips %s', (_what, change, reason) => {
    expect(findSkipReason({ ...INFY, ...change })).toBe(reason);
  });

  it('skips a future without an expiry', () => {
    expect(findSkipReason({ ...NIFTY_FUT, expiry: null })).toBe('MISSING_EXPIRY');
  });
});

describe('screenInstruments', () => {
  it('keeps the first of each token and symbol and counts every skip by reason', () => {
    const screened = screenInstruments([
      INFY,
      { ...INFY, name: 'again' },
      { ...equityOf(1595, 'INFY') },
      { ...INFY, token: 2 ** 32 },
      NIFTY_FUT,
    ]);
    expect(screened.valid).toEqual([INFY, NIFTY_FUT]);
    expect(screened.skipped).toBe(3);
    expect(screened.skippedByReason).toEqual({
      DUPLICATE_TOKEN: 1,
      DUPLICATE_SYMBOL: 1,
      TOKEN_OUT_OF_RANGE: 1,
    });
  });
});
