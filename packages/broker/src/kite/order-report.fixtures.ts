import { paise } from '@kavach/domain';
import type { BrokerOrderReport } from '../broker';

/** A port-level order report for unit tests. */
export function orderReport(overrides: Partial<BrokerOrderReport> = {}): BrokerOrderReport {
  return {
    brokerOrderId: '260123000000042',
    clientOrderId: 'kvA1',
    exchangeOrderId: '1100000000012345',
    exchange: 'NSE',
    tradingSymbol: 'INFY',
    instrumentToken: 408065,
    side: 'BUY',
    orderType: 'LIMIT',
    product: 'MIS',
    status: 'OPEN',
    venueStatus: 'OPEN',
    quantity: 10,
    filledQuantity: 0,
    averagePrice: null,
    price: paise(157370),
    triggerPrice: null,
    statusMessage: null,
    statusMessageRaw: null,
    updatedAt: 1_769_143_502_000,
    ...overrides,
  };
}
