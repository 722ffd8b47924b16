import { createLogger } from '@kavach/config';
import { VirtualClock } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import type { ControlStore } from './control-store';
import { createInMemoryControlStore } from './in-memory-control-store';
import type { Actor } from './ports';
import { createRecordingEventSink } from './recording-event-sink';
import { createTradingStateService } from './trading-state';

const trader: Actor = { type: 'USER', name: 'trader@example.com' };
const system: Actor = { type: 'SYSTEM', name: 'auto-pause' };
const logger = createLogger('test', 'silent');

function setup<S extends ControlStore>(store: S) {
  const clock = new VirtualClock(Date.UTC(2026, 10, 23, 4, 0));
  const events = createRecordingEventSink();
  const service = createTradingStateService({ store, clock, events, logger });
  return { store, clock, events, service };
}

/** A store whose writes wait until the test lets them through. */
function gatedStore(inner: ControlStore) {
  const gates: (() => void)[] = [];
  const store: ControlStore = {
    ...inner,
    recordStateChange: async (row, audit) => {
      await new Promise<void>((resolve) => gates.push(resolve));
      await inner.recordStateChange(row, audit);
    },
  };
  const open = async () => {
    while (gates.length === 0) await Promise.resolve();
    gates.shift()?.();
    await Promise.resolve();
  };
  return { store, open };
}

