import { checkReliability } from '@kavach/testkit';
import { paise, VirtualClock } from '@kavach/domain';
import type { Paise } from '@kavach/domain';
import { createLogger } from '@kavach/config';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOcoManager } from '../src/oco/oco-manager';
import { singleVenue } from '../src/venue/order-venues';
import type { OcoManager } from '../src/oco/oco-manager';
import type { FillApplied, OcoObserver, RiskRaised } from '../src/oco/oco-types';
import { createScriptedBroker } from './support/scripted-broker';
import type { ScriptedBroker } from './support/scripted-broker';
import { INFY, openTestDb } from './support/test-db';
import type { TestDb } from './support/test-db';

const START = Date.parse('2026-11-23T04:30:00Z');

interface Harness {
  readonly manager: OcoManager;
  readonly broker: ScriptedBroker;
  readonly clock: VirtualClock;
  readonly risks: RiskRaised[];
  readonly fills: FillApplied[];
}

let testDb: TestDb;
let h: Harness;

function makeHarness(lastPrice?: (token: number) => Paise | null): Harness {
  const broker = createScriptedBroker();
  const clock = new VirtualClock(START);
  const risks: RiskRaised[] = [];
  const fills: FillApplied[] = [];
  const observer: OcoObserver = {
    orderChanged: () => undefined,
    riskRaised: (r) => risks.push(r),
    filled: (f) => fills.push(f),
    groupChanged: () => undefined,
    protectionSent: () => undefined,
  };
  const manager = createOcoManager({
    prisma: testDb.db.prisma,
    venues: singleVenue(broker),
    clock,
    logger: createLogger('test', 'silent'),
    observer,
    product: 'MIS',
    marketProtection: 2,
    ...(lastPrice === undefined ? {} : { lastPrice }),
    sleep: () => Promise.resolve(),
  });
  return { manager, broker, clock, risks, fills };
}

let groupCounter = 0;
async function openLong(quantity = 100) {
  groupCounter += 1;
  const groupId = `0193a000-0000-7000-8000-${String(groupCounter).padStart(12, '0')}`;
  const result = await h.manager.openBracket({
    groupId,
    decisionId: null,
    correlationId: `corr-${groupCounter}`,
    strategy: 'orb',
    instrument: INFY,
    instrumentId: testDb.infyId,
    side: 'BUY',
    quantity,
    entry: { orderType: 'LIMIT', price: paise(150_000), triggerPrice: null },
    stop: { orderType: 'SL-M', price: null, triggerPrice: paise(148_000) },
    targets: [
      { role: 'TP1', quantity: quantity / 2, price: paise(152_000) },
      { role: 'TP2', quantity: quantity / 2, price: paise(154_000) },
    ],
    signalPrice: paise(150_000),
  });
  if (!result.ok) throw new Error(result.message);
  await h.manager.idle();
  return result.group;
}

async function report(
  brokerOrderId: string,
  status: Parameters<ScriptedBroker['report']>[1],
  filled: number,
  price: number | null,
  source: 'TICKER' | 'POSTBACK' | 'POLL' = 'TICKER',
) {
  h.clock.advance(100);
  await h.manager.handleReport(
    h.broker.report(
      brokerOrderId,
      status,
      filled,
      price === null ? null : paise(price),
      h.clock.now(),
    ),
    source,
    'KITE',
  );
  await h.manager.idle();
}

function brokerIdOf(role: string, index = 0): string {
  const call = h.broker.placed(role)[index];
  if (call === undefined) throw new Error(`no ${role} #${index} placed`);
  return call.brokerOrderId;
}

/** A 503 whose request may or may not have reached the broker. */
const UNAVAILABLE = {
  ok: false as const,
  error: {
    kind: 'AMBIGUOUS' as const,
    code: 'HTTP_5XX',
    message: 'Injected fault 503',
    httpStatus: 503,
  },
};

beforeAll(async () => {
  testDb = await openTestDb();
});

