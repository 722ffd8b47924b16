import { checkReliability } from '@kavach/testkit';
import { istDate, nseCalendar2026, paise, roundToTick } from '@kavach/domain';
import type { Instrument, Paise } from '@kavach/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TradingEngine } from '../src/engine/create-trading-engine';
import type { SignalIntake } from '../src/orchestrator/external-entry';
import { DEFAULT_SLIPPAGE_CONFIG, versionSlippageConfig } from '../src/slippage/slippage-config';
import { createSlippageManager } from '../src/slippage/slippage-manager';
import type { SlippageManager } from '../src/slippage/slippage-manager';
import type { KiteSimEngineHarness } from './support/kite-sim-engine';
import { logger, startKiteSimEngineHarness, until } from './support/kite-sim-engine';

/**
 * Step 4 against kite-sim through the real kiteconnect client: the slippage check before an
 * entry goes out (refuse, re-price, pause on breaches), and what each kind of broker refusal
 * of an entry leads to (price: re-tried at the market, at most twice; margin: no retry;
 * market timing: queued for the next session and released there; unknown: failed).
 */
let h: KiteSimEngineHarness;
let engine: TradingEngine;
let slippage: SlippageManager;
let intake: SignalIntake;
const breachPauses: string[] = [];

beforeAll(async () => {
  h = await startKiteSimEngineHarness();
  slippage = createSlippageManager({
    prisma: h.db.prisma,
    clock: h.clock,
    logger,
    // Breaches here are of price; a slow acknowledgement on a loaded CI machine is not one.
    initial: versionSlippageConfig({
      ...DEFAULT_SLIPPAGE_CONFIG,
      breachesToPause: 2,
      maxLatencyMs: 60_000,
    }),
    onBreachLimit: (detail) => breachPauses.push(detail),
    abandonEntry: (groupId, reason) => {
      void engine.oco.abandonEntry(groupId, reason);
    },
  });
  engine = await h.startEngine(undefined, undefined, {
    slippage,
    calendar: nseCalendar2026,
    queueCheckMs: 3_600_000,
  });
  intake = engine.intake;
}, 120_000);

afterAll(async () => {
  await engine.stop();
  await h.close();
});

/** A fresh last price for the symbol, from a tick the engine received. */
async function livePrice(symbol: string): Promise<{ instrument: Instrument; price: Paise }> {
  const instrument = h.instrument(symbol);
  const before = engine.priceBook.latest(instrument.token);
  // Enough to move a ₹400 stock by a tick: an unchanged price sends no tick.
  await h.nudge(symbol, 5);
  await until(`a tick of ${symbol}`, () => {
    const last = engine.priceBook.latest(instrument.token);
    return last !== undefined && last !== before;
  });
  const last = engine.priceBook.latest(instrument.token);
  if (last === undefined) throw new Error('no price');
  return { instrument, price: last.price };
}

function buyAt(instrument: Instrument, entry: Paise, strategy = 'tv:test') {
  const stop = roundToTick(paise(Math.round(entry * 0.99)), instrument.tickSize, 'down');
  const target = roundToTick(paise(Math.round(entry * 1.02)), instrument.tickSize, 'up');
  return intake.submitEntry({
    source: 'webhook',
    strategy,
    instrument,
    side: 'BUY',
    entry,
    stop,
    targets: [target],
    sizing: { kind: 'quantity', quantity: 1 },
    receivedAt: h.clock.now(),
  });
}

async function brokerOrdersFor(token: number) {
  const book = await h.broker.getOrders();
  if (!book.ok) throw new Error(book.error.message);
  return book.value.filter((o) => o.instrumentToken === token);
}

