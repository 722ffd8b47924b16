import { paise } from '@kavach/domain';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { INFY_TOKEN, makeTick, NIFTY_CE_TOKEN } from '../test/fixtures';
import type { TickMessage } from './schemas/tick-message';
import type { ScheduleRepeating } from './tick-conflator';
import { createTickConflator } from './tick-conflator';

const tickAt = (token: number, rupees: number, at = 0): TickMessage =>
  makeTick({ token, lastPrice: paise(rupees * 100), at });

describe('createTickConflator on the default timer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('publishes only each instrument’s latest tick, once per interval', () => {
    const published: TickMessage[] = [];
    const conflator = createTickConflator({
      intervalMs: 250,
      publish: (t) => {
        published.push(t);
      },
    });
    conflator.offer(tickAt(INFY_TOKEN, 1500, 1));
    conflator.offer(tickAt(NIFTY_CE_TOKEN, 120, 2));
    conflator.offer(tickAt(INFY_TOKEN, 1501, 3));
    vi.advanceTimersByTime(249);
    expect(published).toEqual([]);
    expect(conflator.pending()).toBe(2);

    vi.advanceTimersByTime(1);
    expect(published).toEqual([tickAt(INFY_TOKEN, 1501, 3), tickAt(NIFTY_CE_TOKEN, 120, 2)]);
    expect(conflator.pending()).toBe(0);

    conflator.offer(tickAt(NIFTY_CE_TOKEN, 121, 4));
    vi.advanceTimersByTime(250);
    expect(published.slice(2)).toEqual([tickAt(NIFTY_CE_TOKEN, 121, 4)]);
    conflator.stop();
  });

  it('publishes nothing when nothing changed', () => {
    const publish = vi.fn();
    const conflator = createTickConflator({ intervalMs: 100, publish });
    vi.advanceTimersByTime(1_000);
    expect(publish).not.toHaveBeenCalled();

    conflator.offer(tickAt(INFY_TOKEN, 1500, 1));
    vi.advanceTimersByTime(100);
    // The same tick again (a resend), and a move that came back: nothing new to show.
    conflator.offer(tickAt(INFY_TOKEN, 1500, 1));
    vi.advanceTimersByTime(100);
    conflator.offer(tickAt(INFY_TOKEN, 1499, 2));
    conflator.offer(tickAt(INFY_TOKEN, 1500, 1));
    vi.advanceTimersByTime(1_000);
    expect(publish).toHaveBeenCalledTimes(1);
    conflator.stop();
  });

  it('flushes on demand, and stop() flushes what waits and ends the timer', () => {
    const publish = vi.fn();
    const conflator = createTickConflator({ intervalMs: 1_000, publish });
    conflator.offer(tickAt(INFY_TOKEN, 1500));
    expect(conflator.flush()).toBe(1);
    expect(conflator.flush()).toBe(0);

    conflator.offer(tickAt(INFY_TOKEN, 1501));
    conflator.stop();
    conflator.stop();
    expect(publish).toHaveBeenCalledTimes(2);
    conflator.offer(tickAt(INFY_TOKEN, 1502));
    vi.advanceTimersByTime(10_000);
    expect(publish).toHaveBeenCalledTimes(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps publishing the other instruments when one publish throws or rejects', async () => {
    const errors: [unknown, number][] = [];
    const published: number[] = [];
    const conflator = createTickConflator({
      intervalMs: 100,
      publish: (tick) => {
        if (tick.token === 1) throw new Error('sync failure');
        if (tick.token === 2) return Promise.reject(new Error('async failure'));
        published.push(tick.token);
        return Promise.resolve();
      },
      onError: (error, tick) => errors.push([error, tick.token]),
    });
    for (const token of [1, 2, 3]) conflator.offer(tickAt(token, 10));
    vi.advanceTimersByTime(100);
    await vi.waitFor(() => {
      expect(errors.map(([, token]) => token)).toEqual([1, 2]);
    });
    expect(published).toEqual([3]);
    conflator.stop();
  });

  it('refuses an interval that is not positive', () => {
    expect(() => createTickConflator({ intervalMs: 0, publish: vi.fn() })).toThrow(RangeError);
  });
});

describe('createTickConflator on an injected schedule', () => {
  function manualSchedule() {
    let callback: (() => void) | undefined;
    let cancelled = false;
    const schedule: ScheduleRepeating = (fn, intervalMs) => {
      expect(intervalMs).toBe(500);
      callback = fn;
      return () => {
        cancelled = true;
      };
    };
    return {
      schedule,
      fire: () => callback?.(),
      isCancelled: () => cancelled,
    };
  }

  it('flushes whenever the schedule fires and cancels it on stop', () => {
    const timer = manualSchedule();
    const publish = vi.fn();
    const conflator = createTickConflator({ intervalMs: 500, publish, schedule: timer.schedule });
    conflator.offer(tickAt(INFY_TOKEN, 1500));
    timer.fire();
    expect(publish).toHaveBeenCalledWith(tickAt(INFY_TOKEN, 1500));
    conflator.stop();
    expect(timer.isCancelled()).toBe(true);
  });

  it('publishes, per flush, exactly the last new tick of every instrument', () => {
    const offer = fc.record({
      token: fc.integer({ min: 1, max: 5 }),
      rupees: fc.integer({ min: 1, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(fc.array(offer, { maxLength: 30 }), { maxLength: 6 }), (rounds) => {
        const timer = manualSchedule();
        const published: TickMessage[] = [];
        const conflator = createTickConflator({
          intervalMs: 500,
          publish: (t) => {
            published.push(t);
          },
          schedule: timer.schedule,
        });
        const shown = new Map<number, number>();
        for (const round of rounds) {
          const latest = new Map<number, number>();
          for (const { token, rupees } of round) {
            latest.set(token, rupees);
            conflator.offer(tickAt(token, rupees));
          }
          const expected = [...latest].filter(([token, rupees]) => shown.get(token) !== rupees);
          published.length = 0;
          timer.fire();
          expect(published.map((t) => [t.token, t.lastPrice / 100]).sort()).toEqual(
            expected.sort(),
          );
          for (const [token, rupees] of expected) shown.set(token, rupees);
        }
        conflator.stop();
      }),
    );
  });
});
