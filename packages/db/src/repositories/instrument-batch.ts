import type { Instrument } from '@kavach/domain';
import { toDbPrice } from '../money';
import type { DbClient } from './db-client';
import { createUuidV7 } from './uuid-v7';

/** Rows per statement; each column travels as one array parameter, so only memory bounds it. */
const BATCH_ROWS = 5_000;

function chunk<T>(items: readonly T[], size: number): (readonly T[])[] {
  const chunks: (readonly T[])[] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * Stores many instruments from Kite's dump, keyed by token, as upsertInstrument does for one:
 * a token seen again has its row's contents replaced (Kite recycles the tokens of expired
 * derivatives) and keeps its id. One statement per 5 000 rows instead of one per row: a full
 * master is ~100 000 instruments. The caller frees any exchange:symbol a new token takes
 * (renameInstruments) first, and runs both in its transaction. Returns the rows written.
 */
export async function upsertInstruments(
  db: DbClient,
  instruments: readonly Instrument[],
  at: Date,
): Promise<number> {
  let written = 0;
  for (const batch of chunk(instruments, BATCH_ROWS)) {
    written += await db.$executeRaw`
      INSERT INTO "instruments" ("id", "token", "exchange_token", "exchange", "segment",
        "tradingsymbol", "name", "type", "tick_size_paise", "lot_size", "freeze_quantity",
        "expiry", "strike_paise", "created_at", "updated_at")
      SELECT r.id::uuid, r.token::bigint, r.exchange_token, r.exchange, r.segment,
        r.tradingsymbol, r.name, r.type, r.tick_size_paise, r.lot_size, r.freeze_quantity,
        r.expiry::date, r.strike_paise, ${at}::timestamptz, ${at}::timestamptz
      FROM unnest(
        ${batch.map(() => createUuidV7(at.getTime()))}::text[],
        ${batch.map((i) => String(i.token))}::text[],
        ${batch.map((i) => i.exchangeToken)}::int[],
        ${batch.map((i) => i.exchange)}::text[],
        ${batch.map((i) => i.segment)}::text[],
        ${batch.map((i) => i.tradingSymbol)}::text[],
        ${batch.map((i) => i.name)}::text[],
        ${batch.map((i) => i.type)}::text[],
        ${batch.map((i) => toDbPrice(i.tickSize))}::int[],
        ${batch.map((i) => i.lotSize)}::int[],
        ${batch.map((i) => i.freezeQuantity)}::int[],
        ${batch.map((i) => i.expiry)}::text[],
        ${batch.map((i) => (i.strike === null ? null : toDbPrice(i.strike)))}::int[]
      ) AS r(id, token, exchange_token, exchange, segment, tradingsymbol, name, type,
        tick_size_paise, lot_size, freeze_quantity, expiry, strike_paise)
      ON CONFLICT ("token") DO UPDATE SET
        "exchange_token" = EXCLUDED."exchange_token",
        "exchange" = EXCLUDED."exchange",
        "segment" = EXCLUDED."segment",
        "tradingsymbol" = EXCLUDED."tradingsymbol",
        "name" = EXCLUDED."name",
        "type" = EXCLUDED."type",
        "tick_size_paise" = EXCLUDED."tick_size_paise",
        "lot_size" = EXCLUDED."lot_size",
        "freeze_quantity" = EXCLUDED."freeze_quantity",
        "expiry" = EXCLUDED."expiry",
        "strike_paise" = EXCLUDED."strike_paise",
        "updated_at" = EXCLUDED."updated_at"`;
  }
  return written;
}

/** A stored instrument's new trading symbol, by token. */
export interface InstrumentRename {
  /** As stored (bigint) or as the domain carries it. */
  readonly token: bigint | number;
  readonly tradingSymbol: string;
}

/**
 * Renames stored instruments by token, in batches: how a row gives up an exchange:symbol that
 * another token now holds, keeping its id for the orders and trades that reference it.
 * Returns the rows renamed.
 */
export async function renameInstruments(
  db: DbClient,
  renames: readonly InstrumentRename[],
  at: Date,
): Promise<number> {
  let renamed = 0;
  for (const batch of chunk(renames, BATCH_ROWS)) {
    renamed += await db.$executeRaw`
      UPDATE "instruments" AS i
      SET "tradingsymbol" = r.tradingsymbol, "updated_at" = ${at}::timestamptz
      FROM unnest(
        ${batch.map((r) => String(r.token))}::text[],
        ${batch.map((r) => r.tradingSymbol)}::text[]
      ) AS r(token, tradingsymbol)
      WHERE i."token" = r.token::bigint`;
  }
  return renamed;
}