describe('slippage check before an entry goes out', () => {
  it('refuses beyond tolerance (nothing sent), re-prices within it, and pauses on repeated breaches', async () => {
    const { instrument, price } = await livePrice('INFY');
    const ordersBefore = (await brokerOrdersFor(instrument.token)).length;

    // The market is 1 % above a BUY signal: beyond the 0.5 % tolerance.
    const stale = roundToTick(paise(Math.round(price / 1.01)), instrument.tickSize, 'down');
    const refused = await buyAt(instrument, stale);
    expect(refused).toMatchObject({ ok: false, code: 'SLIPPAGE', reason: 'SLIPPAGE_EXCEEDED' });
    expect((await brokerOrdersFor(instrument.token)).length).toBe(ordersBefore);

    // 0.4 % away: within tolerance, past the 0.3 % requote threshold: sent at the market.
    const drifted = roundToTick(paise(Math.round(price / 1.004)), instrument.tickSize, 'down');
    const repriced = await buyAt(instrument, drifted);
    expect(repriced).toMatchObject({ ok: true, repriced: true, sentPrice: price });
    await until('the re-priced entry at the broker', async () =>
      (await brokerOrdersFor(instrument.token)).some((o) => o.price === price),
    );

    // Close enough: sent at the signal's price.
    const fine = await buyAt(instrument, price);
    expect(fine).toMatchObject({ ok: true, repriced: false, sentPrice: price });

    const samples = await h.db.prisma.slippageSample.findMany({
      where: { instrumentId: h.instruments.idOf(instrument.token) ?? '' },
      // Ids are UUIDv7, in insertion order; the paused venue clock gives every sample one time.
      orderBy: { id: 'asc' },
    });
    expect(samples.map((s) => [s.check, s.breach])).toEqual([
      ['REJECTED', true],
      ['REPRICED', false],
      ['ACCEPTED', false],
    ]);
    expect(samples[0]?.orderId).toBeNull();
    expect(samples[1]?.sentPricePaise).toBe(price);
    await until('the entries acknowledged in their samples', async () => {
      const acked = await h.db.prisma.slippageSample.count({
        where: { instrumentId: samples[0]?.instrumentId ?? '', ackAt: { not: null } },
      });
      return acked === 2;
    });

    expect(breachPauses).toEqual([]);
    const again = await buyAt(instrument, stale);
    expect(again).toMatchObject({ ok: false, code: 'SLIPPAGE' });
    expect(breachPauses).toHaveLength(1);
    expect(breachPauses[0]).toContain('2 slippage/latency breaches');
  }, 60_000);
});

