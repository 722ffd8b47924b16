import { describe, expect, it } from 'vitest';
import { describeComponents } from './describe-components';
import type { ComponentInputs } from './describe-components';

const NOW = Date.parse('2026-11-23T05:00:00Z');

function healthy(): ComponentInputs {
  return {
    now: NOW,
    marketOpen: true,
    session: { valid: true, userId: 'AB1234', expiresAt: null, message: null },
    lastBrokerEventAt: NOW - 500,
    marketData: { state: 'CONNECTED', lastTickAt: NOW - 1_000 },
    bus: {
      stats: {
        published: 10,
        publishFailures: 0,
        failingNow: false,
        received: 10,
        dropped: 0,
        handlerErrors: 0,
      },
      lastPublishedAt: NOW - 200,
    },
    database: { ok: true, at: NOW, ms: 3 },
    reconciliation: {
      running: false,
      lastRun: {
        id: 'r1',
        trigger: 'PERIODIC',
        outcome: 'CLEAN',
        at: NOW - 10_000,
        discrepancies: 0,
        error: null,
      },
      blockedTokens: [],
    },
    slippage: { paused: false, breachesInWindow: 0, breachesToPause: 3, lastSampleAt: null },
    trading: { state: 'ACTIVE', since: NOW - 60_000, reasons: [], halt: null },
  };
}

describe('describeComponents', () => {
  it('reports every component OK with its last-seen time when all is well', () => {
    const components = describeComponents(healthy());
    expect(Object.keys(components).sort()).toEqual(
      ['brokerSession', 'bus', 'database', 'reconciliation', 'risk', 'slippage', 'ticker'].sort(),
    );
    for (const status of Object.values(components)) expect(status.state).toBe('OK');
    expect(components.ticker?.lastSeen).toBe(NOW - 1_000);
    expect(components.brokerSession?.detail).toBe('session valid for AB1234');
  });

  it('flags a quiet feed only while the market is open', () => {
    const quiet = { ...healthy(), marketData: { state: 'CONNECTED', lastTickAt: NOW - 45_000 } };
    expect(describeComponents(quiet).ticker).toMatchObject({
      state: 'DEGRADED',
      detail: 'connected, last tick 45 s ago',
    });
    expect(describeComponents({ ...quiet, marketOpen: false }).ticker?.state).toBe('OK');
    const dropped = { ...healthy(), marketData: { state: 'DISCONNECTED', lastTickAt: NOW - 1 } };
    expect(describeComponents(dropped).ticker?.state).toBe('DOWN');
  });

  it('says why: an expired session, a failed reconciliation, a slippage pause, a halt', () => {
    const input: ComponentInputs = {
      ...healthy(),
      session: { valid: false, userId: null, expiresAt: null, message: 'token expired' },
      reconciliation: {
        running: false,
        lastRun: {
          id: 'r2',
          trigger: 'STARTUP',
          outcome: 'FAILED',
          at: NOW,
          discrepancies: 0,
          error: '503 from the broker',
        },
        blockedTokens: [],
      },
      slippage: { paused: true, breachesInWindow: 3, breachesToPause: 3, lastSampleAt: NOW },
      trading: {
        state: 'HALTED',
        since: NOW,
        reasons: [],
        halt: null,
      },
      database: { ok: false, at: NOW, ms: 5_000 },
    };
    expect(describeComponents(input)).toMatchObject({
      brokerSession: { state: 'DOWN', detail: 'token expired' },
      reconciliation: { state: 'DOWN', detail: 'failed: 503 from the broker' },
      slippage: { state: 'DEGRADED', detail: '3 of 3 breaches in the window; entries paused' },
      risk: { state: 'DOWN', detail: 'HALTED: kill switch' },
      database: { state: 'DOWN', lastSeen: null },
    });
  });

  it('says the bus is DEGRADED while publishing fails, and OK again once it works', () => {
    const stats = healthy().bus.stats;
    const failing = { ...stats, publishFailures: 4, failingNow: true };
    const bus = (s: typeof stats) =>
      describeComponents({ ...healthy(), bus: { stats: s, lastPublishedAt: NOW } }).bus;
    expect(bus(failing)).toMatchObject({
      state: 'DEGRADED',
      detail: '10 published, 4 lost, 0 handler errors',
    });
    expect(bus({ ...failing, failingNow: false })).toMatchObject({ state: 'OK' });
  });
});
