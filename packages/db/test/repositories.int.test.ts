import { paise } from '@kavach/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/client';
import {
  ConfigShaConflictError,
  DuplicateKeyError,
  NotFoundError,
  StaleVersionError,
} from '../src/errors';
import {
  appendAudit,
  appendAudits,
  findDecisionByClientPlanId,
  findOrderByClientOrderId,
  getConfigSha,
  getConfigVersion,
  listAuditByCorrelationId,
  persistDecision,
  persistOrder,
  recordRiskEvents,
  saveConfigVersion,
  updateOrderStatus,
  upsertInstrument,
} from '../src/repositories';
import { BACKENDS, type TestBackend, startBackend } from './backends';
import {
  CONFIG,
  INFY,
  NIFTY_CE,
  type Seed,
  configVersion,
  newDecision,
  newOrder,
  seed,
} from './fixtures';

describe.each(BACKENDS)('repositories on %s', (kind) => {
  let backend: TestBackend;
  let db: Db;
  let fixture: Seed;

  beforeAll(async () => {
    backend = await startBackend(kind);
    db = await backend.createDb();
    await db.migrate();
    fixture = await seed(db);
  });
  afterAll(async () => {
    await backend.stop();
  });

  const counts = async () => ({
    decisions: await db.prisma.decision.count(),
    orders: await db.prisma.order.count(),
    history: await db.prisma.orderStatusHistory.count(),
  });

  it('reports its backend', () => {
    expect(db.kind).toBe(kind);
  });

  describe('instruments', () => {
    it('upserts by token and keeps paise, lots and expiry', async () => {
      const id = await upsertInstrument(db.prisma, NIFTY_CE);
      expect(await upsertInstrument(db.prisma, { ...NIFTY_CE, lotSize: 50 })).toBe(id);
      const row = await db.prisma.instrument.findUniqueOrThrow({ where: { id } });
      expect(row).toMatchObject({
        token: BigInt(NIFTY_CE.token),
        tradingSymbol: 'NIFTY25NOV24500CE',
        lotSize: 50,
        freezeQuantity: 1800,
        strikePaise: 2_450_000,
        tickSizePaise: 5,
      });
      expect(row.expiry?.toISOString()).toBe('2025-11-25T00:00:00.000Z');
    });

    it('keeps tokens above int4, as Kite tokens are unsigned 32-bit', async () => {
      const token = 2 ** 32 - 1;
      const id = await upsertInstrument(db.prisma, {
        ...NIFTY_CE,
        token,
        tradingSymbol: 'HIGHTOKEN',
      });
      const row = await db.prisma.instrument.findUniqueOrThrow({ where: { id } });
      expect(row.token).toBe(BigInt(token));
    });
  });

  describe('decisions', () => {
    it('round-trips amounts above int4 as exact paise', async () => {
      const stored = await persistDecision(
        db.prisma,
        newDecision(fixture.signalId, 'plan-roundtrip'),
      );
      expect(stored.capital).toBe(paise(5_000_000_000));
      expect(stored.heatAfter).toBe(paise(2_500_000));
      const found = await findDecisionByClientPlanId(db.prisma, 'plan-roundtrip');
      expect(found).toEqual(stored);
      const raw = await db.prisma.decision.findUniqueOrThrow({ where: { id: stored.id } });
      expect(raw.capitalPaise).toBe(5_000_000_000n);
    });

    it('refuses a duplicate client_plan_id with a typed error and writes nothing', async () => {
      await persistDecision(db.prisma, newDecision(fixture.signalId, 'plan-dup'));
      const before = await counts();
      const attempt = persistDecision(db.prisma, {
        ...newDecision(fixture.signalId, 'plan-dup'),
        quantity: 99,
      });
      await expect(attempt).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(attempt).rejects.toMatchObject({
        code: 'DUPLICATE_CLIENT_PLAN_ID',
        key: 'plan-dup',
      });
      expect(await counts()).toEqual(before);
      expect((await findDecisionByClientPlanId(db.prisma, 'plan-dup'))?.quantity).toBe(25);
    });

    it('lets other constraint failures through untouched', async () => {
      const attempt = persistDecision(db.prisma, {
        ...newDecision(fixture.signalId, 'plan-bad-config'),
        configSha: 'f'.repeat(64),
      });
      await expect(attempt).rejects.not.toBeInstanceOf(DuplicateKeyError);
      await expect(attempt).rejects.toMatchObject({ code: 'P2003' });
    });
  });

  describe('orders', () => {
    it('writes the intent ahead: PENDING_SUBMIT with its first history row', async () => {
      const order = await persistOrder(db.prisma, newOrder(fixture.instrumentId, 'KVWAL1'));
      expect(order).toMatchObject({
        status: 'PENDING_SUBMIT',
        version: 0,
        filledQuantity: 0,
        price: paise(150_000),
        isExternal: false,
        brokerOrderId: null,
      });
      const history = await db.prisma.orderStatusHistory.findMany({ where: { orderId: order.id } });
      expect(history).toEqual([
        expect.objectContaining({ fromStatus: null, toStatus: 'PENDING_SUBMIT', source: 'ENGINE' }),
      ]);
      expect(await findOrderByClientOrderId(db.prisma, 'KVWAL1')).toEqual(order);
    });

    it('refuses a duplicate client_order_id with a typed error and writes nothing', async () => {
      await persistOrder(db.prisma, newOrder(fixture.instrumentId, 'KVDUP1'));
      const before = await counts();
      const attempt = persistOrder(db.prisma, {
        ...newOrder(fixture.instrumentId, 'KVDUP1'),
        quantity: 1,
      });
      await expect(attempt).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(attempt).rejects.toMatchObject({
        code: 'DUPLICATE_CLIENT_ORDER_ID',
        key: 'KVDUP1',
      });
      expect(await counts()).toEqual(before);
    });

    it('refuses a client order id Kite would not accept as a tag', async () => {
      const before = await counts();
      for (const bad of ['', 'has-dash', 'x'.repeat(21)]) {
        await expect(persistOrder(db.prisma, newOrder(fixture.instrumentId, bad))).rejects.toThrow(
          RangeError,
        );
      }
      expect(await counts()).toEqual(before);
    });

    it('keeps SL-M as Kite spells it', async () => {
      const order = await persistOrder(db.prisma, {
        ...newOrder(fixture.instrumentId, 'KVSLM1'),
        role: 'STOP',
        side: 'SELL',
        orderType: 'SL-M',
        price: null,
        triggerPrice: paise(149_000),
      });
      expect(order.orderType).toBe('SL-M');
      expect((await findOrderByClientOrderId(db.prisma, 'KVSLM1'))?.triggerPrice).toBe(149_000);
    });

    it('moves status with a history row per step and a version per write', async () => {
      const order = await persistOrder(db.prisma, newOrder(fixture.instrumentId, 'KVFLOW1'));
      const submitted = await updateOrderStatus(db.prisma, {
        orderId: order.id,
        expectedVersion: 0,
        status: 'SUBMITTED',
        source: 'ENGINE',
        submittedAt: new Date('2025-11-20T04:00:00.000Z'),
      });
      const open = await updateOrderStatus(db.prisma, {
        orderId: order.id,
        expectedVersion: submitted.version,
        status: 'OPEN',
        source: 'POSTBACK',
        brokerOrderId: '251120000000001',
        exchangeUpdatedAt: new Date('2025-11-20T04:00:01.000Z'),
      });
      const filled = await updateOrderStatus(db.prisma, {
        orderId: order.id,
        expectedVersion: open.version,
        status: 'FILLED',
        source: 'TICKER',
        filledQuantity: 25,
        averagePrice: paise(149_995),
        reason: 'fully filled',
      });
      expect(filled).toMatchObject({
        status: 'FILLED',
        version: 3,
        filledQuantity: 25,
        averagePrice: paise(149_995),
        brokerOrderId: '251120000000001',
      });
      expect(filled.submittedAt?.toISOString()).toBe('2025-11-20T04:00:00.000Z');
      const history = await db.prisma.orderStatusHistory.findMany({
        where: { orderId: order.id },
        orderBy: [{ at: 'asc' }, { id: 'asc' }],
      });
      expect(history.map((h) => [h.fromStatus, h.toStatus, h.source])).toEqual([
        [null, 'PENDING_SUBMIT', 'ENGINE'],
        ['PENDING_SUBMIT', 'SUBMITTED', 'ENGINE'],
        ['SUBMITTED', 'OPEN', 'POSTBACK'],
        ['OPEN', 'FILLED', 'TICKER'],
      ]);
    });

    it('remembers the state before MODIFY_PENDING / CANCEL_PENDING and forgets it after', async () => {
      const order = await persistOrder(db.prisma, newOrder(fixture.instrumentId, 'KVPEND1'));
      let current = await updateOrderStatus(db.prisma, {
        orderId: order.id,
        expectedVersion: 0,
        status: 'TRIGGER_PENDING',
        source: 'ENGINE',
      });
      current = await updateOrderStatus(db.prisma, {
        orderId: order.id,
        expectedVersion: current.version,
        status: 'MODIFY_PENDING',
        source: 'ENGINE',
      });
      expect(current.statusBeforePending).toBe('TRIGGER_PENDING');
      current = await updateOrderStatus(db.prisma, {
        orderId: order.id,
        expectedVersion: current.version,
        status: 'CANCEL_PENDING',
        source: 'ENGINE',
      });
      expect(current.statusBeforePending).toBe('TRIGGER_PENDING');
      current = await updateOrderStatus(db.prisma, {
        orderId: order.id,
        expectedVersion: current.version,
        status: 'TRIGGER_PENDING',
        source: 'POLL',
        reason: 'cancel refused',
      });
      expect(current.statusBeforePending).toBeNull();
    });

    it('refuses a stale version and writes nothing', async () => {
      const order = await persistOrder(db.prisma, newOrder(fixture.instrumentId, 'KVSTALE1'));
      await updateOrderStatus(db.prisma, {
        orderId: order.id,
        expectedVersion: 0,
        status: 'SUBMITTED',
        source: 'ENGINE',
      });
      const before = await counts();
      const attempt = updateOrderStatus(db.prisma, {
        orderId: order.id,
        expectedVersion: 0,
        status: 'REJECTED',
        source: 'POLL',
      });
      await expect(attempt).rejects.toBeInstanceOf(StaleVersionError);
      await expect(attempt).rejects.toMatchObject({ expectedVersion: 0, actualVersion: 1 });
      expect(await counts()).toEqual(before);
      expect((await findOrderByClientOrderId(db.prisma, 'KVSTALE1'))?.status).toBe('SUBMITTED');
    });

    it('lets exactly one of two racing updates of the same version win', async () => {
      const order = await persistOrder(db.prisma, newOrder(fixture.instrumentId, 'KVRACE1'));
      const results = await Promise.allSettled(
        (['OPEN', 'REJECTED'] as const).map((status) =>
          updateOrderStatus(db.prisma, {
            orderId: order.id,
            expectedVersion: 0,
            status,
            source: 'POLL',
          }),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toBeInstanceOf(StaleVersionError);
      expect(await db.prisma.orderStatusHistory.count({ where: { orderId: order.id } })).toBe(2);
    });

    it('refuses a broker order id already taken by another order', async () => {
      const first = await persistOrder(db.prisma, newOrder(fixture.instrumentId, 'KVBRK1'));
      const second = await persistOrder(db.prisma, newOrder(fixture.instrumentId, 'KVBRK2'));
      await updateOrderStatus(db.prisma, {
        orderId: first.id,
        expectedVersion: 0,
        status: 'OPEN',
        source: 'POSTBACK',
        brokerOrderId: 'B-1',
      });
      const before = await counts();
      const attempt = updateOrderStatus(db.prisma, {
        orderId: second.id,
        expectedVersion: 0,
        status: 'OPEN',
        source: 'POSTBACK',
        brokerOrderId: 'B-1',
      });
      await expect(attempt).rejects.toMatchObject({
        code: 'DUPLICATE_BROKER_ORDER_ID',
        key: 'B-1',
      });
      expect(await counts()).toEqual(before);
      expect((await findOrderByClientOrderId(db.prisma, 'KVBRK2'))?.version).toBe(0);
    });

    it('reports an unknown order', async () => {
      await expect(
        updateOrderStatus(db.prisma, {
          orderId: '0190a4b4-0000-7000-8000-000000000000',
          expectedVersion: 0,
          status: 'OPEN',
          source: 'POLL',
        }),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it('joins a caller transaction and rolls back with it', async () => {
      const before = await counts();
      await expect(
        db.prisma.$transaction(async (tx) => {
          await persistOrder(tx, newOrder(fixture.instrumentId, 'KVTX1'));
          throw new Error('broker call failed before commit');
        }),
      ).rejects.toThrow('broker call failed');
      expect(await counts()).toEqual(before);
    });
  });

  describe('audit log', () => {
    it('appends entries and lists them by correlation id in order', async () => {
      const base = Date.parse('2025-11-20T04:00:00.000Z');
      await appendAudit(db.prisma, {
        actorType: 'SYSTEM',
        actor: 'engine',
        action: 'signal.received',
        entity: 'signal',
        entityId: fixture.signalId,
        payload: { score: 0.8 },
        correlationId: 'corr-audit',
        at: new Date(base),
      });
      await appendAudit(db.prisma, {
        actorType: 'USER',
        actor: 'admin@example.com',
        action: 'control.pause',
        entity: 'engine',
        payload: { reason: 'news' },
        correlationId: 'corr-audit',
        at: new Date(base + 1000),
      });
      await appendAudit(db.prisma, {
        actorType: 'SYSTEM',
        actor: 'engine',
        action: 'other',
        entity: 'engine',
        payload: {},
        correlationId: 'corr-other',
      });
      const entries = await listAuditByCorrelationId(db.prisma, 'corr-audit');
      expect(entries.map((e) => [e.actorType, e.action, e.payload])).toEqual([
        ['SYSTEM', 'signal.received', { score: 0.8 }],
        ['USER', 'control.pause', { reason: 'news' }],
      ]);
    });
  });

  describe('audit and risk-event batches', () => {
    it('writes many audit entries in one statement, and a replay writes none twice', async () => {
      const at = new Date('2025-11-20T04:00:00.123Z');
      const entries = [
        {
          id: '0193b000-0000-7000-8000-00000000a001',
          actorType: 'SYSTEM' as const,
          actor: 'engine',
          action: 'batch.one',
          entity: 'engine',
          payload: { n: 1, nested: { ok: true } },
          correlationId: 'corr-batch',
          at,
        },
        {
          id: '0193b000-0000-7000-8000-00000000a002',
          actorType: 'USER' as const,
          actor: 'trader@example.com',
          action: 'batch.two',
          entity: 'oco_group',
          entityId: 'group-1',
          payload: { note: 'lunch\u0000' },
          at: new Date(at.getTime() + 1),
        },
      ];
      expect(await appendAudits(db.prisma, entries)).toBe(2);
      expect(await appendAudits(db.prisma, entries)).toBe(0);
      const rows = await db.prisma.auditLog.findMany({
        where: { action: { startsWith: 'batch.' } },
        orderBy: { id: 'asc' },
      });
      expect(rows).toEqual([
        { ...entries[0], entityId: null },
        { ...entries[1], payload: { note: 'lunch\uFFFD' }, correlationId: null },
      ]);
    });

    it('writes many risk events in one statement, and a replay writes none twice', async () => {
      const events = [
        {
          id: '0193b000-0000-7000-8000-00000000b001',
          kind: 'BATCH_ONE',
          severity: 'CRITICAL' as const,
          message: 'first',
          payload: { reason: 'x' },
          instrumentId: fixture.instrumentId,
          correlationId: 'corr-batch',
          at: new Date('2025-11-20T04:00:00.456Z'),
        },
        {
          id: '0193b000-0000-7000-8000-00000000b002',
          kind: 'BATCH_TWO',
          severity: 'INFO' as const,
          message: 'second',
          payload: {},
          at: new Date('2025-11-20T04:00:01.000Z'),
        },
      ];
      expect(await recordRiskEvents(db.prisma, events)).toBe(2);
      expect(await recordRiskEvents(db.prisma, events)).toBe(0);
      const rows = await db.prisma.riskEvent.findMany({
        where: { kind: { startsWith: 'BATCH_' } },
        orderBy: { id: 'asc' },
      });
      expect(rows.map((r) => [r.kind, r.severity, r.message, r.payload, r.instrumentId])).toEqual([
        ['BATCH_ONE', 'CRITICAL', 'first', { reason: 'x' }, fixture.instrumentId],
        ['BATCH_TWO', 'INFO', 'second', {}, null],
      ]);
      expect(rows.map((r) => [r.orderId, r.correlationId, r.createdAt.toISOString()])).toEqual([
        [null, 'corr-batch', '2025-11-20T04:00:00.456Z'],
        [null, null, '2025-11-20T04:00:01.000Z'],
      ]);
    });
  });

  describe('config versions', () => {
    it('saves a version once and finds the newest per kind', async () => {
      const again = await saveConfigVersion(db.prisma, CONFIG);
      expect(again).toEqual({ sha: CONFIG.sha, created: false });
      const newer = {
        ...configVersion({ risk: { perTradeBps: 40 } }),
        createdAt: new Date(Date.now() + 60_000),
      };
      expect(await saveConfigVersion(db.prisma, newer)).toEqual({ sha: newer.sha, created: true });
      expect(await getConfigSha(db.prisma, 'trading')).toBe(newer.sha);
      expect(await getConfigSha(db.prisma, 'no-such-kind')).toBeNull();
      expect((await getConfigVersion(db.prisma, CONFIG.sha))?.canonicalJson).toBe(
        CONFIG.canonicalJson,
      );
    });

    it('refuses a sha that is not the hash of the canonical JSON', async () => {
      const before = await db.prisma.configVersion.count();
      await expect(
        saveConfigVersion(db.prisma, { ...CONFIG, canonicalJson: '{"tampered":true}' }),
      ).rejects.toThrow(RangeError);
      expect(await db.prisma.configVersion.count()).toBe(before);
    });

    it('refuses a stored sha offered under another kind', async () => {
      await expect(
        saveConfigVersion(db.prisma, { ...CONFIG, kind: 'strategy:orb' }),
      ).rejects.toBeInstanceOf(ConfigShaConflictError);
    });
  });

  it('stores the instrument it was seeded with', async () => {
    const row = await db.prisma.instrument.findUniqueOrThrow({
      where: { token: BigInt(INFY.token) },
    });
    expect(row.id).toBe(fixture.instrumentId);
  });
});
