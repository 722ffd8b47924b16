import { detectExpiryStyle, formatDisplayName, paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { formatFutureSymbol, formatOptionSymbol } from './trading-symbol';

describe('NFO tradingsymbols', () => {
  it('writes futures and monthly options with YY + MMM, as in the Kite dump', () => {
    expect(formatFutureSymbol('NIFTY', '2026-01-27')).toBe('NIFTY26JANFUT');
    expect(formatOptionSymbol('BANKNIFTY', '2018-01-25', true, paise(2_350_000), 'CE')).toBe(
      'BANKNIFTY18JAN23500CE',
    );
    expect(formatOptionSymbol('NIFTY', '2025-11-25', true, paise(2_450_000), 'PE')).toBe(
      'NIFTY25NOV24500PE',
    );
  });

  it('writes weekly options with YY + month code + DD', () => {
    expect(formatOptionSymbol('NIFTY', '2026-01-13', false, paise(2_450_000), 'PE')).toBe(
      'NIFTY2611324500PE',
    );
    expect(formatOptionSymbol('NIFTY', '2026-10-06', false, paise(2_500_000), 'CE')).toBe(
      'NIFTY26O0625000CE',
    );
    expect(formatOptionSymbol('NIFTY', '2026-11-03', false, paise(2_500_000), 'CE')).toBe(
      'NIFTY26N0325000CE',
    );
    expect(formatOptionSymbol('NIFTY', '2026-12-08', false, paise(2_500_000), 'CE')).toBe(
      'NIFTY26D0825000CE',
    );
  });

  it('writes fractional strikes as the exchange does', () => {
    expect(formatOptionSymbol('IDEA', '2025-11-25', true, paise(750), 'CE')).toBe('IDEA25NOV7.5CE');
  });

  it('agrees with the domain reading of the symbol', () => {
    const weekly = {
      type: 'CE' as const,
      tradingSymbol: formatOptionSymbol('NIFTY', '2026-02-03', false, paise(2_605_000), 'CE'),
      expiry: '2026-02-03',
      strike: paise(2_605_000),
    };
    expect(detectExpiryStyle(weekly)).toBe('WEEKLY');
    expect(formatDisplayName(weekly)).toBe('NIFTY 03 FEB 26050 CE');
    const future = {
      type: 'FUT' as const,
      tradingSymbol: formatFutureSymbol('BANKNIFTY', '2026-03-30'),
      expiry: '2026-03-30',
      strike: null,
    };
    expect(formatDisplayName(future)).toBe('BANKNIFTY 26MAR FUT');
  });
});
