import { paise } from '@kavach/domain';
import type {
  DecisionMessage,
  EventMessage,
  OrderMessage,
  RiskMessage,
  SignalMessage,
  TickMessage,
} from '../src';

/** INFY on NSE: exchange token 408065, segment 1. */
export const INFY_TOKEN = 408_065 * 256 + 1;
/** A NIFTY option on NFO. */
export const NIFTY_CE_TOKEN = 12_345_678 * 256 + 2;

const AT = Date.UTC(2026, 10, 20, 4, 30); // 10:00 IST
const SHA = 'a'.repeat(64);

export function makeTick(overrides: Partial<TickMessage> = {}): TickMessage {
  return {
    token: INFY_TOKEN,
    mode: 'full',
    lastPrice: paise(1_512_35),
    at: AT,
    lastQuantity: 10,
    averagePrice: paise(1_508_10),
    volume: 1_234_567,
    buyQuantity: 45_000,
    sellQuantity: 52_000,
    open: paise(1_500_00),
    high: paise(1_520_00),
    low: paise(1_495_50),
    close: paise(1_498_75),
    bestBid: paise(1_512_30),
    bestAsk: paise(1_512_40),
    ...overrides,
  };
}

export const LTP_TICK: TickMessage = {
  token: NIFTY_CE_TOKEN,
  mode: 'ltp',
  lastPrice: paise(120_05),
  at: AT,
  lastQuantity: null,
  averagePrice: null,
  volume: null,
  buyQuantity: null,
  sellQuantity: null,
  open: null,
  high: null,
  low: null,
  close: null,
  bestBid: null,
  bestAsk: null,
};

export function makeSignal(overrides: Partial<SignalMessage> = {}): SignalMessage {
  return {
    id: 'sig_01',
    strategy: 'orb-breakout',
    token: INFY_TOKEN,
    exchange: 'NSE',
    tradingSymbol: 'INFY',
    side: 'BUY',
    entry: paise(1_512_35),
    stop: paise(1_500_00),
    tp1: paise(1_530_00),
    tp2: null,
    score: 0.82,
    rank: 1,
    features: { rangeHigh: 151_200, volumeRatio: 2.4 },
    featureScores: { rangeHigh: 0.5, volumeRatio: 0.32 },
    configSha: SHA,
    correlationId: 'corr_01',
    at: AT,
    ...overrides,
  };
}

export function makeDecision(overrides: Partial<DecisionMessage> = {}): DecisionMessage {
  return {
    id: 'dec_01',
    signalId: 'sig_01',
    approved: true,
    reason: null,
    detail: null,
    quantity: 80,
    lots: 80,
    riskAmount: paise(988_00),
    heatBefore: paise(1_500_00),
    heatAfter: paise(2_488_00),
    configSha: SHA,
    clientPlanId: 'plan01',
    correlationId: 'corr_01',
    at: AT,
    ...overrides,
  };
}

export function makeOrder(overrides: Partial<OrderMessage> = {}): OrderMessage {
  return {
    clientOrderId: 'K7ENTRY0001',
    brokerOrderId: '251120000123456',
    groupId: 'grp_01',
    role: 'ENTRY',
    token: INFY_TOKEN,
    tradingSymbol: 'INFY',
    side: 'BUY',
    orderType: 'LIMIT',
    quantity: 80,
    filledQuantity: 40,
    averagePrice: paise(1_512_35),
    price: paise(1_512_35),
    triggerPrice: null,
    status: 'PARTIALLY_FILLED',
    statusMessage: null,
    correlationId: 'corr_01',
    at: AT,
    ...overrides,
  };
}

export function makeRisk(overrides: Partial<RiskMessage> = {}): RiskMessage {
  return {
    id: 'risk_01',
    kind: 'OVERFILL',
    severity: 'CRITICAL',
    message: 'filled 90 of 80; flattening the excess',
    token: INFY_TOKEN,
    clientOrderId: 'K7ENTRY0001',
    groupId: 'grp_01',
    correlationId: 'corr_01',
    at: AT,
    ...overrides,
  };
}

export function makeEvent(overrides: Partial<EventMessage> = {}): EventMessage {
  return {
    type: 'tradingState',
    message: 'trading paused by admin',
    data: { from: 'ACTIVE', to: 'PAUSED', by: { user: 'admin' }, openPositions: 2, note: null },
    at: AT,
    ...overrides,
  };
}
