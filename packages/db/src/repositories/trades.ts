import type { OrderSide, Paise } from '@kavach/domain';
import { toDbAmount, toDbPrice } from '../money';
import type { DbClient } from './db-client';

export interface NewTrade {
  /** The row's id when the caller must know it before the row is written; else generated. */
  readonly id?: string;
  readonly ocoGroupId: string | null;
  readonly instrumentId: string;
  readonly strategy: string | null;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly entryAveragePrice: Paise;
  readonly exitAveragePrice: Paise;
  readonly realisedPnl: Paise;
  readonly fees: Paise;
  /** Paise lost (positive) or gained (negative) against the signal's price. */
  readonly slippage: Paise;
  readonly correlationId: string;
  readonly openedAt: Date;
  readonly closedAt: Date;
}

export async function recordTrade(db: DbClient, trade: NewTrade): Promise<{ id: string }> {
  return db.trade.create({
    data: {
      ...(trade.id === undefined ? {} : { id: trade.id }),
      ocoGroupId: trade.ocoGroupId,
      instrumentId: trade.instrumentId,
      strategy: trade.strategy,
      side: trade.side,
      quantity: trade.quantity,
      entryAveragePricePaise: toDbPrice(trade.entryAveragePrice),
      exitAveragePricePaise: toDbPrice(trade.exitAveragePrice),
      realisedPnlPaise: toDbAmount(trade.realisedPnl),
      feesPaise: toDbAmount(trade.fees),
      slippagePaise: toDbAmount(trade.slippage),
      correlationId: trade.correlationId,
      openedAt: trade.openedAt,
      closedAt: trade.closedAt,
    },
    select: { id: true },
  });
}
