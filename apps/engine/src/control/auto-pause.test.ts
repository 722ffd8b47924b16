import { createLogger } from '@kavach/config';
import { VirtualClock } from '@kavach/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAutoPause, findBreaches } from './auto-pause';
import { createInMemoryControlStore } from './in-memory-control-store';
import type { KiteSessionStatus, ReconciliationStatus, RiskSnapshot } from './ports';
import { createRecordingEventSink } from './recording-event-sink';
import { createTradingStateService } from './trading-state';

const logger = createLogger('test', 'silent');

const calm: RiskSnapshot = {
  capital: 10_00_000_00,
  realisedPnlToday: 0,
  unrealisedPnlToday: 0,
  openRisk: 0,
  heatLimit: 60_000_00,
  dailyLossLimit: 30_000_00,
  openPositions: 0,
  maxOpenPositions: 5,
  workingOrders: 0,
};

async function setup(initial: RiskSnapshot = calm) {
  let snapshot = initial;
  let session: KiteSessionStatus = { valid: true, userId: 'AB1234', expiresAt: 1, message: null };
  let reconciliation: ReconciliationStatus = { clean: true, at: null, message: null };
  const events = createRecordingEventSink();
  const tradingState = createTradingStateService({
    store: createInMemoryControlStore(),
    clock: new VirtualClock(0),
    events,
    logger,
  });
  await tradingState.load();
  let reads = 0;
  const autoPause = createAutoPause({
    risk: {
      snapshot: async () => {
        reads += 1;
        const current = snapshot;
        await Promise.resolve();
        return current;
      },
    },
    tradingState,
    events,
    logger,
    session: { kiteSession: () => session },
    reconciliation: { lastStatus: () => reconciliation },
  });
  return {
    autoPause,
    tradingState,
    events,
    reads: () => reads,
    setSnapshot: (next: Partial<RiskSnapshot>) => (snapshot = { ...snapshot, ...next }),
    setSession: (next: Partial<KiteSessionStatus>) => (session = { ...session, ...next }),
    setReconciliation: (next: ReconciliationStatus) => (reconciliation = next),
  };
}

describe('findBreaches', () => {
  it('stops at exactly the daily loss limit, not a paisa before', () => {
    expect(findBreaches({ ...calm, realisedPnlToday: -29_999_99 })).toEqual([]);
    expect(
      findBreaches({ ...calm, realisedPnlToday: -20_000_00, unrealisedPnlToday: -10_000_00 }),
    ).toMatchObject([{ code: 'DAILY_LOSS_STOP' }]);
  });

  it('stops at exactly the heat limit', () => {
    expect(findBreaches({ ...calm, openRisk: 59_999_99 })).toEqual([]);
    expect(findBreaches({ ...calm, openRisk: 60_000_00 })).toMatchObject([{ code: 'HEAT_LIMIT' }]);
  });

  it('treats amounts that are not paise, or limits of zero, as bugs', () => {
    expect(() => findBreaches({ ...calm, openRisk: 1.5 })).toThrow(RangeError);
    expect(() => findBreaches({ ...calm, heatLimit: 0 })).toThrow(RangeError);
  });

  it('agrees with the arithmetic for any amounts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
        fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
        fc.integer({ min: 1, max: 1_000_000_000 }),
        (realised, unrealised, limit) => {
          const codes = findBreaches({
            ...calm,
            realisedPnlToday: realised,
            unrealisedPnlToday: unrealised,
            dailyLossLimit: limit,
          }).map((b) => b.code);
          expect(codes.includes('DAILY_LOSS_STOP')).toBe(realised + unrealised <= -limit);
        },
      ),
    );
  });
});

describe('auto-pause', () => {
  it('pauses once for a daily loss, with a critical risk event, and never resumes', async () => {
    const { autoPause, tradingState, events, setSnapshot } = await setup();
    expect(await autoPause.check()).toEqual({ breached: [], paused: [] });

    setSnapshot({ realisedPnlToday: -31_000_00 });
    expect((await autoPause.check()).paused).toEqual(['DAILY_LOSS_STOP']);
    expect(tradingState.current()).toMatchObject({
      state: 'PAUSED',
      reasons: [{ code: 'DAILY_LOSS_STOP', actor: { type: 'SYSTEM', name: 'auto-pause' } }],
    });
    expect(events.ofType('DAILY_LOSS_STOP')).toMatchObject([{ severity: 'CRITICAL' }]);

    expect((await autoPause.check()).paused).toEqual([]);
    expect(events.ofType('DAILY_LOSS_STOP')).toHaveLength(1);

    setSnapshot({ realisedPnlToday: 5_000_00 });
    await autoPause.check();
    expect(tradingState.current().state).toBe('PAUSED');
  });

  it('pauses for heat and keeps both reasons', async () => {
    const { autoPause, tradingState, setSnapshot } = await setup();
    setSnapshot({ openRisk: 60_000_00, realisedPnlToday: -30_000_00 });
    await autoPause.check();
    expect(tradingState.current().reasons.map((r) => r.code)).toEqual([
      'DAILY_LOSS_STOP',
      'HEAT_LIMIT',
    ]);
  });

  it('pauses when a valid Kite session expires, not when it never was valid', async () => {
    const { autoPause, tradingState, setSession } = await setup();
    setSession({ valid: false });
    await autoPause.check();
    expect(tradingState.current().state).toBe('ACTIVE');
    setSession({ valid: true });
    await autoPause.check();
    setSession({ valid: false, message: 'TokenException' });
    expect((await autoPause.check()).paused).toEqual(['SESSION_EXPIRED']);
  });

  it('pauses for a reconciliation run that found differences', async () => {
    const { autoPause, tradingState, setReconciliation } = await setup();
    setReconciliation({ clean: false, at: null, message: 'not run yet' });
    await autoPause.check();
    expect(tradingState.current().state).toBe('ACTIVE');
    setReconciliation({ clean: false, at: 5, message: 'INFY: broker 10, engine 0' });
    expect((await autoPause.check()).paused).toEqual(['RECONCILIATION']);
  });

  it('folds a burst of checks into at most one extra run', async () => {
    const { autoPause, reads } = await setup();
    await Promise.all([autoPause.check(), autoPause.check(), autoPause.check(), autoPause.check()]);
    expect(reads()).toBe(2);
  });

  it('sees an update made while a check runs', async () => {
    const { autoPause, tradingState, setSnapshot } = await setup();
    const first = autoPause.check();
    setSnapshot({ openRisk: 70_000_00 });
    const second = autoPause.check();
    await first;
    expect((await second).paused).toEqual(['HEAT_LIMIT']);
    expect(tradingState.current().state).toBe('PAUSED');
  });
});
