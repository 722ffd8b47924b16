import {
  checkInstrument,
  decodeInstrumentToken,
  detectExpiryStyle,
  nseCalendar2026,
  paise,
} from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { buildUniverse } from './build-universe';
import type { UniverseEntry } from './build-universe';
import { NSE_UNIVERSE } from './default-universe';
import { NIFTY50_STOCKS } from './nifty50-stocks';

const NIFTY50_SYMBOLS = [
  'ADANIENT',
  'ADANIPORTS',
  'APOLLOHOSP',
  'ASIANPAINT',
  'AXISBANK',
  'BAJAJ-AUTO',
  'BAJAJFINSV',
  'BAJFINANCE',
  'BEL',
  'BHARTIARTL',
  'CIPLA',
  'COALINDIA',
  'DRREDDY',
  'EICHERMOT',
  'ETERNAL',
  'GRASIM',
  'HCLTECH',
  'HDFCBANK',
  'HDFCLIFE',
  'HINDALCO',
  'HINDUNILVR',
  'ICICIBANK',
  'INDIGO',
  'INFY',
  'ITC',
  'JIOFIN',
  'JSWSTEEL',
  'KOTAKBANK',
  'LT',
  'M&M',
  'MARUTI',
  'MAXHEALTH',
  'NESTLEIND',
  'NTPC',
  'ONGC',
  'POWERGRID',
  'RELIANCE',
  'SBILIFE',
  'SBIN',
  'SHRIRAMFIN',
  'SUNPHARMA',
  'TATACONSUM',
  'TATASTEEL',
  'TCS',
  'TECHM',
  'TITAN',
  'TMPV',
  'TRENT',
  'ULTRACEMCO',
  'WIPRO',
];

function symbols(entries: readonly UniverseEntry[], kind: UniverseEntry['kind']): string[] {
  return entries.filter((e) => e.kind === kind).map((e) => e.instrument.tradingSymbol);
}

function find(entries: readonly UniverseEntry[], symbol: string): UniverseEntry {
  const entry = entries.find((e) => e.instrument.tradingSymbol === symbol);
  if (entry === undefined) throw new Error(`${symbol} not listed`);
  return entry;
}

describe('buildUniverse on a normal Monday (2026-02-02)', () => {
  const universe = buildUniverse(NSE_UNIVERSE, { sessionDate: '2026-02-02' });
  const { entries } = universe;

  it('lists every NIFTY 50 stock exactly once', () => {
    const stocks = symbols(entries, 'STOCK');
    expect(stocks).toHaveLength(50);
    expect([...stocks].sort()).toEqual([...NIFTY50_SYMBOLS].sort());
  });

  it('lists the two indices with Kite’s real tokens', () => {
    expect(find(entries, 'NIFTY 50').instrument).toMatchObject({
      token: 256_265,
      exchangeToken: 1_001,
      exchange: 'NSE',
      segment: 'INDICES',
      type: 'INDEX',
    });
    expect(find(entries, 'NIFTY BANK').instrument.token).toBe(260_105);
  });

  it('uses the real tokens the reference dump confirms', () => {
    expect(find(entries, 'ADANIPORTS').instrument.token).toBe(3_861_249);
    expect(find(entries, 'INFY').instrument.token).toBe(408_065);
  });

  it('has tokens that decode back to exchange token and segment, all distinct', () => {
    const tokens = new Set<number>();
    for (const { instrument } of entries) {
      expect(decodeInstrumentToken(instrument.token)).toEqual({
        exchangeToken: instrument.exchangeToken,
        segment: instrument.segment,
      });
      expect(checkInstrument(instrument)).toEqual([]);
      tokens.add(instrument.token);
    }
    expect(tokens.size).toBe(entries.length);
  });

  it('lists current and next month futures for both indices', () => {
    expect(symbols(entries, 'FUTURE')).toEqual([
      'NIFTY26FEBFUT',
      'NIFTY26MARFUT',
      'BANKNIFTY26FEBFUT',
      'BANKNIFTY26MARFUT',
    ]);
    expect(find(entries, 'NIFTY26MARFUT').instrument).toMatchObject({
      expiry: '2026-03-30',
      lotSize: 65,
      freezeQuantity: 1_800,
      underlyingToken: 256_265,
    });
  });

  it('lists the NIFTY weekly and monthly chains, 41 strikes each, 50 points apart', () => {
    const niftyOptions = entries.filter(
      (e) => e.kind === 'OPTION' && e.instrument.name === 'NIFTY',
    );
    expect([...new Set(niftyOptions.map((e) => e.instrument.expiry))]).toEqual([
      '2026-02-03',
      '2026-02-24',
    ]);
    expect(niftyOptions).toHaveLength(2 * 41 * 2);
    const strikes = [...new Set(niftyOptions.map((e) => e.instrument.strike))];
    expect(strikes[0]).toBe(paise(25_050_00));
    expect(strikes.at(-1)).toBe(paise(27_050_00));
    const weekly = find(entries, 'NIFTY2620326050CE');
    expect(detectExpiryStyle(weekly.instrument)).toBe('WEEKLY');
    const monthly = find(entries, 'NIFTY26FEB26050PE');
    expect(detectExpiryStyle(monthly.instrument)).toBe('MONTHLY');
    expect(monthly.instrument).toMatchObject({ lotSize: 65, tickSize: paise(5) });
  });

  it('lists BANKNIFTY monthly options only, 100 points apart, lot 30, freeze 600', () => {
    const bank = entries.filter((e) => e.kind === 'OPTION' && e.instrument.name === 'BANKNIFTY');
    expect(new Set(bank.map((e) => e.instrument.expiry))).toEqual(new Set(['2026-02-24']));
    expect(bank).toHaveLength(41 * 2);
    expect(find(entries, 'BANKNIFTY26FEB59300CE').instrument).toMatchObject({
      lotSize: 30,
      freezeQuantity: 600,
      underlyingToken: 260_105,
    });
  });

  it('puts every expiry on a trading day', () => {
    for (const { instrument } of entries) {
      if (instrument.expiry !== null) {
        expect(nseCalendar2026.isTradingDay(instrument.expiry)).toBe(true);
      }
    }
    expect(universe.warnings).toEqual([]);
  });
});

