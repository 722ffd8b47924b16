import { createLogger } from '@kavach/config';
import { VirtualClock } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { createControlApi } from './control-api';
import { createInMemoryControlStore } from './in-memory-control-store';
import { createKillSwitch } from './kill-switch';
import type { Actor, FlattenReport, KiteSessionStatus } from './ports';
import { createRecordingEventSink } from './recording-event-sink';
import { LIVE_CONFIRMATION_PHRASE, createTradingModeService } from './trading-mode';
import { createTradingStateService } from './trading-state';

const trader: Actor = { type: 'USER', name: 'trader@example.com' };
const logger = createLogger('test', 'silent');
const report: FlattenReport = {
  startedAt: 0,
  flatAt: 0,
  finishedAt: 1,
  orders: [],
  flat: true,
  remainingPositions: 0,
};

async function setup() {
  let session: KiteSessionStatus = {
    valid: true,
    userId: 'AB1234',
    expiresAt: null,
    message: null,
  };
  const renewals: string[] = [];
  const store = createInMemoryControlStore();
  const clock = new VirtualClock(Date.UTC(2026, 10, 23, 5, 0));
  const events = createRecordingEventSink();
  const tradingState = createTradingStateService({ store, clock, events, logger });
  await tradingState.load();
  const killSwitch = createKillSwitch({
    tradingState,
    flatten: { flattenAll: () => Promise.resolve(report) },
    store,
    events,
    clock,
    logger,
  });
  const tradingMode = createTradingModeService({
    store,
    clock,
    events,
    logger,
    configured: 'PAPER',
    allowLive: false,
    session: { kiteSession: () => session },
    reconciliation: { lastStatus: () => ({ clean: true, at: 1, message: null }) },
    risk: {
      snapshot: () => ({
        capital: 1,
        realisedPnlToday: 0,
        unrealisedPnlToday: 0,
        openRisk: 0,
        heatLimit: 1,
        dailyLossLimit: 1,
        openPositions: 0,
        maxOpenPositions: 1,
        workingOrders: 0,
      }),
    },
  });
  await tradingMode.load();
  const api = createControlApi({
    tradingState,
    killSwitch,
    tradingMode,
    session: {
      current: () => session,
      renew: (requestToken) => {
        renewals.push(requestToken);
        if (requestToken === 'used') {
          return Promise.resolve({
            ok: false as const,
            code: 'SESSION_REFUSED',
            message: 'Token is invalid or has expired.',
          });
        }
        session = { valid: true, userId: 'AB1234', expiresAt: null, message: null };
        return Promise.resolve({ ok: true as const, session });
      },
    },
  });
  const expireSession = () => {
    session = { valid: false, userId: null, expiresAt: null, message: 'TokenException' };
  };
  return { api, tradingState, expireSession, renewals };
}

describe('control API', () => {
  it('answers with the whole control state after each action', async () => {
    const { api } = await setup();
    expect(await api.pause(trader, 'lunch')).toMatchObject({
      ok: true,
      state: {
        trading: { state: 'PAUSED' },
        mode: { mode: 'PAPER' },
        killSwitchEngaging: false,
        changed: true,
        persisted: true,
      },
    });
    expect(await api.resume(trader, 'back')).toMatchObject({
      ok: true,
      state: { trading: { state: 'ACTIVE' } },
    });
  });

  it('flattens through the kill switch and resets to PAUSED', async () => {
    const { api, tradingState } = await setup();
    expect(await api.flatten(trader, 'panic')).toBe(report);
    expect(tradingState.current().state).toBe('HALTED');
    expect(await api.resume(trader, 'go')).toMatchObject({ ok: false, code: 'HALTED' });
    expect(await api.reset(trader)).toMatchObject({
      ok: true,
      state: { trading: { state: 'PAUSED' } },
    });
    expect(await api.reset(trader)).toMatchObject({ ok: false, code: 'NOT_HALTED' });
  });

  it('resumes only with a valid Kite session; a login brings it back', async () => {
    const { api, expireSession, renewals } = await setup();
    await api.pause(trader, 'session expired');
    expireSession();
    expect(await api.resume(trader, 'go')).toMatchObject({
      ok: false,
      code: 'SESSION_INVALID',
      details: { state: { trading: { state: 'PAUSED' }, session: { valid: false } } },
    });
    expect(await api.renewSession(trader, 'used')).toMatchObject({
      ok: false,
      code: 'SESSION_REFUSED',
    });
    expect(await api.resume(trader, 'go')).toMatchObject({ ok: false, code: 'SESSION_INVALID' });
    expect(await api.renewSession(trader, 'fresh')).toMatchObject({
      ok: true,
      state: { session: { valid: true, userId: 'AB1234' }, trading: { state: 'PAUSED' } },
    });
    expect(renewals).toEqual(['used', 'fresh']);
    expect(await api.resume(trader, 'go')).toMatchObject({
      ok: true,
      state: { trading: { state: 'ACTIVE' } },
    });
  });

  it('refuses LIVE with every unmet condition in the details', async () => {
    const { api } = await setup();
    expect(await api.setMode(trader, 'LIVE', LIVE_CONFIRMATION_PHRASE)).toMatchObject({
      ok: false,
      code: 'MODE_CHANGE_REFUSED',
      details: { unmet: [{ code: 'LIVE_NOT_ALLOWED' }] },
    });
  });
});
