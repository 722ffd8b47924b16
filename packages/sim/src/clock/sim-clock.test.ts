import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atIst } from '@kavach/domain';
import type { Clock } from '@kavach/domain';
import { createSimClock } from './sim-clock';

const START = atIst('09:15', '2026-02-02');

function fakeReal(startAt = 1_000): { now: () => number; advance: (ms: number) => void } {
  let real = startAt;
  return {
    now: () => real,
    advance: (ms: number) => {
      real += ms;
    },
  };
}

describe('createSimClock', () => {
  it('runs at real time by default and satisfies Clock', () => {
    const real = fakeReal();
    const clock: Clock = createSimClock({ startMs: START, realNow: real.now });
    expect(clock.now()).toBe(START);
    real.advance(1_500);
    expect(clock.now()).toBe(START + 1_500);
  });

  it('runs faster with a speed factor and keeps its time when the speed changes', () => {
    const real = fakeReal();
    const clock = createSimClock({ startMs: START, realNow: real.now, speed: 60 });
    real.advance(1_000);
    expect(clock.now()).toBe(START + 60_000);
    clock.setSpeed(1);
    expect(clock.now()).toBe(START + 60_000);
    real.advance(1_000);
    expect(clock.now()).toBe(START + 61_000);
    expect(clock.speed()).toBe(1);
  });

  it('stands still while paused and resumes from where it stopped', () => {
    const real = fakeReal();
    const clock = createSimClock({ startMs: START, realNow: real.now, speed: 10 });
    real.advance(100);
    clock.pause();
    expect(clock.isPaused()).toBe(true);
    real.advance(10_000);
    expect(clock.now()).toBe(START + 1_000);
    clock.resume();
    real.advance(100);
    expect(clock.now()).toBe(START + 2_000);
  });

  it('moves by set and step, also while paused', () => {
    const real = fakeReal();
    const clock = createSimClock({ startMs: START, realNow: real.now, paused: true });
    clock.set(START + 60_000);
    expect(clock.now()).toBe(START + 60_000);
    expect(clock.step(500)).toBe(START + 60_500);
    real.advance(5_000);
    expect(clock.now()).toBe(START + 60_500);
  });

  it('refuses to go backwards, to take bad numbers, and never rewinds with the real source', () => {
    const real = fakeReal();
    const clock = createSimClock({ startMs: START, realNow: real.now });
    real.advance(1_000);
    expect(() => {
      clock.set(START);
    }).toThrow(/backwards/);
    expect(() => {
      clock.step(-1);
    }).toThrow(/backwards/);
    expect(() => {
      clock.step(0.5);
    }).toThrow(RangeError);
    expect(() => {
      clock.setSpeed(0);
    }).toThrow(/positive/);
    expect(() => {
      clock.setSpeed(Number.NaN);
    }).toThrow(/positive/);
    real.advance(-900);
    expect(clock.now()).toBe(START + 1_000);
  });

  it('is monotonic for any sequence of operations', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('real' as const), ms: fc.integer({ min: -500, max: 5_000 }) }),
      fc.record({ kind: fc.constant('step' as const), ms: fc.integer({ min: 0, max: 5_000 }) }),
      fc.record({
        kind: fc.constant('speed' as const),
        x: fc.double({ min: 0.1, max: 500, noNaN: true }),
      }),
      fc.constant({ kind: 'pause' as const }),
      fc.constant({ kind: 'resume' as const }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const real = fakeReal();
        const clock = createSimClock({ startMs: START, realNow: real.now });
        let last = clock.now();
        for (const o of ops) {
          if (o.kind === 'real') real.advance(o.ms);
          else if (o.kind === 'step') clock.step(o.ms);
          else if (o.kind === 'speed') clock.setSpeed(o.x);
          else if (o.kind === 'pause') clock.pause();
          else clock.resume();
          const now = clock.now();
          expect(Number.isSafeInteger(now)).toBe(true);
          expect(now).toBeGreaterThanOrEqual(last);
          last = now;
        }
      }),
    );
  });
});
