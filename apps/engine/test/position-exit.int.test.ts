import { listAuditByCorrelationId } from '@kavach/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPositionExit } from '../src/control/exit-position';
import { logger, startKiteSimEngineHarness, until } from './support/kite-sim-engine';
import type { KiteSimEngineHarness } from './support/kite-sim-engine';

/**
 * The dashboard's per-position Exit on the real OCO manager, through the kiteconnect client
 * against kite-sim: the bracket's stop leaves as the market exit, its targets are cancelled,
 * the broker is flat, and the person who asked is in the trade's audit trail.
 */
let h: KiteSimEngineHarness;

beforeAll(async () => {
  h = await startKiteSimEngineHarness();
}, 120_000);

afterAll(async () => {
  await h.close();
});

describe('exiting one position', () => {
  it('closes the bracket at the market and records who asked, under its correlation id', async () => {
    const engine = await h.startEngine();
    try {
      const infy = h.instrument('INFY');
      h.armed.clear();
      h.armed.add(infy.token);
      await h.setPrice('INFY', 1500);
      await h.stepMinute();
      await h.setPrice('INFY', 1500.5);
      await until('the INFY bracket', () => engine.oco.groups().length === 1);
      const group = engine.oco.groups()[0];
      if (group === undefined) throw new Error('no group');
      await h.setPrice('INFY', 1499);
      await until('the entry fill and its protection', () =>
        engine.oco.ordersOf(group.id).some((o) => o.role === 'STOP' && o.brokerOrderId !== null),
      );

      const exit = createPositionExit({
        oco: engine.oco,
        intake: engine.intake,
        hedges: engine.hedges,
        prisma: h.db.prisma,
        clock: h.clock,
        logger,
      });
      const actor = { type: 'USER', name: 'trader@example.com (trader)' } as const;
      const answer = await exit(actor, group.id, 'enough for today');
      expect(answer).toMatchObject({ ok: true, groupId: group.id, tradingSymbol: 'INFY' });
      await until('the bracket closed', () => group.group.status === 'CLOSED', 20_000);
      await engine.idle();

      const orders = engine.oco.ordersOf(group.id);
      expect(orders.find((o) => o.role === 'STOP')?.state.status).toBe('FILLED');
      expect(
        orders.filter((o) => o.role === 'TP1' || o.role === 'TP2').map((o) => o.state.status),
      ).toEqual(expect.arrayContaining(['CANCELLED']));
      const positions = await h.broker.getPositions();
      expect(
        positions.ok && positions.value.find((p) => p.instrumentToken === infy.token)?.quantity,
      ).toBe(0);
      const audit = await listAuditByCorrelationId(h.db.prisma, group.correlationId);
      expect(audit.find((a) => a.action === 'position.exit')).toMatchObject({
        actorType: 'USER',
        actor: actor.name,
        entity: 'oco_group',
        entityId: group.id,
        payload: { reason: 'enough for today' },
      });

      // Once closed, it cannot be exited again; an unknown id neither.
      expect(await exit(actor, group.id, 'again')).toMatchObject({
        ok: false,
        code: 'GROUP_CLOSED',
      });
      expect(await exit(actor, '0196f0a4-2b3c-7d4e-8f50-61728394a5b6', 'unknown')).toMatchObject({
        ok: false,
        code: 'GROUP_NOT_FOUND',
      });
    } finally {
      await engine.stop();
    }
  }, 120_000);
});
