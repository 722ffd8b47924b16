import { createLogger } from '@kavach/config';
import { VirtualClock } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import type { ControlAuditEntry } from './control-store';
import { createInMemoryControlStore } from './in-memory-control-store';
import type { Actor, KiteSessionStatus, ReconciliationStatus, RiskSnapshot } from './ports';
import { createRecordingEventSink } from './recording-event-sink';
import {
  LIVE_CONFIRMATION_PHRASE,
  type TradingMode,
  type TradingModeOptions,
  createTradingModeService,
} from './trading-mode';

const trader: Actor = { type: 'USER', name: 'trader@example.com' };
const logger = createLogger('test', 'silent');

const flat: RiskSnapshot = {
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

interface World {
  session: KiteSessionStatus;
  reconciliation: ReconciliationStatus;
  risk: RiskSnapshot;
}

function setup(
  overrides: Partial<Pick<TradingModeOptions, 'allowLive' | 'configured'>> = {},
  audits: ControlAuditEntry[] = [],
) {
  const world: World = {
    session: { valid: true, userId: 'AB1234', expiresAt: 2, message: null },
    reconciliation: { clean: true, at: 1, message: null },
    risk: flat,
  };
  const store = createInMemoryControlStore({ audits });
  const events = createRecordingEventSink();
  const service = createTradingModeService({
    store,
    clock: new VirtualClock(Date.UTC(2026, 10, 23, 3, 50)),
    events,
    logger,
    configured: 'PAPER',
    allowLive: true,
    session: { kiteSession: () => world.session },
    reconciliation: { lastStatus: () => world.reconciliation },
    risk: { snapshot: () => world.risk },
    ...overrides,
  });
  return { service, store, events, world };
}

const goLive = { mode: 'LIVE' as const, confirmation: LIVE_CONFIRMATION_PHRASE, actor: trader };

describe('trading mode', () => {
  it('goes LIVE when every condition holds, audited and published', async () => {
    const { service, store, events } = setup();
    await service.load();
    expect(await service.setMode(goLive)).toMatchObject({
      ok: true,
      changed: true,
      status: { mode: 'LIVE', changedBy: trader },
    });
    expect(store.audits).toMatchObject([
      { action: 'trading_mode.changed', actor: trader, payload: { from: 'PAPER', to: 'LIVE' } },
    ]);
    expect(events.ofType('trading_mode.changed')).toHaveLength(1);
    expect(await service.setMode(goLive)).toMatchObject({ ok: true, changed: false });
  });

  it('names every unmet condition at once', async () => {
    const { service, world, store } = setup({ allowLive: false });
    world.session = { valid: false, userId: null, expiresAt: null, message: 'logged out' };
    world.reconciliation = { clean: false, at: 5, message: 'INFY differs' };
    world.risk = { ...flat, openPositions: 2, workingOrders: 3 };
    const result = await service.setMode({
      mode: 'LIVE',
      confirmation: 'i understand this trades real money',
      actor: { type: 'SYSTEM', name: 'x' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('MODE_CHANGE_REFUSED');
    expect(result.unmet.map((u) => u.code)).toEqual([
      'USER_REQUIRED',
      'LIVE_NOT_ALLOWED',
      'SESSION_INVALID',
      'RECONCILIATION_NOT_CLEAN',
      'CONFIRMATION_MISMATCH',
      'POSITIONS_OPEN',
      'ORDERS_WORKING',
    ]);
    expect(result.status.mode).toBe('PAPER');
    expect(store.audits).toEqual([]);
  });

  it('refuses LIVE before the first reconciliation, and a null confirmation', async () => {
    const { service, world } = setup();
    world.reconciliation = { clean: true, at: null, message: null };
    const result = await service.setMode({ ...goLive, confirmation: null });
    expect(result.ok ? [] : result.unmet.map((u) => u.code)).toEqual([
      'RECONCILIATION_NOT_CLEAN',
      'CONFIRMATION_MISMATCH',
    ]);
  });

  it('switches back to PAPER only when flat, with no phrase needed', async () => {
    const { service, world } = setup();
    await service.setMode(goLive);
    world.risk = { ...flat, openPositions: 1 };
    const refused = await service.setMode({ mode: 'PAPER', confirmation: null, actor: trader });
    expect(refused.ok ? [] : refused.unmet.map((u) => u.code)).toEqual(['POSITIONS_OPEN']);
    world.risk = flat;
    expect(
      await service.setMode({ mode: 'PAPER', confirmation: null, actor: trader }),
    ).toMatchObject({ ok: true, status: { mode: 'PAPER' } });
  });

  it('lets only one of two concurrent requests pass the checks', async () => {
    const { service, store } = setup();
    const results = await Promise.all([service.setMode(goLive), service.setMode(goLive)]);
    expect(results.map((r) => r.ok && r.changed)).toEqual([true, false]);
    expect(store.audits).toHaveLength(1);
  });

  const stored = (to: TradingMode): ControlAuditEntry => ({
    actor: trader,
    action: 'trading_mode.changed',
    entity: 'trading_mode',
    payload: { from: to === 'LIVE' ? 'PAPER' : 'LIVE', to },
    at: 7,
  });

  it.each([
    { configured: 'PAPER', allowLive: true, history: [], expected: 'PAPER' },
    { configured: 'LIVE', allowLive: true, history: [], expected: 'LIVE' },
    { configured: 'LIVE', allowLive: false, history: [], expected: 'PAPER' },
    { configured: 'PAPER', allowLive: true, history: [stored('LIVE')], expected: 'PAPER' },
    { configured: 'LIVE', allowLive: true, history: [stored('PAPER')], expected: 'PAPER' },
    { configured: 'LIVE', allowLive: true, history: [stored('LIVE')], expected: 'LIVE' },
  ] as const)(
    'starts $expected when configured $configured (ALLOW_LIVE=$allowLive) after $history.length switches',
    async ({ configured, allowLive, history, expected }) => {
      const { service } = setup({ configured, allowLive }, [...history]);
      expect((await service.load()).mode).toBe(expected);
    },
  );
});
