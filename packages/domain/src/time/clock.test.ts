import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock';
import type { Clock } from './clock';

const START = Date.UTC(2026, 0, 30, 3, 45);

describe('VirtualClock', () => {
  it('starts where it is told and satisfies Clock', () => {
    const clock: Clock = new VirtualClock(START);
    expect(clock.now()).toBe(START);
  });

  it('advances and returns the new time', () => {
    const clock = new VirtualClock(START);
    expect(clock.advance(1_500)).toBe(START + 1_500);
    expect(clock.now()).toBe(START + 1_500);
    expect(clock.advance(0)).toBe(START + 1_500);
  });

  it('sets forward, or to the same instant', () => {
    const clock = new VirtualClock(START);
    clock.set(START + 60_000);
    expect(clock.now()).toBe(START + 60_000);
    clock.set(START + 60_000);
    expect(clock.now()).toBe(START + 60_000);
  });

  it('refuses to go backwards and keeps its time', () => {
    const clock = new VirtualClock(START);
    expect(() => {
      clock.set(START - 1);
    }).toThrow(RangeError);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(clock.now()).toBe(START);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, 1.5])('rejects %s', (value) => {
    expect(() => new VirtualClock(value)).toThrow(RangeError);
    const clock = new VirtualClock(START);
    expect(() => {
      clock.set(START + value);
    }).toThrow(RangeError);
    expect(() => clock.advance(value)).toThrow(RangeError);
    expect(clock.now()).toBe(START);
  });

  it('is monotonic under any sequence of moves', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({
              kind: fc.constant('advance' as const),
              ms: fc.integer({ min: -1_000, max: 1_000_000 }),
            }),
            fc.record({
              kind: fc.constant('set' as const),
              ms: fc.integer({ min: -1_000_000, max: 1_000_000 }),
            }),
          ),
        ),
        (moves) => {
          const clock = new VirtualClock(START);
          let expected = START;
          for (const move of moves) {
            const target = move.kind === 'advance' ? expected + move.ms : START + move.ms;
            const legal = move.kind === 'advance' ? move.ms >= 0 : target >= expected;
            if (move.kind === 'advance') {
              if (legal) clock.advance(move.ms);
              else expect(() => clock.advance(move.ms)).toThrow(RangeError);
            } else if (legal) {
              clock.set(target);
            } else {
              expect(() => {
                clock.set(target);
              }).toThrow(RangeError);
            }
            if (legal) expected = target;
            expect(clock.now()).toBe(expected);
          }
        },
      ),
    );
  });
});
