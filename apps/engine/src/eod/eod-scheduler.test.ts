import { createLogger } from '@kavach/config';
import { VirtualClock, atIst, nseCalendar2026 } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import type { Actor, FlattenPort, FlattenReport } from '../control/ports';
import { createRecordingEventSink } from '../control/recording-event-sink';
import { type Timers, createEodScheduler } from './eod-scheduler';

const logger = createLogger('test', 'silent');

const flatReport: FlattenReport = {
  startedAt: 0,
  flatAt: 0,
  finishedAt: 1,
  orders: [],
  flat: true,
  remainingPositions: 0,
};

function setup(
  start: number,
  behaviour: () => Promise<FlattenReport> = () => Promise.resolve(flatReport),
) {
  const clock = new VirtualClock(start);
  const events = createRecordingEventSink();
  const calls: { reason: string; actor: Actor; at: number }[] = [];
  const cutoffs: string[] = [];
  const flatten: FlattenPort = {
    flattenAll: (reason, actor) => {
      calls.push({ reason, actor, at: clock.now() });
      return behaviour();
    },
  };
  const eod = createEodScheduler({
    clock,
    calendar: nseCalendar2026,
    noNewEntriesAfter: '15:10',
    squareOffAt: '15:25',
    flatten,
    onEntryCutoff: (date) => {
      cutoffs.push(date);
    },
    events,
    logger,
  });
  return { clock, events, calls, cutoffs, eod };
}