describe('what a refused entry leads to', () => {
  async function rejectNext(count: number, reason: string) {
    await h.sim.control('/faults/orders', { count, reason });
  }

  async function entriesOf(strategy: string) {
    return h.db.prisma.order.findMany({
      where: { role: 'ENTRY', group: { strategy } },
      orderBy: { id: 'asc' },
      select: { status: true, pricePaise: true },
    });
  }

  it('re-tries a price refusal at the market, at most twice', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: 'entries rejected by kite-sim for price (lower / upper circuit limit)',
        expected:
          're-tried at the market at most twice (3 orders, nothing after); one refusal then a working order',
        source: import.meta.url,
      },
      async () => {
        const { instrument, price } = await livePrice('TCS');
        await rejectNext(
          3,
          'Your order price is lower than the current lower circuit limit of 1.00. You can place an order within the range or use GTT for long-standing orders.',
        );
        expect(await buyAt(instrument, price, 'tv:price')).toMatchObject({ ok: true });
        await until('three refused entries', async () => {
          const entries = await entriesOf('tv:price');
          return entries.length === 3 && entries.every((e) => e.status === 'REJECTED');
        });
        // Nothing after the second re-try.
        await new Promise((resolve) => setTimeout(resolve, 800));
        expect(await entriesOf('tv:price')).toHaveLength(3);

        await rejectNext(
          1,
          'Your order price is higher than the current upper circuit limit of 1.00. You can place an order within the range or use GTT for long-standing orders.',
        );
        expect(await buyAt(instrument, price, 'tv:price-once')).toMatchObject({ ok: true });
        await until('a refused entry, then one working', async () => {
          const entries = await entriesOf('tv:price-once');
          return entries.length === 2 && entries[1]?.status !== 'REJECTED';
        });
        expect((await entriesOf('tv:price-once')).map((e) => e.status)[0]).toBe('REJECTED');
        return { rejected: 4 };
      },
    );
  }, 60_000);

  it('never re-tries a margin refusal, and fails an unknown one with a critical risk event', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault:
          'entries rejected by kite-sim for margin (Insufficient funds) and for an unknown reason',
        expected:
          'no retry for either; ORDER_REJECTED risk events: MARGIN WARNING, UNKNOWN CRITICAL',
        source: import.meta.url,
      },
      async () => {
        const { instrument, price } = await livePrice('SBIN');
        await rejectNext(
          1,
          'Insufficient funds. Required margin is 95417.84 but available margin is 74251.80.',
        );
        expect(await buyAt(instrument, price, 'tv:margin')).toMatchObject({ ok: true });
        await until('the margin refusal', async () =>
          (await entriesOf('tv:margin')).some((e) => e.status === 'REJECTED'),
        );
        await new Promise((resolve) => setTimeout(resolve, 800));
        expect(await entriesOf('tv:margin')).toHaveLength(1);

        await rejectNext(1, 'Something the engine has never seen.');
        expect(await buyAt(instrument, price, 'tv:unknown')).toMatchObject({ ok: true });
        await until('the unknown refusal', async () =>
          (await entriesOf('tv:unknown')).some((e) => e.status === 'REJECTED'),
        );
        await new Promise((resolve) => setTimeout(resolve, 800));
        expect(await entriesOf('tv:unknown')).toHaveLength(1);
        const risks = await h.db.prisma.riskEvent.findMany({
          where: { kind: 'ORDER_REJECTED' },
          select: { severity: true, message: true },
        });
        expect(risks.find((r) => r.message.includes('(MARGIN)'))?.severity).toBe('WARNING');
        expect(risks.find((r) => r.message.includes('(UNKNOWN)'))?.severity).toBe('CRITICAL');
        return { rejected: 2 };
      },
    );
  }, 60_000);

  it('queues a market-timing refusal for the next session and sends it there, checked again', async () => {
    await checkReliability(
      {
        area: 'broker',
        fault: 'entry rejected by kite-sim for market timing (Markets are closed)',
        expected:
          'queued for the next session, not released before it; released there through the gates and sent again, not rejected',
        source: import.meta.url,
      },
      async () => {
        const { instrument, price } = await livePrice('ITC');
        await rejectNext(
          1,
          'Markets are closed right now. Use GTT for placing long standing orders instead.',
        );
        expect(await buyAt(instrument, price, 'tv:timing')).toMatchObject({ ok: true });
        await until('the entry queued', async () => (await h.db.prisma.queuedEntry.count()) === 1);
        const queued = await h.db.prisma.queuedEntry.findFirstOrThrow();
        const nextOpen = nseCalendar2026.nextSessionOpen(h.clock.now());
        expect(queued).toMatchObject({ status: 'QUEUED', notBefore: new Date(nextOpen) });
        expect(await entriesOf('tv:timing')).toHaveLength(1);

        // Not before its session.
        expect(await engine.rejections?.releaseDue()).toBe(0);

        // The next session, inside the entry window: released through the gates at a fresh price.
        const nextDay = istDate(nextOpen);
        const tenAm = Date.parse(`${nextDay}T10:00:00+05:30`);
        h.clock.set(tenAm);
        await livePrice('ITC');
        expect(await engine.rejections?.releaseDue()).toBe(1);
        const released = await h.db.prisma.queuedEntry.findFirstOrThrow();
        expect(released.status).toBe('RELEASED');
        expect(released.releasedGroupId).not.toBeNull();
        const entries = await entriesOf('tv:timing');
        expect(entries).toHaveLength(2);
        expect(entries[1]?.status).not.toBe('REJECTED');
      },
    );
  }, 60_000);
});
