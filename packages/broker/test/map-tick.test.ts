import { describe, expect, it } from 'vitest';
import { toTick } from './map-tick';

const RECEIVED_AT = 1_795_405_500_000;

/** A full-mode tick as KiteTicker decodes it: rupees are int32 paise / 100. */
const fullTick = {
  tradable: true,
  mode: 'full',
  instrument_token: 408065,
  last_price: 157370 / 100,
  last_traded_quantity: 7,
  average_traded_price: 157013 / 100,
  volume_traded: 1_250_000,
  total_buy_quantity: 40_000,
  total_sell_quantity: 38_500,
  ohlc: { open: 156505 / 100, high: 158020 / 100, low: 156000 / 100, close: 155240 / 100 },
  change: 1.37,
  last_trade_time: new Date(1_795_405_498_000),
  exchange_timestamp: new Date(1_795_405_499_000),
  oi: 0,
  oi_day_high: 0,
  oi_day_low: 0,
  depth: {
    buy: [
      { quantity: 120, price: 157365 / 100, orders: 3 },
      { quantity: 80, price: 157360 / 100, orders: 2 },
    ],
    sell: [
      { quantity: 0, price: 0, orders: 0 },
      { quantity: 50, price: 157380 / 100, orders: 1 },
    ],
  },
};

describe('toTick', () => {
  it('turns a full tick’s rupee floats into exact paise and keeps the exchange time', () => {
    expect(toTick(fullTick, RECEIVED_AT)).toEqual({
      ok: true,
      value: {
        token: 408065,
        mode: 'full',
        lastPrice: 157370,
        at: 1_795_405_499_000,
        lastQuantity: 7,
        averagePrice: 157013,
        volume: 1_250_000,
        buyQuantity: 40_000,
        sellQuantity: 38_500,
        open: 156505,
        high: 158020,
        low: 156000,
        close: 155240,
        bestBid: 157365,
        // An empty best level is no price at all.
        bestAsk: null,
      },
    });
  });

  it('stamps an ltp tick with the receive time and leaves the rest null', () => {
    expect(
      toTick(
        { tradable: false, mode: 'ltp', instrument_token: 256265, last_price: 2451230 / 100 },
        RECEIVED_AT,
      ),
    ).toEqual({
      ok: true,
      value: {
        token: 256265,
        mode: 'ltp',
        lastPrice: 2451230,
        at: RECEIVED_AT,
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
      },
    });
  });

  it('survives float division for every paise price up to ₹10 lakh', () => {
    for (let p = 1; p <= 100_000_000; p += 99_991) {
      const mapped = toTick({ mode: 'ltp', instrument_token: 1, last_price: p / 100 }, RECEIVED_AT);
      expect(mapped.ok && mapped.value.lastPrice).toBe(p);
    }
  });

  it('refuses a tick without a price or with an unknown mode', () => {
    expect(toTick({ mode: 'ltp', instrument_token: 1 }, RECEIVED_AT).ok).toBe(false);
    expect(toTick({ mode: 'snap', instrument_token: 1, last_price: 1 }, RECEIVED_AT).ok).toBe(
      false,
    );
  });
});
