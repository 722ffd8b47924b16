import { VirtualClock } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import type { RiskSnapshot } from '../control/ports';
import { INITIAL_SNAPSHOT, type TradingStateSnapshot } from '../control/trading-state-model';
import { createHealthCheck } from './health-check';
import { createRiskView } from './risk-view';

const paused: TradingStateSnapshot = {
  state: 'PAUSED',
  since: 5,
  reasons: [
    {
      code: 'DAILY_LOSS_STOP',
      message: 'loss',
      actor: { type: 'SYSTEM', name: 'auto-pause' },
      at: 5,
    },
  ],
  halt: null,
};

const snapshot: RiskSnapshot = {
  capital: 10_00_000_00,
  realisedPnlToday: -20_000_00,
  unrealisedPnlToday: 5_000_00,
  openRisk: 15_000_00,
  heatLimit: 60_000_00,
  dailyLossLimit: 30_000_00,
  openPositions: 2,
  maxOpenPositions: 5,
  workingOrders: 4,
};

describe('health check', () => {
  it('is ready when the database answers, and shows the rest', async () => {
    const clock = new VirtualClock(61_000);
    const health = createHealthCheck({
      checkDatabase: () => Promise.resolve({ ok: true, kind: 'pglite' }),
      tradingState: { current: () => paused },
      session: {
        kiteSession: () => ({ valid: false, userId: null, expiresAt: null, message: 'login' }),
      },
      marketData: () => ({ state: 'CLOSED', reason: 'market closed' }),
      clock,
      startedAt: 0,
    });
    expect(await health()).toEqual({
      ok: true,
      details: {
        database: { ok: true, kind: 'pglite' },
        marketData: { state: 'CLOSED', reason: 'market closed' },
        session: { valid: false, userId: null, expiresAt: null },
        tradingState: { state: 'PAUSED', since: 5 },
        uptimeSeconds: 61,
      },
    });
  });

  it('is not ready when the database does not answer', async () => {
    const health = createHealthCheck({
      checkDatabase: () => Promise.resolve({ ok: false, kind: 'pg', error: 'ECONNREFUSED' }),
      tradingState: { current: () => INITIAL_SNAPSHOT },
      session: {
        kiteSession: () => ({ valid: true, userId: 'AB1234', expiresAt: null, message: null }),
      },
      marketData: () => ({ state: 'CONNECTED', reason: null }),
      clock: new VirtualClock(0),
      startedAt: 0,
    });
    expect((await health()).ok).toBe(false);
  });
});

describe('risk view', () => {
  it('shows limits, usage, pause reasons and recent events', async () => {
    const limits: number[] = [];
    const view = createRiskView({
      risk: { snapshot: () => snapshot },
      tradingState: { current: () => paused },
      recentRiskEvents: (limit) => {
        limits.push(limit);
        return Promise.resolve([
          { kind: 'HEAT_LIMIT', severity: 'CRITICAL', message: 'x', at: 1, resolved: false },
        ]);
      },
    });
    expect(await view()).toMatchObject({
      limits: { dailyLossLimitPaise: 30_000_00, heatLimitPaise: 60_000_00, maxOpenPositions: 5 },
      usage: {
        pnlTodayPaise: -15_000_00,
        dailyLossUsed: 0.5,
        heatUsed: 0.25,
        openPositions: 2,
        workingOrders: 4,
      },
      tradingState: 'PAUSED',
      pauseReasons: [{ code: 'DAILY_LOSS_STOP' }],
      recentRiskEvents: [{ kind: 'HEAT_LIMIT' }],
    });
    expect(limits).toEqual([20]);
  });

  it('counts no loss used on a winning day', async () => {
    const view = createRiskView({
      risk: { snapshot: () => ({ ...snapshot, realisedPnlToday: 1_000_00 }) },
      tradingState: { current: () => INITIAL_SNAPSHOT },
      recentRiskEvents: () => Promise.resolve([]),
    });
    expect(await view()).toMatchObject({ usage: { dailyLossUsed: 0 } });
  });
});
