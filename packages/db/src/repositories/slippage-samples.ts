import type { OrderSide, Paise } from '@kavach/domain';
import { NotFoundError } from '../errors';
import type {
  Prisma,
  SlippageCheckOutcome,
  SlippageSample as SlippageSampleRow,
} from '../generated/prisma/client';
import { fromDbPrice, fromDbPriceOrNull, toDbPrice, toDbPriceOrNull } from '../money';
import type { DbClient } from './db-client';

export type { SlippageCheckOutcome };

/** What the slippage check knew when it validated an order (or refused it). */
export interface NewSlippageCheck {
  /** The order row; null when the check refused the order before one was written. */
  readonly orderId: string | null;
  readonly groupId: string | null;
  readonly correlationId: string;
  /** strategy | webhook | execute-signal */
  readonly source: string;
  readonly strategy: string;
  readonly instrumentId: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly signalPrice: Paise;
  /** Last traded price at validation. */
  readonly marketPrice: Paise;
  /** Null for a market order or a refusal. */
  readonly sentPrice: Paise | null;
  /** Market at validation against signal; positive is adverse. */
  readonly quoteDriftBps: number;
  readonly check: SlippageCheckOutcome;
  readonly checkReason: string | null;
  readonly breach: boolean;
  readonly signalAt: Date;
  /** From the engine's Clock; also the row's createdAt, which listing and windows use. */
  readonly validatedAt: Date;
  readonly configSha: string;
}

export interface SlippageFill {
  readonly fillPrice: Paise;
  /** Per unit, fill against signal; positive is adverse. */
  readonly slippagePaise: Paise;
  readonly slippageBps: number;
  readonly favourable: boolean;
  readonly firstFillAt: Date;
  /** Signal received to first fill. */
  readonly totalMs: number;
  /** Raises the breach flag; false leaves a flag raised at validation as it is. */
  readonly breach: boolean;
}

