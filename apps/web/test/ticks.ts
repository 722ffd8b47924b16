import { paise } from '@kavach/domain';

/** 10:30 IST on the simulated session the tests use. */
export const TEST_NOW = Date.parse('2026-11-23T05:00:00Z');

/** An LTP-mode tick as the bus carries it: `lastPrice` in paise, nothing else known. */
export function tickOf(token: number, lastPrice: number) {
  return {
    token,
    mode: 'ltp' as const,
    lastPrice: paise(lastPrice),
    at: TEST_NOW,
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
}
