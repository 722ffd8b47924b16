import { paise } from '@kavach/domain';
import { NIFTY_FUT, NIFTY_INDEX } from '@kavach/testkit';
import { describe, expect, it } from 'vitest';
import { niftyChain, niftyOption, symbolOf } from './execute-signal.fixtures';
import {
  NoHedgeStrikeError,
  UnknownContractError,
  nearestNiftyExpiry,
  pickHedgeStrike,
  resolveNiftyOption,
} from './resolve-nifty-option';

// NIFTY weeklies expire on Tuesdays; Tuesday 31 March 2026 is a holiday (Mahavir Jayanti), so
// that week's contract expires on Monday 30 March.
const MASTER = [
  NIFTY_INDEX,
  NIFTY_FUT,
  { ...niftyOption(24000, 'CE', '2026-03-24'), name: 'BANKNIFTY' },
  ...niftyChain('2026-04-07', 23000, 25000),
  ...niftyChain('2026-03-24', 23000, 25000),
  ...niftyChain('2026-03-30', 23000, 25000),
  niftyOption(26000, 'CE', '2026-04-07'),
];

const query = (strike: number, todayIst: string, optionType: 'CE' | 'PE' = 'CE') => ({
  strike: paise(strike * 100),
  optionType,
  todayIst,
});

describe('resolveNiftyOption', () => {
  it('picks the nearest weekly expiry after today', () => {
    const option = resolveNiftyOption(MASTER, query(24000, '2026-03-25'));
    expect(option.tradingSymbol).toBe(symbolOf(24000, 'CE', '2026-03-30'));
    expect(option.expiry).toBe('2026-03-30');
  });

  it('follows a holiday-shifted Monday expiry and then the Tuesday one', () => {
    expect(nearestNiftyExpiry(MASTER, '2026-03-27')).toBe('2026-03-30');
    expect(nearestNiftyExpiry(MASTER, '2026-03-31')).toBe('2026-04-07');
    expect(resolveNiftyOption(MASTER, query(23500, '2026-04-01', 'PE')).tradingSymbol).toBe(
      symbolOf(23500, 'PE', '2026-04-07'),
    );
  });

  it("counts today's expiry until the close", () => {
    expect(resolveNiftyOption(MASTER, query(24000, '2026-03-24')).expiry).toBe('2026-03-24');
    expect(resolveNiftyOption(MASTER, query(24000, '2026-03-25')).expiry).toBe('2026-03-30');
  });

  it('returns the option of the asked type, strike and underlying only', () => {
    const option = resolveNiftyOption(MASTER, query(24000, '2026-03-20', 'PE'));
    expect(option).toMatchObject({
      exchange: 'NFO',
      name: 'NIFTY',
      type: 'PE',
      strike: 24000_00,
      expiry: '2026-03-24',
    });
  });

  it('names the nearest strikes when the strike is not listed', () => {
    let thrown: unknown;
    try {
      resolveNiftyOption(MASTER, query(25200, '2026-03-25'));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UnknownContractError);
    const error = thrown as UnknownContractError;
    expect(error.code).toBe('UNKNOWN_CONTRACT');
    expect(error.nearestStrikes).toEqual([24850_00, 24900_00, 24950_00, 25000_00]);
    expect(error.message).toContain('2026-03-30');
    expect(error.message).toContain('24850, 24900, 24950, 25000');
  });

  it('does not fall through to a later expiry that lists the strike', () => {
    expect(() => resolveNiftyOption(MASTER, query(26000, '2026-03-25'))).toThrow(
      UnknownContractError,
    );
    expect(resolveNiftyOption(MASTER, query(26000, '2026-04-01')).expiry).toBe('2026-04-07');
  });

  it('refuses when no NIFTY option expires on or after today', () => {
    expect(() => resolveNiftyOption(MASTER, query(24000, '2026-04-08'))).toThrow(
      /no NIFTY option .* on or after 2026-04-08/,
    );
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => resolveNiftyOption(MASTER, query(24000, '25-03-2026'))).toThrow(RangeError);
  });
});

describe('pickHedgeStrike', () => {
  const main = (strike: number, type: 'CE' | 'PE') =>
    resolveNiftyOption(MASTER, query(strike, '2026-03-25', type));

  it('hedges a CE 500 points higher, same expiry', () => {
    const hedge = pickHedgeStrike(MASTER, main(24000, 'CE'));
    expect(hedge.tradingSymbol).toBe(symbolOf(24500, 'CE', '2026-03-30'));
  });

  it('hedges a PE 500 points lower, same expiry', () => {
    const hedge = pickHedgeStrike(MASTER, main(24000, 'PE'));
    expect(hedge.tradingSymbol).toBe(symbolOf(23500, 'PE', '2026-03-30'));
  });

  it('takes the distance as an option', () => {
    expect(pickHedgeStrike(MASTER, main(24000, 'CE'), 200).strike).toBe(24200_00);
    expect(pickHedgeStrike(MASTER, main(24000, 'PE'), 200).strike).toBe(23800_00);
  });

  it('snaps to the next listed strike further out of the money', () => {
    const gappy = MASTER.filter(
      (i) => i.expiry !== '2026-03-30' || (i.strike !== 24500_00 && i.strike !== 23500_00),
    );
    const ce = resolveNiftyOption(gappy, query(24000, '2026-03-25', 'CE'));
    const pe = resolveNiftyOption(gappy, query(24000, '2026-03-25', 'PE'));
    expect(pickHedgeStrike(gappy, ce).strike).toBe(24550_00);
    expect(pickHedgeStrike(gappy, pe).strike).toBe(23450_00);
  });

  it('refuses when the chain ends before the hedge strike', () => {
    expect(() => pickHedgeStrike(MASTER, main(24600, 'CE'))).toThrow(NoHedgeStrikeError);
    expect(() => pickHedgeStrike(MASTER, main(23400, 'PE'))).toThrow(/at or below 22900/);
    expect(pickHedgeStrike(MASTER, main(24500, 'CE')).strike).toBe(25000_00);
  });

  it('refuses a distance that is not a positive whole number of points', () => {
    expect(() => pickHedgeStrike(MASTER, main(24000, 'CE'), 0)).toThrow(RangeError);
    expect(() => pickHedgeStrike(MASTER, main(24000, 'CE'), 12.5)).toThrow(RangeError);
  });
});