export interface StoredSlippageSample {
  readonly id: string;
  readonly orderId: string | null;
  readonly groupId: string | null;
  readonly correlationId: string;
  readonly source: string;
  readonly strategy: string;
  readonly instrumentId: string;
  readonly exchange: string;
  readonly tradingSymbol: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly signalPrice: Paise;
  readonly marketPrice: Paise;
  readonly sentPrice: Paise | null;
  readonly fillPrice: Paise | null;
  readonly slippagePaise: Paise | null;
  readonly slippageBps: number | null;
  readonly favourable: boolean | null;
  readonly quoteDriftBps: number;
  readonly check: SlippageCheckOutcome;
  readonly checkReason: string | null;
  readonly breach: boolean;
  readonly signalAt: Date;
  readonly validatedAt: Date;
  readonly sentAt: Date | null;
  readonly ackAt: Date | null;
  readonly firstFillAt: Date | null;
  readonly totalMs: number | null;
  readonly configSha: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** The fields slippage statistics read. */
export type SlippageStatRow = Pick<
  StoredSlippageSample,
  | 'strategy'
  | 'instrumentId'
  | 'exchange'
  | 'tradingSymbol'
  | 'check'
  | 'breach'
  | 'slippagePaise'
  | 'slippageBps'
  | 'favourable'
  | 'signalAt'
  | 'validatedAt'
  | 'sentAt'
  | 'ackAt'
  | 'firstFillAt'
  | 'totalMs'
>;

export interface SlippageSampleQuery {
  readonly limit: number;
  /** nextCursor of the previous page. */
  readonly cursor?: string | null;
  /** Only samples created before this instant. */
  readonly before?: Date | null;
  readonly strategy?: string | null;
  readonly instrumentId?: string | null;
  readonly check?: SlippageCheckOutcome | null;
}

export interface SlippageSamplePage {
  readonly items: StoredSlippageSample[];
  /** Null on the last page. */
  readonly nextCursor: string | null;
}

const WITH_INSTRUMENT = {
  instrument: { select: { exchange: true, tradingSymbol: true } },
} as const satisfies Prisma.SlippageSampleInclude;

/** Created when the check validates (or refuses) an order. */
export async function recordSlippageCheck(
  db: DbClient,
  check: NewSlippageCheck,
): Promise<{ id: string }> {
  if (!Number.isSafeInteger(check.quantity) || check.quantity <= 0) {
    throw new RangeError(`quantity must be a positive integer, got ${check.quantity}`);
  }
  return db.slippageSample.create({
    data: {
      orderId: check.orderId,
      groupId: check.groupId,
      correlationId: check.correlationId,
      source: check.source,
      strategy: check.strategy,
      instrumentId: check.instrumentId,
      side: check.side,
      quantity: check.quantity,
      signalPricePaise: toDbPrice(check.signalPrice),
      marketPricePaise: toDbPrice(check.marketPrice),
      sentPricePaise: toDbPriceOrNull(check.sentPrice),
      quoteDriftBps: check.quoteDriftBps,
      check: check.check,
      checkReason: check.checkReason,
      breach: check.breach,
      signalAt: check.signalAt,
      validatedAt: check.validatedAt,
      configSha: check.configSha,
      createdAt: check.validatedAt,
    },
    select: { id: true },
  });
}

/** The order row written for a checked sample, and when it went to the broker. */
export async function attachSlippageOrder(
  db: DbClient,
  sampleId: string,
  order: { readonly orderId: string; readonly sentAt: Date },
): Promise<void> {
  const result = await db.slippageSample.updateMany({
    where: { id: sampleId },
    data: { orderId: order.orderId, sentAt: order.sentAt },
  });
  if (result.count !== 1) throw new NotFoundError('slippage sample', sampleId);
}

/** The broker's acknowledgement; the first one counts. False when one was already stored. */
export async function recordSlippageAck(
  db: DbClient,
  sampleId: string,
  ackAt: Date,
): Promise<boolean> {
  const result = await db.slippageSample.updateMany({
    where: { id: sampleId, ackAt: null },
    data: { ackAt },
  });
  if (result.count === 1) return true;
  await assertSampleExists(db, sampleId);
  return false;
}

/**
 * The first fill, once: a later call (another partial fill, a replayed postback) changes
 * nothing and returns false.
 */
export async function recordSlippageFill(
  db: DbClient,
  sampleId: string,
  fill: SlippageFill,
): Promise<boolean> {
  if (!Number.isSafeInteger(fill.totalMs) || fill.totalMs < 0) {
    throw new RangeError(`totalMs must be a non-negative integer, got ${fill.totalMs}`);
  }
  const result = await db.slippageSample.updateMany({
    where: { id: sampleId, firstFillAt: null },
    data: {
      fillPricePaise: toDbPrice(fill.fillPrice),
      slippagePaise: toDbPrice(fill.slippagePaise),
      slippageBps: fill.slippageBps,
      favourable: fill.favourable,
      firstFillAt: fill.firstFillAt,
      totalMs: fill.totalMs,
      ...(fill.breach ? { breach: true } : {}),
    },
  });
  if (result.count === 1) return true;
  await assertSampleExists(db, sampleId);
  return false;
}

export async function findSlippageSampleByOrder(
  db: DbClient,
  orderId: string,
): Promise<StoredSlippageSample | null> {
  const row = await db.slippageSample.findUnique({
    where: { orderId },
    include: WITH_INSTRUMENT,
  });
  return row === null ? null : toStoredSample(row);
}

/** Newest first, paged by (createdAt, id). */
export async function listSlippageSamples(
  db: DbClient,
  query: SlippageSampleQuery,
): Promise<SlippageSamplePage> {
  if (!Number.isSafeInteger(query.limit) || query.limit <= 0) {
    throw new RangeError(`limit must be a positive integer, got ${query.limit}`);
  }
  const and: Prisma.SlippageSampleWhereInput[] = [];
  if (query.strategy != null) and.push({ strategy: query.strategy });
  if (query.instrumentId != null) and.push({ instrumentId: query.instrumentId });
  if (query.check != null) and.push({ check: query.check });
  if (query.before != null) and.push({ createdAt: { lt: query.before } });
  if (query.cursor != null) {
    const after = decodeCursor(query.cursor);
    and.push({
      OR: [
        { createdAt: { lt: after.createdAt } },
        { createdAt: after.createdAt, id: { lt: after.id } },
      ],
    });
  }
  const rows = await db.slippageSample.findMany({
    where: { AND: and },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
    include: WITH_INSTRUMENT,
  });
  const items = rows.slice(0, query.limit).map(toStoredSample);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > query.limit && last !== undefined ? encodeCursor(last) : null,
  };
}

