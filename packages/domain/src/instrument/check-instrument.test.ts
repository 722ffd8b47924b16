import { describe, expect, it } from 'vitest';
import { paise } from '../money/paise';
import { checkInstrument } from './check-instrument';
import type { InstrumentProblem } from './check-instrument';
import type { Instrument } from './instrument';

const INFY: Instrument = {
  token: 408_065,
  exchangeToken: 1_594,
  exchange: 'NSE',
  segment: 'NSE',
  tradingSymbol: 'INFY',
  name: 'INFOSYS',
  type: 'EQ',
  tickSize: paise(10),
  lotSize: 1,
  freezeQuantity: null,
  expiry: null,
  strike: null,
};

const NIFTY_CE: Instrument = {
  token: 12_073_986,
  exchangeToken: 47_164,
  exchange: 'NFO',
  segment: 'NFO',
  tradingSymbol: 'NIFTY25NOV24500CE',
  name: 'NIFTY',
  type: 'CE',
  tickSize: paise(5),
  lotSize: 65,
  freezeQuantity: 1_800,
  expiry: '2025-11-25',
  strike: paise(2_450_000),
};

const NIFTY_INDEX: Instrument = {
  ...INFY,
  token: 256_265,
  exchangeToken: 1_001,
  segment: 'INDICES',
  tradingSymbol: 'NIFTY 50',
  name: 'NIFTY 50',
  type: 'INDEX',
};

describe('checkInstrument', () => {
  it('finds nothing wrong with consistent records', () => {
    expect(checkInstrument(INFY)).toEqual([]);
    expect(checkInstrument(NIFTY_CE)).toEqual([]);
    expect(checkInstrument(NIFTY_INDEX)).toEqual([]);
    expect(
      checkInstrument({ ...NIFTY_CE, type: 'FUT', tradingSymbol: 'NIFTY25NOVFUT', strike: null }),
    ).toEqual([]);
  });

  it.each<[string, Partial<Instrument>, InstrumentProblem[]]>([
    ['a blank tradingsymbol', { tradingSymbol: '  ' }, ['EMPTY_TRADING_SYMBOL']],
    ['an equity on a derivative exchange', { exchange: 'NFO' }, ['NOT_LISTED_ON_EXCHANGE']],
    ['the wrong segment', { segment: 'BSE' }, ['SEGMENT_MISMATCH', 'TOKEN_MISMATCH']],
    ['a token that is not exchange token << 8 | segment', { token: 408_066 }, ['TOKEN_MISMATCH']],
    ['a negative exchange token', { exchangeToken: -1 }, ['BAD_EXCHANGE_TOKEN']],
    ['a zero tick', { tickSize: paise(0) }, ['BAD_TICK_SIZE']],
    ['a fractional lot', { lotSize: 1.5 }, ['BAD_LOT_SIZE']],
    ['a freeze below one lot', { lotSize: 10, freezeQuantity: 5 }, ['BAD_FREEZE_QUANTITY']],
    ['an expiry on an equity', { expiry: '2025-11-25' }, ['UNEXPECTED_EXPIRY']],
    ['a strike on an equity', { strike: paise(100) }, ['UNEXPECTED_STRIKE']],
  ])('reports %s', (_label, change, problems) => {
    expect(checkInstrument({ ...INFY, ...change })).toEqual(problems);
  });

  it.each<[string, Partial<Instrument>, InstrumentProblem[]]>([
    ['a missing expiry', { expiry: null }, ['MISSING_EXPIRY']],
    ['a malformed expiry', { expiry: '25-11-2025' }, ['BAD_EXPIRY']],
    ['a missing strike', { strike: null }, ['MISSING_STRIKE']],
    ['a zero strike', { strike: paise(0) }, ['BAD_STRIKE']],
    [
      'an index segment for an option',
      { segment: 'INDICES', token: 47_164 * 256 + 9 },
      ['SEGMENT_MISMATCH'],
    ],
  ])('reports %s on an option', (_label, change, problems) => {
    expect(checkInstrument({ ...NIFTY_CE, ...change })).toEqual(problems);
  });

  it('reports a strike on a future', () => {
    expect(checkInstrument({ ...NIFTY_CE, type: 'FUT' })).toEqual(['UNEXPECTED_STRIKE']);
  });

  it('reports every problem at once', () => {
    const broken = { ...NIFTY_CE, tickSize: paise(0), lotSize: 0, expiry: null, strike: null };
    expect(checkInstrument(broken)).toEqual([
      'BAD_TICK_SIZE',
      'BAD_LOT_SIZE',
      'MISSING_EXPIRY',
      'MISSING_STRIKE',
    ]);
  });
});
