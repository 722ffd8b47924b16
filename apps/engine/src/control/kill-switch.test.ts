import { createLogger } from '@kavach/config';
import { VirtualClock } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { createInMemoryControlStore } from './in-memory-control-store';
import { createKillSwitch } from './kill-switch';
import type { Actor, FlattenPort, FlattenReport } from './ports';
import { createRecordingEventSink } from './recording-event-sink';
import { createTradingStateService } from './trading-state';

const trader: Actor = { type: 'USER', name: 'trader@example.com' };
const other: Actor = { type: 'USER', name: 'partner@example.com' };
const logger = createLogger('test', 'silent');

function report(flat: boolean): FlattenReport {
  return {
    startedAt: 1,
    flatAt: 1,
    finishedAt: 2,
    flat,
    remainingPositions: flat ? 0 : 1,
    orders: [
      {
        clientOrderId: 'K1',
        brokerOrderId: '2501',
        role: 'STOP',
        tradingSymbol: 'INFY',
        action: 'CANCEL',
        quantity: 10,
        outcome: 'DONE',
        message: null,
      },
    ],
  };
}

interface Call {
  readonly reason: string;
  readonly actor: Actor;
  readonly stateAtCall: string;
  readonly release: (report: FlattenReport) => void;
  readonly fail: (error: Error) => void;
}

async function setup() {
  const store = createInMemoryControlStore();
  const clock = new VirtualClock(Date.UTC(2026, 10, 23, 6, 0));
  const events = createRecordingEventSink();
  const tradingState = createTradingStateService({ store, clock, events, logger });
  await tradingState.load();
  const calls: Call[] = [];
  const flatten: FlattenPort = {
    flattenAll: (reason, actor) =>
      new Promise<FlattenReport>((release, fail) => {
        calls.push({ reason, actor, stateAtCall: tradingState.current().state, release, fail });
      }),
  };
  const killSwitch = createKillSwitch({ tradingState, flatten, store, events, clock, logger });
  return { store, events, tradingState, calls, killSwitch };
}

describe('kill switch', () => {
  it('halts before calling the broker, flattens, audits and publishes the report', async () => {
    const { killSwitch, calls, tradingState, store, events } = await setup();
    const engaged = killSwitch.engage(trader, 'market gone wild');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ stateAtCall: 'HALTED', reason: 'market gone wild' });
    expect(killSwitch.engaging()).toBe(true);

    calls[0]?.release(report(true));
    await expect(engaged).resolves.toMatchObject({ flat: true });
    expect(killSwitch.engaging()).toBe(false);
    expect(killSwitch.lastReport()).toMatchObject({ flat: true });
    expect(tradingState.current().state).toBe('HALTED');
    expect(store.rows.map((r) => r.state)).toEqual(['HALTED']);
    expect(store.audits.map((a) => a.action)).toEqual([
      'trading_state.halted',
      'kill_switch.engaged',
    ]);
    expect(store.audits[1]?.payload).toMatchObject({
      statePersisted: true,
      report: { flat: true },
    });
    expect(events.ofType('KILL_SWITCH')[0]?.severity).toBe('CRITICAL');
    expect(events.ofType('kill_switch.flattened')).toHaveLength(1);
    expect(events.ofType('FLATTEN_INCOMPLETE')).toHaveLength(0);
  });

  it('joins concurrent presses to the flatten in flight', async () => {
    const { killSwitch, calls, store } = await setup();
    const first = killSwitch.engage(trader, 'first');
    const second = killSwitch.engage(other, 'second');
    await Promise.resolve();
    expect(calls).toHaveLength(1);
    calls[0]?.release(report(false));
    const [a, b] = await Promise.all([first, second]);
    expect(b).toBe(a);
    expect(store.audits.map((x) => [x.action, x.actor.name])).toContainEqual([
      'kill_switch.joined',
      other.name,
    ]);
  });

  it('raises a critical risk event when the flatten leaves positions', async () => {
    const { killSwitch, calls, events } = await setup();
    const engaged = killSwitch.engage(trader, 'x');
    calls[0]?.release(report(false));
    await engaged;
    expect(events.ofType('FLATTEN_INCOMPLETE')).toHaveLength(1);
  });

  it('stays HALTED and reports when the flatten itself fails', async () => {
    const { killSwitch, calls, tradingState, store, events } = await setup();
    const engaged = killSwitch.engage(trader, 'x');
    calls[0]?.fail(new Error('broker down'));
    await expect(engaged).rejects.toThrow('broker down');
    expect(tradingState.current().state).toBe('HALTED');
    expect(store.audits.map((a) => a.action)).toContain('kill_switch.failed');
    expect(events.ofType('FLATTEN_FAILED')).toHaveLength(1);
  });

  it('flattens even when the database cannot record the halt', async () => {
    const { killSwitch, calls, store, tradingState } = await setup();
    store.failWrites(new Error('db down'));
    const engaged = killSwitch.engage(trader, 'x');
    expect(calls).toHaveLength(1);
    calls[0]?.release(report(true));
    await expect(engaged).resolves.toMatchObject({ flat: true });
    expect(tradingState.current().state).toBe('HALTED');
  });

  it('resets to PAUSED for a person, never during a flatten', async () => {
    const { killSwitch, calls, tradingState } = await setup();
    const engaged = killSwitch.engage(trader, 'x');
    expect(await killSwitch.reset(trader)).toMatchObject({
      ok: false,
      code: 'FLATTEN_IN_PROGRESS',
    });
    calls[0]?.release(report(true));
    await engaged;
    expect(await killSwitch.reset({ type: 'SYSTEM', name: 'eod' })).toMatchObject({
      ok: false,
      code: 'USER_REQUIRED',
    });
    expect(await killSwitch.reset(trader)).toMatchObject({ ok: true, changed: true });
    expect(tradingState.current()).toMatchObject({
      state: 'PAUSED',
      reasons: [{ code: 'KILL_SWITCH_RESET' }],
    });
  });

  it('flattens again on a later press while already HALTED', async () => {
    const { killSwitch, calls } = await setup();
    const first = killSwitch.engage(trader, 'one');
    calls[0]?.release(report(false));
    await first;
    const second = killSwitch.engage(trader, 'two');
    expect(calls).toHaveLength(2);
    calls[1]?.release(report(true));
    await expect(second).resolves.toMatchObject({ flat: true });
  });

  it('names its flatten’s midway as the flatten.midway failpoint', async () => {
    const { store, events, tradingState } = await setup();
    const hit: string[] = [];
    const flatten: FlattenPort = {
      flattenAll: (_reason, _actor, progress) => {
        progress?.midway?.();
        return Promise.resolve(report(true));
      },
    };
    const killSwitch = createKillSwitch({
      tradingState,
      flatten,
      store,
      events,
      clock: new VirtualClock(Date.UTC(2026, 10, 23, 6, 0)),
      logger,
      failpoint: (name) => void hit.push(name),
    });
    await killSwitch.engage(trader, 'drill');
    expect(hit).toEqual(['flatten.midway']);
  });
});
