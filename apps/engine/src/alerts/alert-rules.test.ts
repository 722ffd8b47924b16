import { createLogger } from '@kavach/config';
import { createLocalBus, eventMessageSchema, riskMessageSchema } from '@kavach/bus';
import type { EventMessage, RiskMessage } from '@kavach/bus';
import { VirtualClock } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { createInMemoryControlStore } from '../control/in-memory-control-store';
import { createKillSwitch } from '../control/kill-switch';
import type { Actor, FlattenReport } from '../control/ports';
import { createRecordingEventSink } from '../control/recording-event-sink';
import type { RecordedEvent } from '../control/recording-event-sink';
import { createTradingStateService } from '../control/trading-state';
import { alertFromEvent, alertFromRisk } from './alert-rules';
import type { AlertInput } from './alert-types';
import { connectAlertsToBus } from './connect-alerts-to-bus';

const logger = createLogger('test', 'silent');
const AT = Date.UTC(2026, 0, 5, 6, 0);
const trader: Actor = { type: 'USER', name: 'trader@example.com' };

function risk(overrides: Partial<RiskMessage>): RiskMessage {
  return riskMessageSchema.parse({
    id: 'r-1',
    kind: 'ORDER_REJECTED',
    severity: 'WARNING',
    message: 'ENTRY INFY rejected (MARGIN): insufficient funds',
    token: 408065,
    clientOrderId: 'K7ENTRY',
    groupId: 'g-1',
    correlationId: 'corr-1',
    at: AT,
    ...overrides,
  });
}

/** What the bus would deliver for an event the control services published. */
function onTheBus(event: RecordedEvent | undefined): EventMessage {
  if (event === undefined) throw new Error('nothing was published');
  return eventMessageSchema.parse({
    type: event.type,
    message: event.message,
    data: JSON.parse(JSON.stringify(event.data)) as unknown,
    at: AT,
  });
}

function riskOnTheBus(event: RecordedEvent | undefined): RiskMessage {
  if (event?.severity == null) throw new Error('no risk event was published');
  return risk({
    kind: event.type,
    severity: event.severity,
    message: event.message,
    token: null,
    clientOrderId: null,
    groupId: null,
    correlationId: null,
  });
}

function flatReport(flat: boolean): FlattenReport {
  return {
    startedAt: AT,
    flatAt: flat ? AT + 600 : null,
    finishedAt: AT + 2_700,
    orders: [],
    flat,
    remainingPositions: flat ? 0 : 2,
  };
}

async function controlServices() {
  const events = createRecordingEventSink();
  const store = createInMemoryControlStore();
  const clock = new VirtualClock(AT);
  const tradingState = createTradingStateService({ store, clock, events, logger });
  await tradingState.load();
  return { events, store, clock, tradingState };
}

describe('alerts from risk events', () => {
  it('ignores INFO and alerts on WARNING and CRITICAL', () => {
    expect(alertFromRisk(risk({ severity: 'INFO' }))).toBeNull();
    expect(alertFromRisk(risk({}))).toEqual({
      kind: 'ORDER_REJECTED',
      severity: 'WARNING',
      title: 'Order rejected',
      body: 'ENTRY INFY rejected (MARGIN): insufficient funds\nOrder: K7ENTRY\nBracket: g-1',
      dedupeKey: 'risk:ORDER_REJECTED:K7ENTRY:ENTRY INFY rejected (MARGIN): insufficient funds',
      correlationId: 'corr-1',
    });
    expect(alertFromRisk(risk({ kind: 'SLIPPAGE_BREACH', severity: 'CRITICAL' }))?.title).toBe(
      'Slippage limit breached',
    );
    expect(alertFromRisk(risk({ kind: 'SOMETHING_NEW' }))?.title).toBe('Risk event SOMETHING_NEW');
  });

  it('keeps two different rejected orders apart', () => {
    const first = alertFromRisk(risk({}));
    const second = alertFromRisk(risk({ clientOrderId: 'K8ENTRY' }));
    expect(first?.dedupeKey).not.toBe(second?.dedupeKey);
  });

  it('covers session expiry, reconciliation failures and the EOD', () => {
    expect(alertFromRisk(risk({ kind: 'SESSION_EXPIRED', severity: 'CRITICAL' }))).toMatchObject({
      title: 'Kite session expired: log in again',
      dedupeKey: 'pause:SESSION_EXPIRED',
    });
    expect(
      alertFromRisk(risk({ kind: 'RECONCILIATION_FAILED', severity: 'CRITICAL' }))?.title,
    ).toBe('Reconciliation failed');
    expect(alertFromRisk(risk({ kind: 'EOD_NOT_FLAT', severity: 'CRITICAL' }))?.title).toBe(
      'EOD square-off left positions open',
    );
  });
});

