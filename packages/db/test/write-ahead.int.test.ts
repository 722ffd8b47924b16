import type { OrderEvent, OrderState } from '@kavach/domain';
import { applyOrderEvent, createOrderState, paise } from '@kavach/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/client';
import { NotFoundError } from '../src/errors';
import {
  type BracketOpening,
  persistBracketOpening,
  saveOrderMachineState,
  writeAheadOrder,
} from '../src/repositories';
import { newRowId } from '../src/row-id';
import { BACKENDS, type TestBackend, startBackend } from './backends';
import { CONFIG, type Seed, newDecision, newOrder, seed } from './fixtures';

const AT = new Date('2026-11-23T04:31:00.000Z');

function step(state: OrderState, event: OrderEvent): OrderState {
  const result = applyOrderEvent(state, event);
  if (!result.ok) throw new Error(result.error.message);
  return result.state;
}

describe.each(BACKENDS)('write-ahead statements on %s', (kind) => {
  let backend: TestBackend;
  let db: Db;
  let fixture: Seed;
  let serial = 0;

  beforeAll(async () => {
    backend = await startBackend(kind);
    db = await backend.createDb();
    await db.migrate();
    fixture = await seed(db);
  });
  afterAll(async () => {
    await backend.stop();
  });

  function opening(): BracketOpening {
    serial += 1;
    const signalId = newRowId();
    const decisionId = newRowId();
    const groupId = newRowId();
    return {
      signal: {
        id: signalId,
        strategy: 'orb',
        instrumentId: fixture.instrumentId,
        side: 'BUY',
        entryPrice: paise(150_000),
        stopPrice: paise(149_000),
        tp1Price: paise(151_000),
        tp2Price: null,
        features: { close: 150_000, reason: 'breakout' },
        featureScores: { close: 1 },
        score: 0.75,
        rank: 1,
        configSha: CONFIG.sha,
        correlationId: `corr-open-${serial}`,
        createdAt: AT,
      },
      decision: {
        ...newDecision(signalId, `plan-open-${serial}`),
        id: decisionId,
        correlationId: `corr-open-${serial}`,
        createdAt: AT,
      },
      group: {
        id: groupId,
        venue: 'KITE',
        instrumentId: fixture.instrumentId,
        side: 'BUY',
        state: 'PENDING_ENTRY',
        plannedQuantity: 25,
        decisionId,
        strategy: 'orb',
        snapshot: { groupId, legs: [] },
        correlationId: `corr-open-${serial}`,
        at: AT,
      },
      order: {
        ...newOrder(fixture.instrumentId, `kEopen${serial}`),
        id: newRowId(),
        parentGroup: groupId,
        legId: `${groupId}:entry`,
        decisionId,
        correlationId: `corr-open-${serial}`,
        createdAt: AT,
      },
    };
  }

  const counts = async () => ({
    signals: await db.prisma.signal.count(),
    decisions: await db.prisma.decision.count(),
    groups: await db.prisma.ocoGroup.count(),
    orders: await db.prisma.order.count(),
    history: await db.prisma.orderStatusHistory.count(),
  });

  it('writes the signal, decision, bracket and entry rows of an opening together', async () => {
    const rows = opening();
    await persistBracketOpening(db.prisma, rows);
    const signal = await db.prisma.signal.findUniqueOrThrow({ where: { id: rows.signal.id } });
    expect(signal).toMatchObject({
      entryPricePaise: 150_000,
      tp2PricePaise: null,
      features: { close: 150_000, reason: 'breakout' },
      score: 0.75,
      createdAt: AT,
    });
    const decision = await db.prisma.decision.findUniqueOrThrow({
      where: { id: rows.decision.id },
    });
    expect(decision).toMatchObject({
      signalId: rows.signal.id,
      capitalPaise: 5_000_000_000n,
      clientPlanId: rows.decision.clientPlanId,
    });
    const group = await db.prisma.ocoGroup.findUniqueOrThrow({ where: { id: rows.group.id } });
    expect(group).toMatchObject({
      decisionId: rows.decision.id,
      venue: 'KITE',
      state: 'PENDING_ENTRY',
      version: 0,
      createdAt: AT,
      updatedAt: AT,
    });
    const order = await db.prisma.order.findUniqueOrThrow({
      where: { id: rows.order.id },
      include: { statusHistory: true },
    });
    expect(order).toMatchObject({
      clientOrderId: rows.order.clientOrderId,
      parentGroup: rows.group.id,
      status: 'PENDING_SUBMIT',
      pricePaise: 150_000,
      decisionId: rows.decision.id,
    });
    expect(order.statusHistory).toEqual([
      expect.objectContaining({ fromStatus: null, toStatus: 'PENDING_SUBMIT', source: 'ENGINE' }),
    ]);
  });

  it('writes nothing of an opening that fails (a plan id already used)', async () => {
    const first = opening();
    await persistBracketOpening(db.prisma, first);
    const before = await counts();
    const again = opening();
    const duplicate: BracketOpening = {
      ...again,
      decision: { ...again.decision, clientPlanId: first.decision.clientPlanId },
    };
    await expect(persistBracketOpening(db.prisma, duplicate)).rejects.toThrow();
    expect(await counts()).toEqual(before);
  });

  it("writes a stop's row once, however often the write is replayed", async () => {
    const rows = opening();
    await persistBracketOpening(db.prisma, rows);
    const stop = {
      ...newOrder(fixture.instrumentId, `kSstop${serial}`),
      id: newRowId(),
      role: 'STOP' as const,
      side: 'SELL' as const,
      orderType: 'SL-M' as const,
      price: null,
      triggerPrice: paise(149_000),
      parentGroup: rows.group.id,
      createdAt: AT,
    };
    await writeAheadOrder(db.prisma, stop);
    await writeAheadOrder(db.prisma, stop);
    const stored = await db.prisma.order.findUniqueOrThrow({
      where: { id: stop.id },
      include: { statusHistory: true },
    });
    expect(stored).toMatchObject({
      orderType: 'SL_M',
      triggerPricePaise: 149_000,
      pricePaise: null,
    });
    expect(stored.statusHistory).toHaveLength(1);
  });

  it("writes the same through the database's own statements, again and again", async () => {
    const before = await counts();
    const first = opening();
    const second = opening();
    await db.statements.bracketOpening(first);
    await db.statements.bracketOpening(second);
    const stop = {
      ...newOrder(fixture.instrumentId, `kSown${serial}`),
      id: newRowId(),
      role: 'STOP' as const,
      side: 'SELL' as const,
      orderType: 'SL' as const,
      price: paise(148_900),
      triggerPrice: paise(149_000),
      parentGroup: second.group.id,
      createdAt: AT,
    };
    await db.statements.order(stop);
    await db.statements.order(stop);
    expect(await counts()).toEqual({
      signals: before.signals + 2,
      decisions: before.decisions + 2,
      groups: before.groups + 2,
      orders: before.orders + 3,
      history: before.history + 3,
    });
    expect(
      await db.prisma.order.findUniqueOrThrow({ where: { id: second.order.id } }),
    ).toMatchObject({
      parentGroup: second.group.id,
      decisionId: second.decision.id,
      createdAt: AT,
    });
    expect(
      await db.prisma.decision.findUniqueOrThrow({ where: { id: second.decision.id } }),
    ).toMatchObject({ createdAt: AT });

    const created = createOrderState({ orderId: stop.clientOrderId, quantity: 25, at: 1 });
    const submitted = step(created, { type: 'submitted', at: 2 });
    const filled = step(submitted, {
      type: 'fill',
      fillId: 'S1',
      quantity: 25,
      price: paise(148_950),
      at: 3,
    });
    for (const [previous, next] of [
      [created, submitted],
      [submitted, filled],
    ] as const) {
      await db.statements.machineState({
        orderId: stop.id,
        previous,
        next,
        source: 'TICKER',
        at: AT,
      });
    }
    await db.statements.groupProgress({
      id: second.group.id,
      state: 'CLOSED',
      entryFilledQuantity: 25,
      exitFilledQuantity: 25,
      snapshot: { closed: true },
      closedAt: AT,
      at: AT,
    });
    expect(
      await db.prisma.order.findUniqueOrThrow({ where: { id: stop.id }, include: { fills: true } }),
    ).toMatchObject({
      status: 'FILLED',
      version: 2,
      updatedAt: AT,
      fills: [expect.objectContaining({ tradeId: 'S1', filledAt: new Date(3) })],
    });
    expect(
      await db.prisma.ocoGroup.findUniqueOrThrow({ where: { id: second.group.id } }),
    ).toMatchObject({
      state: 'CLOSED',
      exitFilledQuantity: 25,
      snapshot: { closed: true },
      version: 1,
      closedAt: AT,
      updatedAt: AT,
    });
    await expect(
      db.statements.groupProgress({
        id: newRowId(),
        state: 'CLOSED',
        entryFilledQuantity: 0,
        exitFilledQuantity: 0,
        snapshot: {},
        closedAt: null,
        at: AT,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("records an order machine's step: columns, history, new fills once", async () => {
    const rows = opening();
    await persistBracketOpening(db.prisma, rows);
    const created = createOrderState({ orderId: rows.order.clientOrderId, quantity: 25, at: 1 });
    const submitted = step(created, { type: 'submitted', at: 2 });
    await saveOrderMachineState(db.prisma, {
      orderId: rows.order.id,
      previous: created,
      next: submitted,
      source: 'ENGINE',
      brokerOrderId: `B${serial}`,
      submittedAt: AT,
      at: AT,
    });
    const filled = step(submitted, {
      type: 'fill',
      fillId: 'T1',
      quantity: 25,
      price: paise(149_950),
      at: 3,
    });
    const fill = { orderId: rows.order.id, previous: submitted, next: filled, at: AT };
    await saveOrderMachineState(db.prisma, { ...fill, source: 'TICKER' });
    await saveOrderMachineState(db.prisma, { ...fill, source: 'POLL' });
    const order = await db.prisma.order.findUniqueOrThrow({
      where: { id: rows.order.id },
      include: { statusHistory: { orderBy: { at: 'asc' } }, fills: true },
    });
    expect(order).toMatchObject({
      status: 'FILLED',
      filledQuantity: 25,
      averagePricePaise: 149_950,
      brokerOrderId: `B${serial}`,
      submittedAt: AT,
      version: 3,
    });
    expect(order.machineState).toEqual(JSON.parse(JSON.stringify(filled)));
    expect(order.fills).toEqual([
      expect.objectContaining({
        tradeId: 'T1',
        quantity: 25,
        pricePaise: 149_950,
        source: 'TICKER',
      }),
    ]);
    expect(order.statusHistory.map((h) => h.toStatus)).toEqual(
      expect.arrayContaining(['PENDING_SUBMIT', 'SUBMITTED', 'FILLED']),
    );
  });

  it('changes type and prices only when the step repriced the order', async () => {
    const rows = opening();
    await persistBracketOpening(db.prisma, rows);
    const created = createOrderState({ orderId: rows.order.clientOrderId, quantity: 25, at: 1 });
    const submitted = step(created, { type: 'submitted', at: 2 });
    const base = { orderId: rows.order.id, source: 'ENGINE' as const, at: AT };
    await saveOrderMachineState(db.prisma, { ...base, previous: created, next: submitted });
    expect(await db.prisma.order.findUniqueOrThrow({ where: { id: rows.order.id } })).toMatchObject(
      { orderType: 'LIMIT', pricePaise: 150_000, brokerOrderId: null },
    );
    const asked = step(submitted, { type: 'modifyRequested', quantity: 25, at: 3 });
    const confirmed = step(asked, { type: 'modifyConfirmed', quantity: 25, at: 4 });
    await saveOrderMachineState(db.prisma, {
      ...base,
      previous: asked,
      next: confirmed,
      modificationCount: 1,
      repriced: { orderType: 'MARKET', price: null, triggerPrice: null },
    });
    expect(await db.prisma.order.findUniqueOrThrow({ where: { id: rows.order.id } })).toMatchObject(
      { orderType: 'MARKET', pricePaise: null, modificationCount: 1 },
    );
  });

  it('refuses a step for an order that is not there', async () => {
    const created = createOrderState({ orderId: 'kEnone', quantity: 1, at: 1 });
    await expect(
      saveOrderMachineState(db.prisma, {
        orderId: newRowId(),
        previous: created,
        next: step(created, { type: 'submitted', at: 2 }),
        source: 'ENGINE',
        at: AT,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