/** Samples created at or after `since`, newest first, at most `limit`: statistics' input. */
export async function selectSlippageSamplesSince(
  db: DbClient,
  since: Date,
  limit: number,
): Promise<SlippageStatRow[]> {
  if (!Number.isSafeInteger(limit) || limit <= 0) {
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }
  const rows = await db.slippageSample.findMany({
    where: { createdAt: { gte: since } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
    select: {
      strategy: true,
      instrumentId: true,
      check: true,
      breach: true,
      slippagePaise: true,
      slippageBps: true,
      favourable: true,
      signalAt: true,
      validatedAt: true,
      sentAt: true,
      ackAt: true,
      firstFillAt: true,
      totalMs: true,
      ...WITH_INSTRUMENT,
    },
  });
  return rows.map(({ instrument, slippagePaise, ...row }) => ({
    ...row,
    exchange: instrument.exchange,
    tradingSymbol: instrument.tradingSymbol,
    slippagePaise: fromDbPriceOrNull(slippagePaise),
  }));
}

/** Breaches among the samples created at or after `since`: the rolling breach window. */
export function countSlippageBreachesSince(db: DbClient, since: Date): Promise<number> {
  return db.slippageSample.count({ where: { breach: true, createdAt: { gte: since } } });
}

async function assertSampleExists(db: DbClient, sampleId: string): Promise<void> {
  const row = await db.slippageSample.findUnique({ where: { id: sampleId }, select: { id: true } });
  if (row === null) throw new NotFoundError('slippage sample', sampleId);
}

function encodeCursor(sample: StoredSlippageSample): string {
  return `${sample.createdAt.getTime()}_${sample.id}`;
}

const CURSOR = /^(\d{1,15})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const match = CURSOR.exec(cursor);
  if (match === null) throw new RangeError(`not a slippage sample cursor: ${cursor}`);
  const [, ms = '', id = ''] = match;
  return { createdAt: new Date(Number(ms)), id: id.toLowerCase() };
}

function toStoredSample(
  row: SlippageSampleRow & { instrument: { exchange: string; tradingSymbol: string } },
): StoredSlippageSample {
  return {
    id: row.id,
    orderId: row.orderId,
    groupId: row.groupId,
    correlationId: row.correlationId,
    source: row.source,
    strategy: row.strategy,
    instrumentId: row.instrumentId,
    exchange: row.instrument.exchange,
    tradingSymbol: row.instrument.tradingSymbol,
    side: row.side,
    quantity: row.quantity,
    signalPrice: fromDbPrice(row.signalPricePaise),
    marketPrice: fromDbPrice(row.marketPricePaise),
    sentPrice: fromDbPriceOrNull(row.sentPricePaise),
    fillPrice: fromDbPriceOrNull(row.fillPricePaise),
    slippagePaise: fromDbPriceOrNull(row.slippagePaise),
    slippageBps: row.slippageBps,
    favourable: row.favourable,
    quoteDriftBps: row.quoteDriftBps,
    check: row.check,
    checkReason: row.checkReason,
    breach: row.breach,
    signalAt: row.signalAt,
    validatedAt: row.validatedAt,
    sentAt: row.sentAt,
    ackAt: row.ackAt,
    firstFillAt: row.firstFillAt,
    totalMs: row.totalMs,
    configSha: row.configSha,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