describe('trading state service', () => {
  it('stores, audits and publishes a pause and a resume', async () => {
    const { service, store, events, clock } = setup(createInMemoryControlStore());
    await service.load();
    expect(service.canEnter()).toBe(true);

    const paused = await service.pause(trader, '  lunch  ');
    expect(paused).toMatchObject({ ok: true, changed: true, persisted: true });
    expect(service.current()).toMatchObject({ state: 'PAUSED', since: clock.now() });
    expect(service.canEnter()).toBe(false);

    clock.advance(60_000);
    await service.resume(trader, 'back');
    expect(service.current()).toMatchObject({ state: 'ACTIVE', reasons: [] });

    expect(store.rows.map((r) => [r.state, r.reason, r.actor.name])).toEqual([
      ['PAUSED', 'MANUAL: lunch', trader.name],
      ['ACTIVE', 'RESUMED: back', trader.name],
    ]);
    expect(store.audits.map((a) => [a.action, a.actor])).toEqual([
      ['trading_state.paused', trader],
      ['trading_state.resumed', trader],
    ]);
    expect(events.ofType('trading_state.changed').map((e) => e.data.state)).toEqual([
      'PAUSED',
      'ACTIVE',
    ]);
  });

  it('refuses a resume by the engine and a resume out of HALTED', async () => {
    const { service } = setup(createInMemoryControlStore());
    await service.load();
    await service.pause(system, 'loss', 'DAILY_LOSS_STOP');
    expect(await service.resume(system, 'auto')).toMatchObject({
      ok: false,
      code: 'USER_REQUIRED',
    });
    await service.halt(trader, 'kill');
    expect(await service.resume(trader, 'go')).toMatchObject({ ok: false, code: 'HALTED' });
    expect(service.current().state).toBe('HALTED');
  });

  it('halts before the halt call returns, while an earlier write is still pending', async () => {
    const { store, open } = gatedStore(createInMemoryControlStore());
    const { service } = setup(store);
    await service.load();
    const pausing = service.pause(trader, 'first');
    const halting = service.halt(trader, 'flatten');
    expect(service.current().state).toBe('HALTED');
    expect(service.canEnter()).toBe(false);
    await open();
    await open();
    await expect(pausing).resolves.toMatchObject({ ok: true, changed: true });
    await expect(halting).resolves.toMatchObject({ ok: true, changed: true });
    expect(service.current()).toMatchObject({ state: 'HALTED', halt: { message: 'flatten' } });
  });

  it('resumes only once the resume is written, and a halt asked meanwhile wins', async () => {
    const inner = createInMemoryControlStore();
    const { store, open } = gatedStore(inner);
    const { service } = setup(store);
    await service.load();
    const pausing = service.pause(trader, 'news');
    await open();
    await pausing;

    const resuming = service.resume(trader, 'done');
    expect(service.current().state).toBe('PAUSED');
    const halting = service.halt(trader, 'kill');
    await open();
    await expect(resuming).resolves.toMatchObject({ ok: true, changed: true });
    expect(service.current().state).toBe('HALTED');
    await open();
    await halting;
    expect(inner.rows.map((r) => r.state)).toEqual(['PAUSED', 'ACTIVE', 'HALTED']);
    expect(service.current().state).toBe('HALTED');
  });

  it('keeps a pause that the database refused, and stays paused when a resume is refused', async () => {
    const { service, store, events } = setup(createInMemoryControlStore());
    await service.load();
    store.failWrites(new Error('database down'));
    await expect(service.pause(system, 'heat 6%', 'HEAT_LIMIT')).resolves.toMatchObject({
      ok: true,
      changed: true,
      persisted: false,
    });
    expect(service.current().state).toBe('PAUSED');
    expect(events.ofType('STATE_NOT_PERSISTED')).toHaveLength(1);

    await expect(service.resume(trader, 'go')).rejects.toThrow('database down');
    expect(service.current().state).toBe('PAUSED');

    store.failWrites(null);
    await service.resume(trader, 'go');
    expect(service.current().state).toBe('ACTIVE');
  });

  it('does not write a standing automatic reason again', async () => {
    const { service, store } = setup(createInMemoryControlStore());
    await service.load();
    await service.pause(system, 'loss ₹5,000', 'DAILY_LOSS_STOP');
    const again = await service.pause(system, 'loss ₹5,200', 'DAILY_LOSS_STOP');
    expect(again).toMatchObject({ ok: true, changed: false });
    expect(store.rows).toHaveLength(1);
  });

  it('restarts HALTED after a halt, with its reasons', async () => {
    const first = setup(createInMemoryControlStore());
    await first.service.load();
    await first.service.pause(system, 'heat', 'HEAT_LIMIT');
    await first.service.halt(trader, 'kill switch');

    const second = setup(createInMemoryControlStore({ rows: first.store.rows }));
    const restored = await second.service.load();
    expect(restored).toMatchObject({
      state: 'HALTED',
      halt: { message: 'kill switch', actor: trader },
      reasons: [{ code: 'HEAT_LIMIT' }],
    });
    expect(second.service.canEnter()).toBe(false);

    await second.service.reset(trader, 'reviewed');
    expect(second.service.current().state).toBe('PAUSED');
    await second.service.resume(trader, 'trading again');
    expect(second.service.current().state).toBe('ACTIVE');
  });

  it('starts PAUSED when configured so and nothing is stored', async () => {
    const clock = new VirtualClock(0);
    const service = createTradingStateService({
      store: createInMemoryControlStore(),
      clock,
      events: createRecordingEventSink(),
      logger,
      initial: 'PAUSED',
    });
    expect((await service.load()).state).toBe('PAUSED');
  });

  it('allows no entry before the stored state is loaded', async () => {
    const { service } = setup(createInMemoryControlStore());
    expect(service.canEnter()).toBe(false);
    expect(service.current().state).toBe('PAUSED');
    await service.load();
    expect(service.canEnter()).toBe(true);
  });

  it('refuses an empty reason and a late load', async () => {
    const { service } = setup(createInMemoryControlStore());
    expect(() => service.pause(trader, '   ')).toThrow(RangeError);
    await service.pause(trader, 'x');
    await expect(service.load()).rejects.toThrow('load() must run before');
  });

  it('keeps working when the event sink throws', async () => {
    const { store } = setup(createInMemoryControlStore());
    const service = createTradingStateService({
      store,
      clock: new VirtualClock(0),
      events: {
        event: () => {
          throw new Error('bus down');
        },
        risk: () => undefined,
      },
      logger,
    });
    await service.load();
    await expect(service.pause(trader, 'x')).resolves.toMatchObject({ ok: true });
    await expect(service.resume(trader, 'y')).resolves.toMatchObject({ ok: true });
  });
});