describe('buildUniverse around expiries and holidays', () => {
  it('adds the next weekly when the nearest weekly is the monthly (holiday-moved) expiry', () => {
    const { entries } = buildUniverse(NSE_UNIVERSE, { sessionDate: '2026-03-25' });
    const expiries = new Set(
      entries
        .filter((e) => e.kind === 'OPTION' && e.instrument.name === 'NIFTY')
        .map((e) => e.instrument.expiry),
    );
    expect(expiries).toEqual(new Set(['2026-03-30', '2026-04-07']));
    expect(find(entries, 'NIFTY26MAR26050CE').instrument.expiry).toBe('2026-03-30');
    expect(find(entries, 'NIFTY2640726050CE').instrument.expiry).toBe('2026-04-07');
  });

  it('lists a contract on its own expiry day', () => {
    const { entries } = buildUniverse(NSE_UNIVERSE, { sessionDate: '2026-02-24' });
    expect(find(entries, 'BANKNIFTY26FEBFUT').instrument.expiry).toBe('2026-02-24');
  });

  it('leaves out contracts beyond the calendar and says so', () => {
    const universe = buildUniverse(NSE_UNIVERSE, { sessionDate: '2026-12-30' });
    expect(universe.entries.filter((e) => e.kind === 'FUTURE')).toEqual([]);
    expect(universe.entries.filter((e) => e.kind === 'OPTION')).toEqual([]);
    expect(universe.warnings.join('\n')).toMatch(/NIFTY: 2 future\(s\) not listed/);
  });

  it('refuses a holiday, a weekend and a year the calendar does not cover', () => {
    expect(() => buildUniverse(NSE_UNIVERSE, { sessionDate: '2026-01-26' })).toThrow(
      /not a trading day: it is a holiday \(Republic Day\)/,
    );
    expect(() => buildUniverse(NSE_UNIVERSE, { sessionDate: '2026-02-07' })).toThrow(/weekend/);
    expect(() => buildUniverse(NSE_UNIVERSE, { sessionDate: '2027-01-04' })).toThrow(
      /outside the NSE 2026 calendar/,
    );
  });

  it('refuses a stock following an index that is not listed', () => {
    const stray = { ...NIFTY50_STOCKS[0]!, factor: 'NIFTY IT' };
    expect(() =>
      buildUniverse({ ...NSE_UNIVERSE, stocks: [stray] }, { sessionDate: '2026-02-02' }),
    ).toThrow(/factor index "NIFTY IT"/);
  });
});

describe('stock data', () => {
  it('follows NSE’s tick rule: ₹0.01 below ₹250, else ₹0.05', () => {
    for (const stock of NIFTY50_STOCKS) {
      expect(stock.tickSize).toBe(stock.previousClose < 250_00 ? 1 : 5);
      expect(stock.previousClose % stock.tickSize).toBe(0);
      expect(stock.circuitPercent).toBeGreaterThan(0);
      expect(Math.abs(stock.factorCorrelation)).toBeLessThanOrEqual(1);
    }
  });
});
