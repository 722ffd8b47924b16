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
    marketData: { state: 'CONNECTED', at: NOW - 60_000, lastTickAt: NOW - 1_000 },
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
    database: { ok: true, at: NOW, ms: 3, kept: 0 },
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
    const quiet = {
      ...healthy(),
      marketData: { state: 'CONNECTED', at: NOW - 60_000, lastTickAt: NOW - 45_000 },
    };
    expect(describeComponents(quiet).ticker).toMatchObject({
      state: 'DEGRADED',
      detail: 'connected, last tick 45 s ago',
    });
    expect(describeComponents({ ...quiet, marketOpen: false }).ticker?.state).toBe('OK');
    const dropped = {
      ...healthy(),
      marketData: { state: 'DISCONNECTED', at: NOW - 10, lastTickAt: NOW - 1 },
    };
    expect(describeComponents(dropped).ticker?.state).toBe('DOWN');
  });

  it('holds a reconnected feed DEGRADED until a tick comes through it', () => {
    // A muted feed: STALE after 5 s, reconnected 0.5 s later, silent again.
    const silent = {
      ...healthy(),
      marketData: { state: 'CONNECTED', at: NOW - 2_000, lastTickAt: NOW - 7_500 },
    };
    expect(describeComponents(silent).ticker).toMatchObject({
      state: 'DEGRADED',
      lastSeen: NOW - 7_500,
      detail: 'reconnected, no tick since; last tick 8 s ago',
    });
    const ticking = { ...silent, marketData: { ...silent.marketData, lastTickAt: NOW - 1_500 } };
    expect(describeComponents(ticking).ticker?.state).toBe('OK');
    expect(describeComponents({ ...silent, marketOpen: false }).ticker?.state).toBe('OK');
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
      database: { ok: false, at: NOW, ms: 5_000, kept: 2 },
    };
    expect(describeComponents(input)).toMatchObject({
      brokerSession: { state: 'DOWN', detail: 'token expired' },
      reconciliation: { state: 'DOWN', detail: 'failed: 503 from the broker' },
      slippage: { state: 'DEGRADED', detail: '3 of 3 breaches in the window; entries paused' },
      risk: { state: 'DOWN', detail: 'HALTED: kill switch' },
      database: {
        state: 'DOWN',
        lastSeen: null,
        detail:
          'no answer: new entries refused, protective orders go on; 2 records kept until it takes them',
      },
    });
  });

  it('says the database is DEGRADED while it catches up on what was kept', () => {
    const database = (kept: number) =>
      describeComponents({ ...healthy(), database: { ok: true, at: NOW, ms: 4, kept } }).database;
    expect(database(0)).toEqual({ state: 'OK', lastSeen: NOW, detail: 'answered in 4 ms' });
    expect(database(3)).toMatchObject({
      state: 'DEGRADED',
      detail: 'answered in 4 ms; 3 records kept until it takes them',
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
