import { describe, expect, it } from 'vitest';
import { EXCHANGES, INSTRUMENT_TYPES } from './instrument';
import type { Exchange, InstrumentType } from './instrument';
import { isDerivative, isListedOn, isOption, isTradable, resolveSegment } from './instrument-kind';

describe('isDerivative and isOption', () => {
  it.each<[InstrumentType, boolean, boolean]>([
    ['EQ', false, false],
    ['INDEX', false, false],
    ['FUT', true, false],
    ['CE', true, true],
    ['PE', true, true],
  ])('%s: derivative %s, option %s', (type, derivative, option) => {
    expect(isDerivative(type)).toBe(derivative);
    expect(isOption(type)).toBe(option);
  });
});

describe('isListedOn and resolveSegment', () => {
  it.each<[Exchange, InstrumentType, string]>([
    ['NSE', 'EQ', 'NSE'],
    ['BSE', 'EQ', 'BSE'],
    ['NSE', 'INDEX', 'INDICES'],
    ['BSE', 'INDEX', 'INDICES'],
    ['NFO', 'FUT', 'NFO'],
    ['NFO', 'CE', 'NFO'],
    ['NFO', 'PE', 'NFO'],
    ['BFO', 'CE', 'BFO'],
    ['BFO', 'FUT', 'BFO'],
  ])('%s %s → %s', (exchange, type, segment) => {
    expect(isListedOn(exchange, type)).toBe(true);
    expect(resolveSegment(exchange, type)).toBe(segment);
  });

  it.each<[Exchange, InstrumentType]>([
    ['NSE', 'FUT'],
    ['NSE', 'CE'],
    ['BSE', 'PE'],
    ['NFO', 'EQ'],
    ['NFO', 'INDEX'],
    ['BFO', 'EQ'],
  ])('%s does not list %s', (exchange, type) => {
    expect(isListedOn(exchange, type)).toBe(false);
    expect(() => resolveSegment(exchange, type)).toThrow(RangeError);
  });

  it('accepts exactly half of all exchange × type pairs', () => {
    let listed = 0;
    for (const exchange of EXCHANGES) {
      for (const type of INSTRUMENT_TYPES) if (isListedOn(exchange, type)) listed += 1;
    }
    // Cash: EQ and INDEX on NSE and BSE; derivatives: FUT, CE, PE on NFO and BFO.
    expect(listed).toBe(2 * 2 + 2 * 3);
  });
});

describe('isTradable', () => {
  it('never trades an index', () => {
    expect(isTradable({ type: 'INDEX', expiry: null })).toBe(false);
    expect(isTradable({ type: 'INDEX', expiry: null }, '2026-01-30')).toBe(false);
  });

  it('trades equities regardless of date', () => {
    expect(isTradable({ type: 'EQ', expiry: null })).toBe(true);
    expect(isTradable({ type: 'EQ', expiry: null }, '2026-01-30')).toBe(true);
  });

  it('trades a derivative up to and including its expiry day', () => {
    const option = { type: 'CE', expiry: '2026-01-27' } as const;
    expect(isTradable(option)).toBe(true);
    expect(isTradable(option, '2026-01-26')).toBe(true);
    expect(isTradable(option, '2026-01-27')).toBe(true);
    expect(isTradable(option, '2026-01-28')).toBe(false);
    expect(isTradable({ type: 'FUT', expiry: '2026-01-27' }, '2027-01-01')).toBe(false);
  });

  it('throws on a derivative without an expiry, or malformed dates', () => {
    expect(() => isTradable({ type: 'PE', expiry: null }, '2026-01-27')).toThrow(RangeError);
    expect(() => isTradable({ type: 'PE', expiry: '27-01-2026' }, '2026-01-27')).toThrow(
      RangeError,
    );
    expect(() => isTradable({ type: 'PE', expiry: '2026-01-27' }, '2026-1-27')).toThrow(RangeError);
  });
});
