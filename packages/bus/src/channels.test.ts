import { MAX_INSTRUMENT_TOKEN } from '@kavach/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNELS, isBusChannel, isTickChannel, parseTickChannel, tickChannel } from './channels';

describe('tick channels', () => {
  it('round-trips every instrument token', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_INSTRUMENT_TOKEN }), (token) => {
        expect(parseTickChannel(tickChannel(token))).toBe(token);
      }),
    );
  });

  it('names the channel after the token', () => {
    expect(tickChannel(408_065 * 256 + 1)).toBe('ticks.104464641');
  });

  it.each([-1, 1.5, MAX_INSTRUMENT_TOKEN + 1, Number.NaN])('refuses token %s', (token) => {
    expect(() => tickChannel(token)).toThrow(RangeError);
  });

  it.each([
    'ticks.',
    'ticks.01',
    'ticks.-1',
    'ticks.1e3',
    'ticks.4294967296',
    'ticks. 1',
    'tick.1',
  ])('does not read %s as a tick channel', (channel) => {
    expect(parseTickChannel(channel)).toBeNull();
    expect(isTickChannel(channel)).toBe(false);
  });
});

describe('isBusChannel', () => {
  it('knows the named channels and the tick channels, nothing else', () => {
    for (const channel of Object.values(CHANNELS)) expect(isBusChannel(channel)).toBe(true);
    expect(isBusChannel('ticks.0')).toBe(true);
    expect(isBusChannel('ticks.*')).toBe(false);
    expect(isBusChannel('Signals')).toBe(false);
    expect(isBusChannel('toString')).toBe(false);
  });
});
