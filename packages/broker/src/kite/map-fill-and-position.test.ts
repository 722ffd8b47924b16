import { parseIstTimestamp } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { kiteDayPosition, kiteTrade } from './kite-payloads.fixtures';
import { toBrokerFillReport } from './map-fill-report';
import { toBrokerPositionReport } from './map-position-report';

describe('toBrokerFillReport', () => {
  it('translates a trade with its exchange fill time', () => {
    expect(toBrokerFillReport(kiteTrade())).toEqual({
      ok: true,
      value: {
        tradeId: '90000017',
        brokerOrderId: '260123000000042',
        instrumentToken: 408065,
        exchange: 'NSE',
        tradingSymbol: 'INFY',
        side: 'BUY',
        quantity: 4,
        price: 157365,
        filledAt: parseIstTimestamp('2026-01-23 10:16:40'),
      },
    });
  });

  it('falls back to exchange_timestamp, and accepts the client’s Dates', () => {
    expect(
      toBrokerFillReport(
        kiteTrade({
          fill_timestamp: undefined,
          exchange_timestamp: new Date('2026-01-23 10:16:41'),
        }),
      ),
    ).toMatchObject({ value: { filledAt: parseIstTimestamp('2026-01-23 10:16:41') } });
  });

  it('refuses a trade without an id or a time', () => {
    expect(toBrokerFillReport(kiteTrade({ trade_id: null })).ok).toBe(false);
    expect(
      toBrokerFillReport(kiteTrade({ fill_timestamp: null, exchange_timestamp: null })).ok,
    ).toBe(false);
  });
});

describe('toBrokerPositionReport', () => {
  it('translates a short day position, money in paise', () => {
    expect(toBrokerPositionReport(kiteDayPosition())).toEqual({
      ok: true,
      value: {
        instrumentToken: 13238786,
        exchange: 'NFO',
        tradingSymbol: 'NIFTY26JANFUT',
        product: 'MIS',
        quantity: -65,
        averagePrice: 2451230,
        buyQuantity: 0,
        sellQuantity: 65,
        buyValue: 0,
        sellValue: 159329950,
        lastPrice: 2449815,
        pnl: 91975,
      },
    });
  });

  it('has no average for a flat position and keeps a loss negative', () => {
    expect(
      toBrokerPositionReport(kiteDayPosition({ quantity: 0, average_price: 0, pnl: -1234.565 })),
    ).toMatchObject({ value: { averagePrice: null, pnl: -123457 } });
  });

  it('refuses a product this system does not know', () => {
    expect(toBrokerPositionReport(kiteDayPosition({ product: 'MTF' })).ok).toBe(false);
  });
});
