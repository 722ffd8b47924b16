import { paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import type { PlaceOrderCommand } from '../broker';
import { toKiteModifyParams, toKitePlaceParams } from './to-kite-params';

const limitBuy: PlaceOrderCommand = {
  clientOrderId: 'kv20260123A1',
  exchange: 'NFO',
  tradingSymbol: 'NIFTY26JAN24500CE',
  side: 'BUY',
  orderType: 'LIMIT',
  product: 'MIS',
  validity: 'DAY',
  quantity: 65,
  price: paise(180_45),
  triggerPrice: null,
  marketProtection: null,
};

describe('toKitePlaceParams', () => {
  it('sends the client order id as the tag and prices in rupees', () => {
    expect(toKitePlaceParams(limitBuy, 2)).toEqual({
      exchange: 'NFO',
      tradingsymbol: 'NIFTY26JAN24500CE',
      transaction_type: 'BUY',
      order_type: 'LIMIT',
      product: 'MIS',
      validity: 'DAY',
      quantity: 65,
      price: 180.45,
      tag: 'kv20260123A1',
    });
  });

  it('puts the default market protection on MARKET and SL-M orders without one', () => {
    const market = { ...limitBuy, orderType: 'MARKET' as const, price: null };
    expect(toKitePlaceParams(market, 2).market_protection).toBe(2);
    const stop = {
      ...limitBuy,
      orderType: 'SL-M' as const,
      price: null,
      triggerPrice: paise(170_00),
    };
    expect(toKitePlaceParams(stop, 3)).toMatchObject({ market_protection: 3, trigger_price: 170 });
    expect(toKitePlaceParams({ ...market, marketProtection: -1 }, 2).market_protection).toBe(-1);
    expect(toKitePlaceParams(limitBuy, 2)).not.toHaveProperty('market_protection');
  });

  it('refuses a client order id Kite could not carry as a tag', () => {
    expect(() => toKitePlaceParams({ ...limitBuy, clientOrderId: 'has-dash' }, 2)).toThrow(
      RangeError,
    );
    expect(() => toKitePlaceParams({ ...limitBuy, clientOrderId: 'x'.repeat(21) }, 2)).toThrow(
      RangeError,
    );
    expect(() => toKitePlaceParams({ ...limitBuy, clientOrderId: '' }, 2)).toThrow(RangeError);
  });
});

describe('toKiteModifyParams', () => {
  it('sends only what changes', () => {
    expect(toKiteModifyParams({ price: paise(181_05) }, 2)).toEqual({ price: 181.05 });
    expect(
      toKiteModifyParams({ quantity: 130, triggerPrice: paise(175_05), orderType: 'SL' }, 2),
    ).toEqual({
      quantity: 130,
      trigger_price: 175.05,
      order_type: 'SL',
    });
  });

  it("adds market protection to a change into MARKET or SL-M (the command's, else the default)", () => {
    expect(toKiteModifyParams({ quantity: 65, orderType: 'MARKET' }, 2)).toEqual({
      quantity: 65,
      order_type: 'MARKET',
      market_protection: 2,
    });
    expect(toKiteModifyParams({ orderType: 'SL-M', marketProtection: 5 }, 2)).toEqual({
      order_type: 'SL-M',
      market_protection: 5,
    });
  });
});
