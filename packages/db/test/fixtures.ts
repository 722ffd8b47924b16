import { type Instrument, canonicalJson, configSha, paise } from '@kavach/domain';
import type { Db } from '../src/client';
import {
  type NewDecision,
  type NewOrder,
  persistSignal,
  saveConfigVersion,
  upsertInstrument,
} from '../src/repositories';

export const INFY: Instrument = {
  token: 408065,
  exchangeToken: 1594,
  exchange: 'NSE',
  segment: 'NSE',
  tradingSymbol: 'INFY',
  name: 'INFOSYS',
  type: 'EQ',
  tickSize: paise(5),
  lotSize: 1,
  freezeQuantity: null,
  expiry: null,
  strike: null,
};

export const NIFTY_CE: Instrument = {
  token: 12_345_678,
  exchangeToken: 48_225,
  exchange: 'NFO',
  segment: 'NFO',
  tradingSymbol: 'NIFTY25NOV24500CE',
  name: 'NIFTY',
  type: 'CE',
  tickSize: paise(5),
  lotSize: 75,
  freezeQuantity: 1800,
  expiry: '2025-11-25',
  strike: paise(2_450_000),
};

export function configVersion(value: unknown, kind = 'trading') {
  return { sha: configSha(value), kind, canonicalJson: canonicalJson(value), createdBy: 'test' };
}

export const CONFIG = configVersion({ risk: { perTradeBps: 50 } });

export interface Seed {
  readonly instrumentId: string;
  readonly signalId: string;
}

/** An instrument, a config and a signal: what a decision and its orders hang from. */
export async function seed(db: Db, correlationId = 'corr-seed'): Promise<Seed> {
  const instrumentId = await upsertInstrument(db.prisma, INFY);
  await saveConfigVersion(db.prisma, CONFIG);
  const signal = await persistSignal(db.prisma, {
    strategy: 'orb',
    instrumentId,
    side: 'BUY',
    entryPrice: paise(150_000),
    stopPrice: paise(149_000),
    tp1Price: paise(151_500),
    tp2Price: null,
    features: { rangeHighPaise: 150_000, volumeRatio: 2.4 },
    featureScores: { breakout: 0.8 },
    score: 0.8,
    rank: 1,
    configSha: CONFIG.sha,
    correlationId,
  });
  return { instrumentId, signalId: signal.id };
}

export function newDecision(signalId: string, clientPlanId: string): NewDecision {
  return {
    signalId,
    approved: true,
    reason: null,
    // ₹5 crore: beyond int4, so the bigint columns are exercised.
    capital: paise(5_000_000_000),
    riskAmount: paise(2_500_000),
    riskPctBps: 50,
    quantity: 25,
    lots: 25,
    heatBefore: paise(0),
    heatAfter: paise(2_500_000),
    configSha: CONFIG.sha,
    clientPlanId,
    correlationId: 'corr-seed',
  };
}

export function newOrder(instrumentId: string, clientOrderId: string): NewOrder {
  return {
    clientOrderId,
    role: 'ENTRY',
    instrumentId,
    side: 'BUY',
    orderType: 'LIMIT',
    product: 'MIS',
    validity: 'DAY',
    quantity: 25,
    price: paise(150_000),
    correlationId: 'corr-seed',
  };
}