beforeEach(async () => {
  await testDb.db.prisma.$executeRawUnsafe(
    'TRUNCATE fills, order_status_history, risk_events, orders, oco_groups CASCADE',
  );
  h = makeHarness();
});

afterAll(async () => {
  await testDb.close();
});

describe('OCO manager', () => {
  it('commits the write-ahead row before the broker sees the entry', async () => {
    const seen: string[] = [];
    h.broker.onPlace = async (command) => {
      const row = await testDb.db.prisma.order.findUnique({
        where: { clientOrderId: command.clientOrderId },
      });
      seen.push(row?.status ?? 'missing');
    };
    await openLong();
    expect(seen).toEqual(['PENDING_SUBMIT']);
    const row = await testDb.db.prisma.order.findFirstOrThrow({ where: { role: 'ENTRY' } });
    expect(row.status).toBe('SUBMITTED');
    expect(row.brokerOrderId).toBe(brokerIdOf('ENTRY'));
  });

  it('protects a partial entry fill at once, then grows the protection with the fill', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: 'entry partly filled (40 of 100), then filled (scripted broker reports)',
        expected:
          'a stop for the 40 at once (SL-M, SELL), grown to 100 with the fill; targets never above the filled quantity',
        source: import.meta.url,
      },
      async () => {
        await openLong(100);
        const entry = brokerIdOf('ENTRY');
        await report(entry, 'OPEN', 0, null);
        await report(entry, 'PARTIALLY_FILLED', 40, 150_000);
        const stop = h.broker.placed('STOP');
        expect(stop).toHaveLength(1);
        expect(stop[0]?.command.quantity).toBe(40);
        expect(stop[0]?.command.orderType).toBe('SL-M');
        expect(stop[0]?.command.marketProtection).toBe(2);
        expect(stop[0]?.command.side).toBe('SELL');

        await report(entry, 'FILLED', 100, 150_000);
        const stopId = brokerIdOf('STOP');
        await report(stopId, 'TRIGGER_PENDING', 0, null);
        const grown = h.broker.calls.filter(
          (c) => c.type === 'modify' && c.brokerOrderId === stopId,
        );
        const lastStopSize = grown.at(-1)?.type === 'modify' ? grown.at(-1) : undefined;
        expect(lastStopSize).toBeDefined();
        if (lastStopSize?.type === 'modify') expect(lastStopSize.command.quantity).toBe(100);
        const targets = [...h.broker.placed('TP1'), ...h.broker.placed('TP2')];
        const targetQuantity = targets.reduce((sum, t) => sum + t.command.quantity, 0);
        expect(targetQuantity).toBeGreaterThan(0);
        expect(targetQuantity).toBeLessThanOrEqual(100);
      },
    );
  });

  it('sends one request at a time per order: a second modify waits for the first answer', async () => {
    await openLong(100);
    const entry = brokerIdOf('ENTRY');
    await report(entry, 'PARTIALLY_FILLED', 40, 150_000);
    const stopId = brokerIdOf('STOP');
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    h.broker.onModify = () => held;
    const stopModifies = () =>
      h.broker.calls.flatMap((c) =>
        c.type === 'modify' && c.brokerOrderId === stopId ? [c.command.quantity] : [],
      );
    const at = () => h.clock.now();
    await h.manager.handleReport(
      h.broker.report(entry, 'PARTIALLY_FILLED', 60, paise(150_000), at()),
      'TICKER',
      'KITE',
    );
    await h.manager.handleReport(
      h.broker.report(entry, 'FILLED', 100, paise(150_000), at()),
      'TICKER',
      'KITE',
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopModifies()).toEqual([60]);
    release();
    await h.manager.idle();
    expect(stopModifies()).toEqual([60, 100]);
    expect(
      h.manager.ordersOf(h.manager.groups()[0]?.id ?? '').find((o) => o.role === 'STOP')?.state
        .quantity,
    ).toBe(100);
  });

  it('reduces the stop when a target fills and cancels the targets when the stop fills', async () => {
    await openLong(100);
    const entry = brokerIdOf('ENTRY');
    await report(entry, 'FILLED', 100, 150_000);
    const stopId = brokerIdOf('STOP');
    const tp1 = brokerIdOf('TP1');
    const tp2 = brokerIdOf('TP2');
    await report(tp1, 'FILLED', 50, 152_000);
    const modify = h.broker.calls.find((c) => c.type === 'modify' && c.brokerOrderId === stopId);
    expect(modify?.type === 'modify' ? modify.command.quantity : null).toBe(50);

    await report(stopId, 'FILLED', 50, 148_000);
    expect(h.broker.calls).toContainEqual({ type: 'cancel', brokerOrderId: tp2 });
    await report(tp2, 'CANCELLED', 0, null);
    const group = h.manager.groups()[0];
    expect(group?.group.status).toBe('CLOSED');
    const row = await testDb.db.prisma.ocoGroup.findFirstOrThrow();
    expect(row.state).toBe('CLOSED');
    expect(row.closedAt).not.toBeNull();
    expect(h.fills.map((f) => [f.order.role, f.quantity])).toEqual([
      ['ENTRY', 100],
      ['TP1', 50],
      ['STOP', 50],
    ]);
  });

  it('applies duplicated and out-of-order reports once, in state-machine order', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault:
          'entry FILLED reported three times (ticker, postback, poll), then older PARTIALLY_FILLED and OPEN reports',
        expected:
          'applied once in state-machine order: one fill, one stop, history PENDING_SUBMIT \u2192 SUBMITTED \u2192 FILLED, no risk event',
        source: import.meta.url,
      },
      async () => {
        await openLong(100);
        const entry = brokerIdOf('ENTRY');
        await report(entry, 'FILLED', 100, 150_000, 'TICKER');
        await report(entry, 'FILLED', 100, 150_000, 'POSTBACK');
        await report(entry, 'FILLED', 100, 150_000, 'POLL');
        await report(entry, 'PARTIALLY_FILLED', 40, 150_000, 'TICKER');
        await report(entry, 'OPEN', 0, null, 'POSTBACK');
        expect(h.broker.placed('STOP')).toHaveLength(1);
        expect(h.fills).toHaveLength(1);
        const history = await testDb.db.prisma.orderStatusHistory.findMany({
          where: { order: { role: 'ENTRY' } },
          orderBy: { at: 'asc' },
        });
        expect(history.map((r) => r.toStatus)).toEqual(['PENDING_SUBMIT', 'SUBMITTED', 'FILLED']);
        expect(h.risks).toEqual([]);
        return { reports: 5 };
      },
    );
  });

  it('takes a routine poll older than what it heard as stale; only an authoritative read contradicts', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: 'a routine poll older than a pushed CANCELLED says the stop still works',
        expected:
          'the stale poll is not applied (stop stays CANCELLED, STOP_LOST raised); only an authoritative read contradicting it raises ILLEGAL_TRANSITION',
        source: import.meta.url,
      },
      async () => {
        await openLong(100);
        await report(brokerIdOf('ENTRY'), 'FILLED', 100, 150_000);
        const stop = brokerIdOf('STOP');
        await report(stop, 'CANCELLED', 0, null);
        // The poller fetched the book before the cancel and delivers it after.
        await report(stop, 'TRIGGER_PENDING', 0, null, 'POLL');
        expect(h.risks).toEqual([expect.objectContaining({ kind: 'STOP_LOST' })]);
        const stopOrder = h.manager
          .ordersOf(h.manager.groups()[0]?.id ?? '')
          .find((o) => o.role === 'STOP');
        expect(stopOrder?.state.status).toBe('CANCELLED');

        await h.manager.handleReport(
          h.broker.report(stop, 'TRIGGER_PENDING', 0, null, h.clock.now()),
          'POLL',
          'KITE',
          true,
        );
        expect(h.risks.map((r) => r.kind)).toEqual(['STOP_LOST', 'ILLEGAL_TRANSITION']);
      },
    );
  });

  it('turns a rejected entry into a closed group and a risk event', async () => {
    await openLong(100);
    await report(brokerIdOf('ENTRY'), 'REJECTED', 0, null);
    expect(h.manager.groups()[0]?.group.status).toBe('CLOSED');
    expect(h.risks.map((r) => r.kind)).toContain('ORDER_REJECTED');
    expect(await testDb.db.prisma.riskEvent.count({ where: { kind: 'ORDER_REJECTED' } })).toBe(1);
    expect(h.broker.placed('STOP')).toHaveLength(0);
    const rejected = h.risks.find((r) => r.kind === 'ORDER_REJECTED');
    expect(rejected?.severity).toBe('CRITICAL');
    expect(rejected?.message).toContain('rejected (UNKNOWN): rejected by the test');
  });

  it('says why the broker refused an order, read from its message', async () => {
    await openLong(100);
    h.clock.advance(100);
    const margin = {
      ...h.broker.report(brokerIdOf('ENTRY'), 'REJECTED', 0, null, h.clock.now()),
      statusMessage:
        'Insufficient funds. Required margin is 95417.84 but available margin is 74251.80.',
    };
    await h.manager.handleReport(margin, 'TICKER', 'KITE');
    const rejected = h.risks.find((r) => r.kind === 'ORDER_REJECTED');
    expect(rejected?.severity).toBe('WARNING');
    expect(rejected?.message).toContain('rejected (MARGIN): Insufficient funds.');
  });

  it('treats a synchronous refusal as a rejection and a timeout as still in flight', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault:
          'entry placement answered by a client timeout (AMBIGUOUS, scripted broker); another refused outright',
        expected:
          'the timed-out entry stays SUBMITTED with no broker id (fate unknown, left to reconciliation), never REJECTED; the refused one closes its group',
        source: import.meta.url,
      },
      async () => {
        h.broker.nextPlace.push({
          ok: false,
          error: {
            kind: 'NON_RETRYABLE',
            code: 'InputException',
            message: 'Markets are closed right now.',
            httpStatus: 400,
          },
        });
        await openLong(10);
        expect(h.manager.groups()[0]?.group.status).toBe('CLOSED');

        h.broker.nextPlace.push({
          ok: false,
          error: {
            kind: 'AMBIGUOUS',
            code: 'TIMEOUT',
            message: 'timeout of 7000ms exceeded',
            httpStatus: null,
          },
        });
        const group = await openLong(10);
        const entry = h.manager.ordersOf(group.id)[0];
        expect(entry?.state.status).toBe('SUBMITTED');
        expect(entry?.brokerOrderId).toBeNull();
        expect(group.group.status).toBe('PENDING_ENTRY');
      },
    );
  });

  it('treats an adapter that throws as an unknown outcome, never as a rejection', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: 'the broker adapter throws on placement',
        expected: 'unknown outcome: entry SUBMITTED, group PENDING_ENTRY, never a rejection',
        source: import.meta.url,
      },
      async () => {
        h.broker.onPlace = () => Promise.reject(new Error('adapter bug'));
        const group = await openLong(10);
        const entry = h.manager.ordersOf(group.id)[0];
        expect(entry?.state.status).toBe('SUBMITTED');
        expect(group.group.status).toBe('PENDING_ENTRY');
      },
    );
  });

  it('retries a rate-limited placement and sends the order once it goes through', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: 'a burst of 429 (two in a row) on an entry placement (scripted broker)',
        expected: 'retried until it goes through; the order sent once, SUBMITTED',
        source: import.meta.url,
      },
      async () => {
        const limited = {
          ok: false as const,
          error: {
            kind: 'RETRYABLE' as const,
            code: 'NetworkException',
            message: 'Too many requests',
            httpStatus: 429,
          },
        };
        h.broker.nextPlace.push(limited, limited);
        await openLong(10);
        expect(h.broker.placed('ENTRY')).toHaveLength(3);
        expect(h.manager.ordersOf(h.manager.groups()[0]?.id ?? '')[0]?.state.status).toBe(
          'SUBMITTED',
        );
        return { rateLimited: 2, attempts: h.broker.placed('ENTRY').length };
      },
    );
  });

  it('widens the market protection to ten ticks when the last price is cheap', async () => {
    // A contract last traded at ₹2.00: 2 % is under a tick, so the exit would rest at the last
    // price; ten 5-paise ticks are 25 %.
    h = makeHarness(() => paise(2_00));
    await openLong(100);
    await report(brokerIdOf('ENTRY'), 'FILLED', 100, 150_000);
    const group = h.manager.groups()[0];
    if (group === undefined) throw new Error('no group');
    await h.manager.flattenGroup(group.id, 'kill switch');
    await h.manager.idle();
    const modify = h.broker.calls.find((c) => c.type === 'modify');
    expect(modify).toMatchObject({ command: { orderType: 'MARKET', marketProtection: 25 } });
  });

  it('flattens: turns the stop into the market exit and cancels the targets', async () => {
    await openLong(100);
    const entry = brokerIdOf('ENTRY');
    await report(entry, 'FILLED', 100, 150_000);
    const group = h.manager.groups()[0];
    if (group === undefined) throw new Error('no group');
    await h.manager.flattenGroup(group.id, 'kill switch');
    await h.manager.idle();
    const stop = brokerIdOf('STOP');
    const requests = h.broker.calls.filter((c) => c.type === 'modify' || c.type === 'cancel');
    // The exit goes first: one modify, no new order, then the targets' cancels.
    expect(requests.map((c) => `${c.type} ${c.brokerOrderId}`)).toEqual([
      `modify ${stop}`,
      `cancel ${brokerIdOf('TP1')}`,
      `cancel ${brokerIdOf('TP2')}`,
    ]);
    expect(requests[0]).toMatchObject({
      command: { quantity: 100, orderType: 'MARKET', marketProtection: 2 },
    });
    expect(h.broker.placed('EXIT')).toEqual([]);
    await report(stop, 'FILLED', 100, 149_500);
    for (const target of ['TP1', 'TP2']) await report(brokerIdOf(target), 'CANCELLED', 0, null);
    expect(group.group.status).toBe('CLOSED');
    const stopRow = await testDb.db.prisma.order.findFirstOrThrow({ where: { role: 'STOP' } });
    expect(stopRow).toMatchObject({
      orderType: 'MARKET',
      triggerPricePaise: null,
      status: 'FILLED',
    });
  });

  it('flattens a stop it can no longer modify by cancelling it and exiting once it is gone', async () => {
    await openLong(100);
    await report(brokerIdOf('ENTRY'), 'FILLED', 100, 150_000);
    const group = h.manager.groups()[0];
    if (group === undefined) throw new Error('no group');
    h.broker.nextModify.push({
      ok: false,
      error: {
        kind: 'NON_RETRYABLE',
        code: 'InputException',
        message: 'Maximum allowed order modifications exceeded.',
        httpStatus: 400,
      },
    });
    await h.manager.flattenGroup(group.id, 'kill switch');
    await h.manager.idle();
    const cancelled = h.broker.calls.filter((c) => c.type === 'cancel').map((c) => c.brokerOrderId);
    expect(cancelled.sort()).toEqual(
      [brokerIdOf('STOP'), brokerIdOf('TP1'), brokerIdOf('TP2')].sort(),
    );
    for (const id of cancelled) await report(id, 'CANCELLED', 0, null);
    const exits = h.broker.placed('EXIT');
    // Exits follow the cancel confirmations: an order being cancelled may still fill.
    expect(exits.reduce((sum, e) => sum + e.command.quantity, 0)).toBe(100);
    for (const exit of exits) {
      expect(exit.command).toMatchObject({
        side: 'SELL',
        orderType: 'MARKET',
        marketProtection: 2,
      });
      await report(exit.brokerOrderId, 'FILLED', exit.command.quantity, 149_500);
    }
    expect(group.group.status).toBe('CLOSED');
  });

  it('sends a flatten modify and cancel again after a 503, once each', async () => {
    await openLong(100);
    await report(brokerIdOf('ENTRY'), 'FILLED', 100, 150_000);
    const group = h.manager.groups()[0];
    if (group === undefined) throw new Error('no group');
    h.broker.nextModify.push(UNAVAILABLE);
    h.broker.nextCancel.push(UNAVAILABLE);
    await h.manager.flattenGroup(group.id, 'kill switch');
    await h.manager.idle();
    const requests = h.broker.calls.filter((c) => c.type === 'modify' || c.type === 'cancel');
    const sent = (type: string, id: string) =>
      requests.filter((c) => c.type === type && c.brokerOrderId === id).length;
    expect(sent('modify', brokerIdOf('STOP'))).toBe(2);
    expect(sent('cancel', brokerIdOf('TP1')) + sent('cancel', brokerIdOf('TP2'))).toBe(3);
    expect(h.broker.placed('EXIT')).toEqual([]);
    expect(h.risks).toEqual([]);
  });

  it('keeps sending a flatten modify through a broker outage longer than the retry budget', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: '503 on the kill switch’s modify of the stop, 12 times in a row (scripted broker)',
        expected:
          'the modify is sent until it goes through (a modify says what the order must become); the stop becomes the market exit, nothing placed twice',
        source: import.meta.url,
      },
      async () => {
        await openLong(100);
        await report(brokerIdOf('ENTRY'), 'FILLED', 100, 150_000);
        const group = h.manager.groups()[0];
        if (group === undefined) throw new Error('no group');
        for (let i = 0; i < 12; i += 1) h.broker.nextModify.push(UNAVAILABLE);
        await h.manager.flattenGroup(group.id, 'kill switch');
        await h.manager.idle();
        const modifies = h.broker.calls.filter(
          (c) => c.type === 'modify' && c.brokerOrderId === brokerIdOf('STOP'),
        );
        expect(modifies).toHaveLength(13);
        const stop = h.manager.ordersOf(group.id).find((o) => o.role === 'STOP');
        expect(stop?.orderType).toBe('MARKET');
        await report(brokerIdOf('STOP'), 'FILLED', 100, 149_500);
        for (const target of ['TP1', 'TP2'] as const) {
          await report(brokerIdOf(target), 'CANCELLED', 0, null);
        }
        expect(group.group.status).toBe('CLOSED');
        expect(h.broker.placed('EXIT')).toEqual([]);
        return { unavailable: 12, modifiesSent: modifies.length };
      },
    );
  });

  it('closes an over-filled exit at once and raises a risk event', async () => {
    await openLong(100);
    await report(brokerIdOf('ENTRY'), 'FILLED', 100, 150_000);
    // Both targets and the stop race: the stop fills in full after a target filled.
    await report(brokerIdOf('TP1'), 'FILLED', 50, 152_000);
    await report(brokerIdOf('STOP'), 'FILLED', 100, 148_000, 'POLL');
    const severities = h.risks.map((r) => r.kind);
    expect(severities).toContain('POSITION_FLIPPED');
    const exits = h.broker.placed('EXIT');
    expect(exits.reduce((s, e) => s + e.command.quantity, 0)).toBe(50);
    expect(exits[0]?.command.side).toBe('BUY');
  });

  it('refuses a second bracket with the same group id and a reused client order id', async () => {
    const group = await openLong(10);
    const again = await h.manager.openBracket({
      groupId: group.id,
      decisionId: null,
      correlationId: 'x',
      strategy: null,
      instrument: INFY,
      instrumentId: testDb.infyId,
      side: 'BUY',
      quantity: 10,
      entry: { orderType: 'LIMIT', price: paise(150_000), triggerPrice: null },
      stop: { orderType: 'SL-M', price: null, triggerPrice: paise(148_000) },
      targets: [],
      signalPrice: null,
    });
    expect(again).toMatchObject({ ok: false, code: 'DUPLICATE' });
  });
});
