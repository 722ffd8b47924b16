import { paise } from '@kavach/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/client';
import { NotFoundError } from '../src/errors';
import {
  type NewSlippageCheck,
  type SlippageFill,
  attachSlippageOrder,
  countSlippageBreachesSince,
  findSlippageSampleByOrder,
  listSlippageSamples,
  persistOrder,
  recordSlippageAck,
  recordSlippageCheck,
  recordSlippageFill,
  selectSlippageSamplesSince,
  upsertInstrument,
} from '../src/repositories';
import { BACKENDS, type TestBackend, startBackend } from './backends';
import { NIFTY_CE, type Seed, newOrder, seed } from './fixtures';

const T0 = Date.parse('2030-01-07T03:45:00.000Z'); // 09:15 IST
const MISSING = '01890000-0000-7000-8000-000000000000';

function at(ms: number): Date {
  return new Date(T0 + ms);
}

describe.each(BACKENDS)('slippage samples on %s', (kind) => {
  let backend: TestBackend;
  let db: Db;
  let fixture: Seed;
  let optionId: string;
  let orderCounter = 0;

  beforeAll(async () => {
    backend = await startBackend(kind);
    db = await backend.createDb();
    await db.migrate();
    fixture = await seed(db);
    optionId = await upsertInstrument(db.prisma, NIFTY_CE);
  });
  afterAll(async () => {
    await backend.stop();
  });

  const check = (overrides: Partial<NewSlippageCheck> = {}): NewSlippageCheck => ({
    orderId: null,
    groupId: null,
    correlationId: 'corr-slip',
    source: 'strategy',
    strategy: 'orb',
    instrumentId: fixture.instrumentId,
    side: 'BUY',
    quantity: 25,
    signalPrice: paise(150_000),
    marketPrice: paise(150_050),
    sentPrice: paise(150_000),
    quoteDriftBps: 3.333,
    check: 'ACCEPTED',
    checkReason: null,
    breach: false,
    signalAt: at(0),
    validatedAt: at(4),
    configSha: 'a'.repeat(64),
    ...overrides,
  });

  const fill = (overrides: Partial<SlippageFill> = {}): SlippageFill => ({
    fillPrice: paise(150_100),
    slippagePaise: paise(100),
    slippageBps: 6.667,
    favourable: false,
    firstFillAt: at(250),
    totalMs: 250,
    breach: false,
    ...overrides,
  });

  const newOrderId = async () => {
    orderCounter += 1;
    const order = await persistOrder(
      db.prisma,
      newOrder(fixture.instrumentId, `SLIP${orderCounter}`),
    );
    return order.id;
  };

  it('follows an order from check to first fill, and keeps the first fill', async () => {
    const orderId = await newOrderId();
    const { id } = await recordSlippageCheck(db.prisma, check());
    await attachSlippageOrder(db.prisma, id, { orderId, sentAt: at(9) });
    expect(await recordSlippageAck(db.prisma, id, at(60))).toBe(true);
    expect(await recordSlippageAck(db.prisma, id, at(70))).toBe(false);
    expect(await recordSlippageFill(db.prisma, id, fill())).toBe(true);
    const second = fill({
      fillPrice: paise(149_000),
      slippagePaise: paise(-1_000),
      firstFillAt: at(900),
      totalMs: 900,
      breach: true,
    });
    expect(await recordSlippageFill(db.prisma, id, second)).toBe(false);

    const stored = await findSlippageSampleByOrder(db.prisma, orderId);
    expect(stored).toMatchObject({
      id,
      orderId,
      exchange: 'NSE',
      tradingSymbol: 'INFY',
      signalPrice: 150_000,
      marketPrice: 150_050,
      sentPrice: 150_000,
      fillPrice: 150_100,
      slippagePaise: 100,
      slippageBps: 6.667,
      favourable: false,
      quoteDriftBps: 3.333,
      check: 'ACCEPTED',
      breach: false,
      sentAt: at(9),
      ackAt: at(60),
      firstFillAt: at(250),
      totalMs: 250,
    });
    expect(stored?.createdAt).toEqual(at(4));
    expect(stored && Object.values(stored).some((v) => typeof v === 'bigint')).toBe(false);
  });

  it('keeps a favourable (negative) slippage and a breach raised at validation', async () => {
    const orderId = await newOrderId();
    const { id } = await recordSlippageCheck(db.prisma, check({ orderId, breach: true }));
    await recordSlippageFill(
      db.prisma,
      id,
      fill({ fillPrice: paise(149_900), slippagePaise: paise(-100), favourable: true }),
    );
    const stored = await findSlippageSampleByOrder(db.prisma, orderId);
    expect(stored).toMatchObject({ slippagePaise: -100, favourable: true, breach: true });
  });

  it('raises the breach flag on a fill beyond tolerance', async () => {
    const orderId = await newOrderId();
    const { id } = await recordSlippageCheck(db.prisma, check({ orderId }));
    await recordSlippageFill(db.prisma, id, fill({ breach: true }));
    expect((await findSlippageSampleByOrder(db.prisma, orderId))?.breach).toBe(true);
  });

  it('stores a refusal without an order', async () => {
    const { id } = await recordSlippageCheck(
      db.prisma,
      check({ check: 'REJECTED', checkReason: 'beyond tolerance', sentPrice: null, breach: true }),
    );
    const row = await db.prisma.slippageSample.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ orderId: null, sentPricePaise: null, check: 'REJECTED' });
    expect(await findSlippageSampleByOrder(db.prisma, MISSING)).toBeNull();
  });

  it('names a missing sample', async () => {
    const orderId = await newOrderId();
    await expect(
      attachSlippageOrder(db.prisma, MISSING, { orderId, sentAt: at(1) }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(recordSlippageAck(db.prisma, MISSING, at(1))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(recordSlippageFill(db.prisma, MISSING, fill())).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('lists newest first in pages that cover every sample once, ties included', async () => {
    const strategy = 'paging';
    const made: { ms: number; id: string }[] = [];
    for (let i = 0; i < 7; i += 1) {
      // Pairs share a createdAt: the id breaks the tie.
      const ms = 10_000 + Math.floor(i / 2) * 1_000;
      const { id } = await recordSlippageCheck(db.prisma, check({ strategy, validatedAt: at(ms) }));
      made.push({ ms, id });
    }
    const newestFirst = [...made]
      .sort((a, b) => b.ms - a.ms || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .map((sample) => sample.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listSlippageSamples(db.prisma, { limit: 3, cursor, strategy });
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual(newestFirst);

    const first = await listSlippageSamples(db.prisma, { limit: 10, strategy });
    expect(first.nextCursor).toBeNull();
    expect(first.items[0]).toMatchObject({ exchange: 'NSE', tradingSymbol: 'INFY', strategy });
    const before = await listSlippageSamples(db.prisma, {
      limit: 10,
      strategy,
      before: at(11_000),
    });
    expect(before.items.map((item) => item.id)).toEqual(newestFirst.slice(-2));
  });

  it('filters by instrument and check outcome', async () => {
    const strategy = 'filters';
    const option = await recordSlippageCheck(
      db.prisma,
      check({ strategy, instrumentId: optionId, check: 'REPRICED' }),
    );
    const equity = await recordSlippageCheck(db.prisma, check({ strategy }));
    const byInstrument = await listSlippageSamples(db.prisma, {
      limit: 10,
      strategy,
      instrumentId: optionId,
    });
    expect(byInstrument.items.map((item) => item.id)).toEqual([option.id]);
    expect(byInstrument.items[0]?.tradingSymbol).toBe('NIFTY25NOV24500CE');
    const accepted = await listSlippageSamples(db.prisma, {
      limit: 10,
      strategy,
      check: 'ACCEPTED',
    });
    expect(accepted.items.map((item) => item.id)).toEqual([equity.id]);
  });

  it('refuses a malformed cursor or limit', async () => {
    await expect(listSlippageSamples(db.prisma, { limit: 5, cursor: 'nope' })).rejects.toThrow(
      RangeError,
    );
    await expect(listSlippageSamples(db.prisma, { limit: 0 })).rejects.toThrow(RangeError);
  });

  it('selects the samples and counts the breaches of a window', async () => {
    // A later day than every other test's samples, so the window holds only these.
    const day = Date.parse('2031-03-03T03:45:00.000Z');
    const when = (ms: number) => new Date(day + ms);
    await recordSlippageCheck(
      db.prisma,
      check({ breach: true, signalAt: when(-10), validatedAt: when(-5) }),
    );
    const filled = await recordSlippageCheck(
      db.prisma,
      check({ instrumentId: optionId, signalAt: when(0), validatedAt: when(5) }),
    );
    await recordSlippageFill(db.prisma, filled.id, fill({ firstFillAt: when(300), breach: true }));
    await recordSlippageCheck(
      db.prisma,
      check({ check: 'REJECTED', breach: true, signalAt: when(10), validatedAt: when(20) }),
    );

    expect(await countSlippageBreachesSince(db.prisma, when(0))).toBe(2);
    expect(await countSlippageBreachesSince(db.prisma, when(-5))).toBe(3);
    const rows = await selectSlippageSamplesSince(db.prisma, when(0), 100);
    expect(rows.map((row) => row.check)).toEqual(['REJECTED', 'ACCEPTED']);
    expect(rows[1]).toEqual({
      strategy: 'orb',
      instrumentId: optionId,
      exchange: 'NFO',
      tradingSymbol: 'NIFTY25NOV24500CE',
      check: 'ACCEPTED',
      breach: true,
      slippagePaise: 100,
      slippageBps: 6.667,
      favourable: false,
      signalAt: when(0),
      validatedAt: when(5),
      sentAt: null,
      ackAt: null,
      firstFillAt: when(300),
      totalMs: 250,
    });
    expect(await selectSlippageSamplesSince(db.prisma, when(-5), 1)).toHaveLength(1);
  });
});
