import type { OrderSide, Paise } from '@kavach/domain';
import { fromDbPrice, fromDbPriceOrNull, toDbPrice, toDbPriceOrNull } from '../money';
import type { DbClient, JsonObject } from './db-client';

export interface NewSignal {
  readonly strategy: string;
  readonly instrumentId: string;
  readonly side: OrderSide;
  readonly entryPrice: Paise;
  readonly stopPrice: Paise;
  readonly tp1Price?: Paise | null;
  readonly tp2Price?: Paise | null;
  /** What the strategy saw, as it saw it. */
  readonly features: JsonObject;
  readonly featureScores: Readonly<Record<string, number>>;
  readonly score: number;
  readonly rank?: number | null;
  /** Must already be stored (saveConfigVersion). */
  readonly configSha: string;
  readonly correlationId: string;
  /** From the engine's Clock; defaults to now. */
  readonly createdAt?: Date;
}

export interface StoredSignal {
  readonly id: string;
  readonly strategy: string;
  readonly instrumentId: string;
  readonly side: OrderSide;
  readonly entryPrice: Paise;
  readonly stopPrice: Paise;
  readonly tp1Price: Paise | null;
  readonly tp2Price: Paise | null;
  readonly score: number;
  readonly rank: number | null;
  readonly configSha: string;
  readonly correlationId: string;
  readonly createdAt: Date;
}

export async function persistSignal(db: DbClient, signal: NewSignal): Promise<StoredSignal> {
  const row = await db.signal.create({
    data: {
      strategy: signal.strategy,
      instrumentId: signal.instrumentId,
      side: signal.side,
      entryPricePaise: toDbPrice(signal.entryPrice),
      stopPricePaise: toDbPrice(signal.stopPrice),
      tp1PricePaise: toDbPriceOrNull(signal.tp1Price),
      tp2PricePaise: toDbPriceOrNull(signal.tp2Price),
      features: signal.features,
      featureScores: signal.featureScores,
      score: signal.score,
      rank: signal.rank ?? null,
      configSha: signal.configSha,
      correlationId: signal.correlationId,
      ...(signal.createdAt === undefined ? {} : { createdAt: signal.createdAt }),
    },
  });
  return {
    id: row.id,
    strategy: row.strategy,
    instrumentId: row.instrumentId,
    side: row.side,
    entryPrice: fromDbPrice(row.entryPricePaise),
    stopPrice: fromDbPrice(row.stopPricePaise),
    tp1Price: fromDbPriceOrNull(row.tp1PricePaise),
    tp2Price: fromDbPriceOrNull(row.tp2PricePaise),
    score: row.score,
    rank: row.rank,
    configSha: row.configSha,
    correlationId: row.correlationId,
    createdAt: row.createdAt,
  };
}
