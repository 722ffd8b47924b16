import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEGMENT_IDS } from './instrument';
import type { Segment } from './instrument';
import {
  MAX_EXCHANGE_TOKEN,
  MAX_INSTRUMENT_TOKEN,
  decodeInstrumentToken,
  encodeInstrumentToken,
  findSegmentById,
} from './instrument-token';

const segments = Object.keys(SEGMENT_IDS) as Segment[];

describe('encodeInstrumentToken', () => {
  it.each<[number, Segment, number]>([
    // Rows of Kite's instrument dump: token, exchange token, segment.
    [14_898, 'NSE', 3_813_889],
    [47_164, 'NFO', 12_073_986],
    [500_325, 'BSE', 128_083_204],
    [1, 'INDICES', 265],
    [0, 'NSE', 1],
  ])('%s on %s is %s', (exchangeToken, segment, token) => {
    expect(encodeInstrumentToken(exchangeToken, segment)).toBe(token);
  });

  it('handles tokens above 2^31 that << would turn negative', () => {
    const exchangeToken = 0x90_0000;
    expect(exchangeToken << 8).toBeLessThan(0);
    expect(encodeInstrumentToken(exchangeToken, 'NFO')).toBe(2_415_919_106);
    expect(encodeInstrumentToken(MAX_EXCHANGE_TOKEN, 'INDICES')).toBe(
      MAX_INSTRUMENT_TOKEN - 255 + 9,
    );
  });

  it.each([-1, 1.5, MAX_EXCHANGE_TOKEN + 1, Number.NaN])(
    'rejects exchange token %s',
    (exchangeToken) => {
      expect(() => encodeInstrumentToken(exchangeToken, 'NSE')).toThrow(RangeError);
    },
  );
});

describe('decodeInstrumentToken', () => {
  it('splits a token into exchange token and segment', () => {
    expect(decodeInstrumentToken(12_073_986)).toEqual({ exchangeToken: 47_164, segment: 'NFO' });
    expect(decodeInstrumentToken(256_265)).toEqual({ exchangeToken: 1_001, segment: 'INDICES' });
    expect(decodeInstrumentToken(MAX_INSTRUMENT_TOKEN - 255 + 7)).toEqual({
      exchangeToken: MAX_EXCHANGE_TOKEN,
      segment: 'MCX',
    });
  });

  it.each([256, 10, 255, 0])('rejects token %s whose low byte is no segment', (token) => {
    expect(() => decodeInstrumentToken(token)).toThrow(RangeError);
  });

  it.each([-1, 1.5, MAX_INSTRUMENT_TOKEN + 1, Number.NaN])('rejects token %s', (token) => {
    expect(() => decodeInstrumentToken(token)).toThrow(RangeError);
  });

  it('inverts encodeInstrumentToken across the whole unsigned range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_EXCHANGE_TOKEN }),
        fc.constantFrom(...segments),
        (exchangeToken, segment) => {
          const token = encodeInstrumentToken(exchangeToken, segment);
          expect(token).toBeGreaterThan(0);
          expect(token).toBeLessThanOrEqual(MAX_INSTRUMENT_TOKEN);
          expect(decodeInstrumentToken(token)).toEqual({ exchangeToken, segment });
          // Same answer as unsigned 32-bit bit operations would give.
          expect(token % 256).toBe(SEGMENT_IDS[segment]);
          expect(Math.floor(token / 256)).toBe(token >>> 8);
        },
      ),
    );
  });
});

describe('findSegmentById', () => {
  it('maps every Kite segment id and nothing else', () => {
    for (const segment of segments) expect(findSegmentById(SEGMENT_IDS[segment])).toBe(segment);
    expect(findSegmentById(0)).toBeNull();
    expect(findSegmentById(10)).toBeNull();
  });
});
