import { paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { AT_10_00, INFY, NIFTY_FUT, NIFTY_INDEX, tickOf, UNIVERSE } from './paper.fixtures';
import { createTickMarket, DEFAULT_LEVEL_QUANTITY } from './tick-market';

describe('createTickMarket', () => {
  it('knows the instruments before any tick, and quotes nothing yet', () => {
    const market = createTickMarket({ instruments: UNIVERSE });
    expect(market.instrument(INFY.token)).toMatchObject({ ...INFY, underlyingToken: null });
    expect(market.instrumentBySymbol('NFO', 'NIFTY26NOVFUT')?.token).toBe(NIFTY_FUT.token);
    expect(market.instrumentBySymbol('NSE', 'NIFTY26NOVFUT')).toBeUndefined();
    expect(market.instruments()).toHaveLength(UNIVERSE.length);
    expect(market.quote(INFY.token)).toBeUndefined();
  });

  it('builds a one-tick-either-side book of five generous levels from a bare price', () => {
    const market = createTickMarket({ instruments: UNIVERSE });
    expect(market.applyTicks([tickOf(INFY, 1500_00, AT_10_00)])).toEqual([INFY.token]);
    const quote = market.quote(INFY.token);
    expect(quote?.depth.buy.map((l) => l.price)).toEqual([
      1499_95, 1499_90, 1499_85, 1499_80, 1499_75,
    ]);
    expect(quote?.depth.sell.map((l) => l.price)).toEqual([
      1500_05, 1500_10, 1500_15, 1500_20, 1500_25,
    ]);
    expect(quote?.depth.sell.every((l) => l.quantity === DEFAULT_LEVEL_QUANTITY)).toBe(true);
    expect(quote).toMatchObject({
      lastPrice: 1500_00,
      timestamp: AT_10_00,
      lastTradeTime: AT_10_00,
      open: 1500_00,
      high: 1500_00,
      low: 1500_00,
      close: 1500_00,
      // ±20 % of the first price seen, on the tick grid.
      lowerCircuit: 1200_00,
      upperCircuit: 1800_00,
    });
  });

  it('takes the best bid and offer from a full tick, and ignores a crossed pair', () => {
    const market = createTickMarket({ instruments: UNIVERSE, levelQuantity: 7 });
    market.applyTicks([
      tickOf(INFY, 1500_00, AT_10_00, {
        mode: 'full',
        bestBid: paise(1499_50),
        bestAsk: paise(1500_50),
      }),
    ]);
    expect(market.quote(INFY.token)?.depth.buy[0]).toEqual({
      price: 1499_50,
      quantity: 7,
      orders: 1,
    });
    expect(market.quote(INFY.token)?.depth.sell[0]?.price).toBe(1500_50);

    market.applyTicks([
      tickOf(INFY, 1500_00, AT_10_00 + 1, { bestBid: paise(1501_00), bestAsk: paise(1500_50) }),
    ]);
    expect(market.quote(INFY.token)?.depth.buy[0]?.price).toBe(1499_95);
    expect(market.quote(INFY.token)?.depth.sell[0]?.price).toBe(1500_05);

    market.applyTicks([tickOf(INFY, 1500_00, AT_10_00 + 2, { bestBid: paise(0) })]);
    expect(market.quote(INFY.token)?.depth.buy[0]?.price).toBe(1499_95);
  });

  it('sets circuits from the previous close when a tick carries one', () => {
    const market = createTickMarket({ instruments: UNIVERSE });
    market.applyTicks([tickOf(NIFTY_FUT, 24550_00, AT_10_00)]);
    market.applyTicks([
      tickOf(NIFTY_FUT, 24560_00, AT_10_00 + 1, { mode: 'quote', close: paise(24000_00) }),
    ]);
    market.applyTicks([tickOf(NIFTY_FUT, 24570_00, AT_10_00 + 2)]);
    expect(market.quote(NIFTY_FUT.token)).toMatchObject({
      close: 24000_00,
      lowerCircuit: 19200_00,
      upperCircuit: 28800_00,
    });
  });

  it('tracks open, high, low and advances the volume of volume-less ticks', () => {
    const market = createTickMarket({ instruments: UNIVERSE });
    market.applyTicks([
      tickOf(INFY, 1500_00, AT_10_00),
      tickOf(INFY, 1510_00, AT_10_00),
      tickOf(INFY, 1490_00, AT_10_00),
    ]);
    const quote = market.quote(INFY.token);
    expect(quote).toMatchObject({ open: 1500_00, high: 1510_00, low: 1490_00, volume: 3 });

    market.applyTicks([
      tickOf(INFY, 1495_00, AT_10_00 + 5, {
        mode: 'quote',
        volume: 123_456,
        open: paise(1480_00),
        high: paise(1520_00),
        low: paise(1470_00),
        lastQuantity: 9,
        averagePrice: paise(1497_25),
      }),
    ]);
    expect(market.quote(INFY.token)).toMatchObject({
      volume: 123_456,
      open: 1480_00,
      high: 1520_00,
      low: 1470_00,
      lastQuantity: 9,
      averagePrice: 1497_25,
    });
  });

  it('ignores unknown tokens and zero prices, and shows no depth for an index', () => {
    const market = createTickMarket({ instruments: UNIVERSE });
    const changed = market.applyTicks([
      { ...tickOf(INFY, 1500_00, AT_10_00), token: 1 },
      tickOf(INFY, 0, AT_10_00),
      tickOf(NIFTY_INDEX, 24500_00, AT_10_00),
    ]);
    expect(changed).toEqual([NIFTY_INDEX.token]);
    expect(market.quote(INFY.token)).toBeUndefined();
    expect(market.quote(NIFTY_INDEX.token)?.depth).toEqual({ buy: [], sell: [] });
  });

  it('refuses a duplicated token and a non-positive level quantity', () => {
    expect(() => createTickMarket({ instruments: [INFY, INFY] })).toThrow(/listed twice/);
    expect(() => createTickMarket({ instruments: UNIVERSE, levelQuantity: 0 })).toThrow(RangeError);
  });
});