describe('alerts from events', () => {
  it('alerts when the engine pauses itself, once with its risk event', async () => {
    const { events, tradingState } = await controlServices();
    await tradingState.pause(
      { type: 'SYSTEM', name: 'auto-pause' },
      'realised loss ₹30,000.00 has reached the daily limit',
      'DAILY_LOSS_STOP',
    );
    const alert = alertFromEvent(onTheBus(events.ofType('trading_state.changed')[0]));
    expect(alert).toEqual({
      kind: 'AUTO_PAUSE',
      severity: 'CRITICAL',
      title: 'Entries paused by the engine',
      body: 'realised loss ₹30,000.00 has reached the daily limit\nExits continue. Resume (/resume) once resolved.',
      dedupeKey: 'pause:DAILY_LOSS_STOP',
    });
    // The auto-pause's own risk event for the same pause shares the key: the trader hears once.
    const fromRisk = alertFromRisk(risk({ kind: 'DAILY_LOSS_STOP', severity: 'CRITICAL' }));
    expect(fromRisk?.dedupeKey).toBe(alert?.dedupeKey);
  });

  it('says nothing when a person pauses or resumes', async () => {
    const { events, tradingState } = await controlServices();
    await tradingState.pause(trader, 'coffee');
    await tradingState.resume(trader, 'back');
    const changes = events.ofType('trading_state.changed');
    expect(changes).toHaveLength(2);
    expect(changes.map((e) => alertFromEvent(onTheBus(e)))).toEqual([null, null]);
  });

  it('alerts on the kill switch: engaged, HALTED, and how the flatten ended', async () => {
    const { events, store, clock, tradingState } = await controlServices();
    const killSwitch = createKillSwitch({
      tradingState,
      flatten: { flattenAll: () => Promise.resolve(flatReport(false)) },
      store,
      events,
      clock,
      logger,
    });
    await killSwitch.engage(trader, 'panic');
    await tradingState.flush();
    const engaged = alertFromRisk(riskOnTheBus(events.ofType('KILL_SWITCH')[0]));
    expect(engaged).toMatchObject({
      kind: 'KILL_SWITCH',
      severity: 'CRITICAL',
      title: 'Kill switch engaged',
      dedupeKey: 'halt',
    });
    const halted = alertFromEvent(onTheBus(events.ofType('trading_state.changed')[0]));
    expect(halted).toMatchObject({ title: 'Trading HALTED', dedupeKey: 'halt' });
    const flattened = alertFromEvent(onTheBus(events.ofType('kill_switch.flattened')[0]));
    expect(flattened).toMatchObject({
      kind: 'FLATTEN',
      severity: 'CRITICAL',
      title: 'Kill switch: 2 positions still open',
    });
    expect(flattened?.body).toContain('Reason: panic');
    expect(flattened?.body).toContain('Took 2.7 s');
  });

  it('alerts on the EOD square-off result', () => {
    const eod = (flat: boolean): EventMessage => ({
      type: 'eod.squared_off',
      message: flat ? 'EOD: flat' : 'EOD: NOT flat',
      data: JSON.parse(
        JSON.stringify({ date: '2026-01-05', report: flatReport(flat) }),
      ) as EventMessage['data'],
      at: AT,
    });
    expect(alertFromEvent(eod(true))).toMatchObject({
      kind: 'EOD',
      severity: 'INFO',
      title: 'EOD square-off 2026-01-05: flat',
    });
    expect(alertFromEvent(eod(false))).toMatchObject({
      severity: 'CRITICAL',
      title: 'EOD square-off 2026-01-05: 2 positions still open',
    });
    expect(
      alertFromEvent({ type: 'eod.square_off', message: 'x', data: { date: 'd' }, at: AT }),
    ).toBeNull();
  });

  it('alerts on a session that became invalid and on a switch to LIVE', () => {
    const session = (valid: boolean): EventMessage => ({
      type: 'session',
      message: 'TokenException: session expired',
      data: { valid },
      at: AT,
    });
    expect(alertFromEvent(session(false))).toMatchObject({
      kind: 'SESSION_EXPIRED',
      dedupeKey: 'pause:SESSION_EXPIRED',
    });
    expect(alertFromEvent(session(true))).toBeNull();
    expect(
      alertFromEvent({
        type: 'trading_mode.changed',
        message: 'Trading mode PAPER → LIVE',
        data: { from: 'PAPER', to: 'LIVE', actor: { type: 'USER', name: 'trader' } },
        at: AT,
      }),
    ).toMatchObject({
      severity: 'WARNING',
      title: 'Trading mode LIVE',
      body: 'PAPER → LIVE by trader',
    });
  });

  it('ignores trades, market data and malformed data', () => {
    expect(
      alertFromEvent({ type: 'trade', message: 'x', data: { realisedPnl: 5 }, at: AT }),
    ).toBeNull();
    expect(alertFromEvent({ type: 'marketData', message: 'x', data: {}, at: AT })).toBeNull();
    expect(
      alertFromEvent({ type: 'trading_state.changed', message: 'x', data: {}, at: AT }),
    ).toBeNull();
  });
});

describe('connectAlertsToBus', () => {
  it('turns risk events and events on the bus into alerts until unsubscribed', async () => {
    const bus = createLocalBus();
    const notified: AlertInput[] = [];
    const off = await connectAlertsToBus(bus, { notify: (alert) => notified.push(alert) });
    await bus.publish('risk', risk({ severity: 'INFO' }));
    await bus.publish('risk', risk({ kind: 'POSITION_MISMATCH', severity: 'CRITICAL' }));
    await bus.publish('events', {
      type: 'session',
      message: 'expired',
      data: { valid: false },
      at: AT,
    });
    await bus.publish('events', { type: 'trade', message: 'closed', data: {}, at: AT });
    await new Promise((resolve) => setImmediate(resolve));
    expect(notified.map((a) => a.kind)).toEqual(['POSITION_MISMATCH', 'SESSION_EXPIRED']);
    await off();
    await bus.publish('risk', risk({ kind: 'OVERFILL', severity: 'CRITICAL' }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(notified).toHaveLength(2);
    await bus.close();
  });
});
