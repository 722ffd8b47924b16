import { describe, expect, it } from 'vitest';
import { paise } from '../money/paise';
import type { Instrument } from './instrument';
import { detectExpiryStyle, formatDisplayName } from './display-name';

type Named = Pick<Instrument, 'type' | 'tradingSymbol' | 'expiry' | 'strike'>;

const option = (
  tradingSymbol: string,
  expiry: string,
  strikeRupees: number,
  type: 'CE' | 'PE' = 'CE',
): Named => ({
  type,
  tradingSymbol,
  expiry,
  strike: paise(Math.round(strikeRupees * 100)),
});

const future = (tradingSymbol: string, expiry: string): Named => ({
  type: 'FUT',
  tradingSymbol,
  expiry,
  strike: null,
});

describe('formatDisplayName', () => {
  it('shows equities and indices by tradingsymbol', () => {
    expect(
      formatDisplayName({ type: 'EQ', tradingSymbol: 'INFY', expiry: null, strike: null }),
    ).toBe('INFY');
    expect(
      formatDisplayName({ type: 'EQ', tradingSymbol: 'M&M', expiry: null, strike: null }),
    ).toBe('M&M');
    expect(
      formatDisplayName({ type: 'INDEX', tradingSymbol: 'NIFTY 50', expiry: null, strike: null }),
    ).toBe('NIFTY 50');
  });

  it('shows monthly options as NAME YYMMM STRIKE TYPE', () => {
    expect(formatDisplayName(option('NIFTY25NOV24500CE', '2025-11-25', 24_500))).toBe(
      'NIFTY 25NOV 24500 CE',
    );
    expect(formatDisplayName(option('BANKNIFTY18JAN23500PE', '2018-01-25', 23_500, 'PE'))).toBe(
      'BANKNIFTY 18JAN 23500 PE',
    );
    expect(formatDisplayName(option('ADANIPORTS17DEC490PE', '2017-12-28', 490, 'PE'))).toBe(
      'ADANIPORTS 17DEC 490 PE',
    );
  });

  it('keeps fractional strikes as the exchange writes them', () => {
    expect(formatDisplayName(option('IDEA25NOV7.5CE', '2025-11-25', 7.5))).toBe(
      'IDEA 25NOV 7.5 CE',
    );
    expect(formatDisplayName(option('XYZ25NOV1012.25PE', '2025-11-25', 1_012.25, 'PE'))).toBe(
      'XYZ 25NOV 1012.25 PE',
    );
    expect(formatDisplayName(option('XYZ25NOV1012.50PE', '2025-11-25', 1_012.5, 'PE'))).toBe(
      'XYZ 25NOV 1012.5 PE',
    );
  });

  it('shows weekly options as NAME DD MMM STRIKE TYPE', () => {
    expect(formatDisplayName(option('NIFTY25N0424500CE', '2025-11-04', 24_500))).toBe(
      'NIFTY 04 NOV 24500 CE',
    );
    expect(formatDisplayName(option('NIFTY20D1713600CE', '2020-12-17', 13_600))).toBe(
      'NIFTY 17 DEC 13600 CE',
    );
    expect(formatDisplayName(option('NIFTY2611324500PE', '2026-01-13', 24_500, 'PE'))).toBe(
      'NIFTY 13 JAN 24500 PE',
    );
    expect(formatDisplayName(option('NIFTY26O0625000CE', '2026-10-06', 25_000))).toBe(
      'NIFTY 06 OCT 25000 CE',
    );
  });

  it('shows futures as NAME YYMMM FUT', () => {
    expect(formatDisplayName(future('NIFTY25NOVFUT', '2025-11-25'))).toBe('NIFTY 25NOV FUT');
    expect(formatDisplayName(future('BAJAJ-AUTO26JANFUT', '2026-01-27'))).toBe(
      'BAJAJ-AUTO 26JAN FUT',
    );
  });

  it('falls back to the tradingsymbol when it does not match the expiry and strike', () => {
    // Expiry month disagrees with the symbol.
    expect(formatDisplayName(option('NIFTY25NOV24500CE', '2025-12-30', 24_500))).toBe(
      'NIFTY25NOV24500CE',
    );
    // Strike disagrees.
    expect(formatDisplayName(option('NIFTY25NOV24500CE', '2025-11-25', 24_600))).toBe(
      'NIFTY25NOV24500CE',
    );
    // Option type disagrees.
    expect(formatDisplayName(option('NIFTY25NOV24500CE', '2025-11-25', 24_500, 'PE'))).toBe(
      'NIFTY25NOV24500CE',
    );
    // A future with a weekly-style code does not exist.
    expect(formatDisplayName(future('NIFTY25N04FUT', '2025-11-04'))).toBe('NIFTY25N04FUT');
    // Nothing before the expiry code.
    expect(formatDisplayName(option('25NOV24500CE', '2025-11-25', 24_500))).toBe('25NOV24500CE');
  });

  it('throws on a derivative without expiry or an option without strike', () => {
    expect(() =>
      formatDisplayName({
        type: 'CE',
        tradingSymbol: 'NIFTY25NOV24500CE',
        expiry: null,
        strike: paise(2_450_000),
      }),
    ).toThrow(RangeError);
    expect(() =>
      formatDisplayName({
        type: 'PE',
        tradingSymbol: 'NIFTY25NOV24500PE',
        expiry: '2025-11-25',
        strike: null,
      }),
    ).toThrow(RangeError);
    expect(() => formatDisplayName(future('NIFTY25NOVFUT', '25-11-2025'))).toThrow(RangeError);
  });
});

describe('detectExpiryStyle', () => {
  it('reads the style from the tradingsymbol', () => {
    expect(detectExpiryStyle(option('NIFTY25NOV24500CE', '2025-11-25', 24_500))).toBe('MONTHLY');
    expect(detectExpiryStyle(option('NIFTY25N0424500CE', '2025-11-04', 24_500))).toBe('WEEKLY');
    expect(detectExpiryStyle(future('NIFTY25NOVFUT', '2025-11-25'))).toBe('MONTHLY');
  });

  it('is null for non-derivatives and unmatched symbols', () => {
    expect(
      detectExpiryStyle({ type: 'EQ', tradingSymbol: 'INFY', expiry: null, strike: null }),
    ).toBeNull();
    expect(detectExpiryStyle(option('NIFTY25NOV24500CE', '2025-12-30', 24_500))).toBeNull();
  });
});