describe('EOD scheduler', () => {
  it('is not flat at 15:24:59.999 and flattens exactly at 15:25:00 IST, once', async () => {
    const { clock, calls, eod } = setup(atIst('15:24', '2026-11-23') + 59_999);
    expect(await eod.tick()).toEqual({ phase: 'NO_NEW_ENTRIES', squareOff: null });
    expect(calls).toHaveLength(0);

    clock.advance(1);
    expect(await eod.tick()).toEqual({ phase: 'SQUARE_OFF_DUE', squareOff: flatReport });
    expect(calls).toEqual([
      {
        reason: 'EOD square-off at 2026-11-23 15:25:00 IST',
        actor: { type: 'SYSTEM', name: 'eod' },
        at: atIst('15:25', '2026-11-23'),
      },
    ]);

    for (let i = 0; i < 5; i += 1) {
      clock.advance(10_000);
      await eod.tick();
    }
    expect(calls).toHaveLength(1);
    expect(eod.lastSquareOff()).toEqual({ date: '2026-11-23', report: flatReport });
  });

  it('joins ticks that arrive while the square-off runs', async () => {
    let release: (report: FlattenReport) => void = () => undefined;
    const { calls, eod } = setup(
      atIst('15:25', '2026-11-23'),
      () => new Promise<FlattenReport>((resolve) => (release = resolve)),
    );
    const first = eod.tick();
    const second = eod.tick();
    await Promise.resolve();
    await Promise.resolve();
    release(flatReport);
    expect((await first).squareOff).toBe(flatReport);
    expect((await second).squareOff).toBe(flatReport);
    expect(calls).toHaveLength(1);
  });

  it('does nothing on a holiday or a Saturday', async () => {
    for (const date of ['2026-11-24', '2026-11-28']) {
      const { clock, calls, cutoffs, eod } = setup(atIst('15:00', date));
      for (let minute = 0; minute < 40; minute += 1) {
        clock.advance(60_000);
        expect((await eod.tick()).phase).toBe('CLOSED_DAY');
      }
      expect(calls).toEqual([]);
      expect(cutoffs).toEqual([]);
      expect(eod.entriesAllowed()).toBe(false);
    }
  });

  it('squares off again on the next trading day, skipping the holiday between', async () => {
    const { clock, calls, eod } = setup(atIst('15:25', '2026-11-23'));
    await eod.tick();
    clock.set(atIst('15:25', '2026-11-24'));
    await eod.tick();
    clock.set(atIst('15:25', '2026-11-25'));
    await eod.tick();
    expect(calls.map((c) => c.at)).toEqual([
      atIst('15:25', '2026-11-23'),
      atIst('15:25', '2026-11-25'),
    ]);
  });

  it('stops entries at the cut-off and tells the engine once', async () => {
    const { clock, cutoffs, events, eod } = setup(atIst('15:09', '2026-11-23'));
    expect(eod.entriesAllowed()).toBe(true);
    await eod.tick();
    clock.advance(60_000);
    expect(eod.entriesAllowed()).toBe(false);
    await eod.tick();
    await eod.tick();
    expect(cutoffs).toEqual(['2026-11-23']);
    expect(events.ofType('eod.entry_cutoff')).toHaveLength(1);
  });

  it('squares off when the engine starts between 15:25 and the close', async () => {
    const { calls, cutoffs, eod } = setup(atIst('15:27', '2026-11-23'));
    await eod.tick();
    expect(cutoffs).toEqual(['2026-11-23']);
    expect(calls).toHaveLength(1);
  });

  it('warns when a running engine missed the square-off window, not when it started late', async () => {
    const running = setup(atIst('15:20', '2026-11-23'));
    await running.eod.tick();
    running.clock.set(atIst('15:31', '2026-11-23'));
    await running.eod.tick();
    await running.eod.tick();
    expect(running.calls).toEqual([]);
    expect(running.events.ofType('EOD_SQUARE_OFF_MISSED')).toHaveLength(1);

    const late = setup(atIst('16:00', '2026-11-23'));
    await late.eod.tick();
    expect(late.events.ofType('EOD_SQUARE_OFF_MISSED')).toHaveLength(0);
  });

  it('tries a failing square-off again on later ticks, three times in all', async () => {
    const { clock, calls, events, eod } = setup(atIst('15:25', '2026-11-23'), () =>
      Promise.reject(new Error('broker down')),
    );
    for (let i = 0; i < 5; i += 1) {
      await eod.tick();
      clock.advance(1_000);
    }
    expect(calls).toHaveLength(3);
    expect(
      events.ofType('EOD_SQUARE_OFF_FAILED').map((e) => [e.severity, e.data.willRetry]),
    ).toEqual([
      ['CRITICAL', true],
      ['CRITICAL', true],
      ['CRITICAL', false],
    ]);
  });

  it('raises a critical risk event when positions remain', async () => {
    const { events, eod } = setup(atIst('15:25', '2026-11-23'), () =>
      Promise.resolve({ ...flatReport, flat: false, remainingPositions: 2 }),
    );
    await eod.tick();
    expect(events.ofType('EOD_NOT_FLAT')).toMatchObject([{ severity: 'CRITICAL' }]);
  });

  it('reports a date outside the calendar and never trades it', async () => {
    const { events, calls, eod } = setup(atIst('15:25', '2027-01-04'));
    expect((await eod.tick()).phase).toBe('CALENDAR_NOT_COVERED');
    await eod.tick();
    expect(calls).toEqual([]);
    expect(eod.entriesAllowed()).toBe(false);
    expect(events.ofType('CALENDAR_NOT_COVERED')).toHaveLength(1);
  });

  it('ticks on the injected timer between start and stop', async () => {
    const callbacks: (() => void)[] = [];
    const cleared: unknown[] = [];
    const timers: Timers = {
      setInterval: (callback) => {
        callbacks.push(callback);
        return 'handle';
      },
      clearInterval: (handle) => cleared.push(handle),
    };
    const clock = new VirtualClock(atIst('15:25', '2026-11-23'));
    const calls: number[] = [];
    const eod = createEodScheduler({
      clock,
      calendar: nseCalendar2026,
      flatten: {
        flattenAll: () => {
          calls.push(clock.now());
          return Promise.resolve(flatReport);
        },
      },
      events: createRecordingEventSink(),
      logger,
      timers,
    });
    eod.start(1_000);
    eod.start(1_000);
    expect(callbacks).toHaveLength(1);
    callbacks[0]?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toHaveLength(1);
    eod.stop();
    expect(cleared).toEqual(['handle']);
  });

  it('names its square-off’s midway as the eod.midway failpoint', async () => {
    const hit: string[] = [];
    const eod = createEodScheduler({
      clock: new VirtualClock(atIst('15:25', '2026-11-23')),
      calendar: nseCalendar2026,
      flatten: {
        flattenAll: (_reason, _actor, progress) => {
          progress?.midway?.();
          return Promise.resolve(flatReport);
        },
      },
      events: createRecordingEventSink(),
      logger,
      failpoint: (name) => void hit.push(name),
    });
    await eod.tick();
    expect(hit).toEqual(['eod.midway']);
  });
});
