import type { Instrument } from '@kavach/domain';
import { toDbPrice, toDbPriceOrNull } from '../money';
import type { DbClient } from './db-client';

/**
 * Stores an instrument from Kite's dump, keyed by token. Kite recycles the tokens of expired
 * derivatives, so a token seen again replaces the row's contents. Returns the row id.
 */
export async function upsertInstrument(db: DbClient, instrument: Instrument): Promise<string> {
  const data = {
    exchangeToken: instrument.exchangeToken,
    exchange: instrument.exchange,
    segment: instrument.segment,
    tradingSymbol: instrument.tradingSymbol,
    name: instrument.name,
    type: instrument.type,
    tickSizePaise: toDbPrice(instrument.tickSize),
    lotSize: instrument.lotSize,
    freezeQuantity: instrument.freezeQuantity,
    // A calendar date: midnight UTC stores exactly that date in a date column.
    expiry: instrument.expiry === null ? null : new Date(`${instrument.expiry}T00:00:00Z`),
    strikePaise: toDbPriceOrNull(instrument.strike),
  };
  const row = await db.instrument.upsert({
    where: { token: BigInt(instrument.token) },
    create: { token: BigInt(instrument.token), ...data },
    update: data,
    select: { id: true },
  });
  return row.id;
}
