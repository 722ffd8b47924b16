import type { NetPosition, Paise, Product } from '@kavach/domain';
import { toDbAmount, toDbPriceOrNull } from '../money';
import type { DbClient } from './db-client';

export interface PositionUpdate {
  readonly instrumentId: string;
  readonly product: Product;
  readonly position: NetPosition;
  readonly lastPrice: Paise | null;
  readonly unrealisedPnl: Paise;
  readonly mfe: Paise;
  readonly mae: Paise;
  readonly riskAmount: Paise;
  readonly at: Date;
}

/**
 * Writes the open position of an instrument and product: the open row is updated, or one is
 * opened when there is none; a flat position closes its row. Returns the row id.
 */
export async function savePosition(db: DbClient, update: PositionUpdate): Promise<string> {
  const { position } = update;
  const flat = position.netQuantity === 0;
  const data = {
    netQuantity: position.netQuantity,
    buyQuantity: position.buyQuantity,
    sellQuantity: position.sellQuantity,
    buyValuePaise: toDbAmount(position.buyValue),
    sellValuePaise: toDbAmount(position.sellValue),
    averagePricePaise: flat ? null : toDbPriceOrNull(position.averagePrice),
    lastPricePaise: toDbPriceOrNull(update.lastPrice),
    realisedPnlPaise: toDbAmount(position.realisedPnl),
    unrealisedPnlPaise: toDbAmount(update.unrealisedPnl),
    mfePaise: toDbAmount(update.mfe),
    maePaise: toDbAmount(update.mae),
    riskAmountPaise: toDbAmount(update.riskAmount),
    closedAt: flat ? update.at : null,
    updatedAt: update.at,
  };
  const open = await db.position.findFirst({
    where: { instrumentId: update.instrumentId, product: update.product, closedAt: null },
    select: { id: true },
  });
  if (open !== null) {
    await db.position.update({
      where: { id: open.id },
      data: { ...data, version: { increment: 1 } },
    });
    return open.id;
  }
  const created = await db.position.create({
    data: {
      instrumentId: update.instrumentId,
      product: update.product,
      openedAt: update.at,
      ...data,
    },
    select: { id: true },
  });
  return created.id;
}
