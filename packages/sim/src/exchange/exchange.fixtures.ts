import { atIst, paise, VirtualClock } from '@kavach/domain';
import type { Paise } from '@kavach/domain';
import {
  INFY as KITE_INFY,
  NIFTY_FUT as KITE_NIFTY_FUT,
  NIFTY_INDEX as KITE_NIFTY_INDEX,
} from '@kavach/testkit';
import type { DepthLevel, MarketView, Quote, SimInstrument } from '../market/market-view';
import { createExchange } from './create-exchange';
import type { SimExchange } from './exchange-api';
import type { ExchangeConfigOverrides } from './exchange-config';
import type { PlaceOrderRequest } from './order-request';

/** Test data for the matching engine; imported only by *.test.ts and the bench. */

export const TRADING_DAY = '2026-11-20';
export const AT_10_00 = atIst('10:00', TRADING_DAY);

export const INFY: SimInstrument = { ...KITE_INFY, underlyingToken: null };
export const NIFTY_INDEX: SimInstrument = { ...KITE_NIFTY_INDEX, underlyingToken: null };
export const NIFTY_FUT: SimInstrument = { ...KITE_NIFTY_FUT, underlyingToken: NIFTY_INDEX.token };

export const NIFTY_CE: SimInstrument = {
  token: 12345602,
  exchangeToken: 48225,
  exchange: 'NFO',
  segment: 'NFO',
  tradingSymbol: 'NIFTY26NOV24500CE',
  name: 'NIFTY',
  type: 'CE',
  tickSize: paise(5),
  lotSize: 75,
  freezeQuantity: 1800,
  expiry: '2026-11-26',
  strike: paise(24500_00),
  underlyingToken: NIFTY_INDEX.token,
};

/** Lot 25, freeze 900: the numbers of Kite's freeze-quantity message sample. */
export const BANKEX_FUT: SimInstrument = {
  ...NIFTY_FUT,
  token: 13238530,
  exchangeToken: 51713,
  tradingSymbol: 'BANKNIFTY26NOVFUT',
  name: 'BANKNIFTY',
  lotSize: 25,
  freezeQuantity: 900,
};

export const INSTRUMENTS: readonly SimInstrument[] = [
  INFY,
  NIFTY_INDEX,
  NIFTY_FUT,
  NIFTY_CE,
  BANKEX_FUT,
];

export interface QuoteSpec {
  readonly lastPrice: Paise;
  /** Best bid and offer; one tick either side of the last price by default. */
  readonly bid?: Paise;
  readonly ask?: Paise;
  /** Quantity at each of the five levels per side. */
  readonly levelQuantity?: number;
  readonly buy?: readonly DepthLevel[];
  readonly sell?: readonly DepthLevel[];
  readonly lowerCircuit?: Paise;
  readonly upperCircuit?: Paise;
}

function ladder(best: Paise, direction: 1 | -1, tick: Paise, quantity: number): DepthLevel[] {
  return Array.from({ length: 5 }, (_, i) => ({
    price: paise(best + direction * i * tick),
    quantity,
    orders: quantity > 0 ? 1 : 0,
  }));
}

/**
 * A market under the test's control: set a quote, and each set is a new snapshot (a new
 * volume) with fresh depth, as the generator's would be.
 */
export interface FakeMarket extends MarketView {
  readonly setQuote: (token: number, spec: QuoteSpec) => Quote;
}

export function createFakeMarket(
  clock: VirtualClock,
  instruments: readonly SimInstrument[] = INSTRUMENTS,
): FakeMarket {
  const quotes = new Map<number, Quote>();
  const byToken = new Map(instruments.map((i) => [i.token, i]));
  let stamp = 0;

  function setQuote(token: number, spec: QuoteSpec): Quote {
    const instrument = byToken.get(token);
    if (instrument === undefined) throw new Error(`no instrument ${token}`);
    const tick = instrument.tickSize;
    const levelQuantity = spec.levelQuantity ?? 100 * instrument.lotSize;
    const bid = spec.bid ?? paise(spec.lastPrice - tick);
    const ask = spec.ask ?? paise(spec.lastPrice + tick);
    const lowerCircuit =
      spec.lowerCircuit ?? paise(Math.round((spec.lastPrice * 0.8) / tick) * tick);
    const upperCircuit =
      spec.upperCircuit ?? paise(Math.round((spec.lastPrice * 1.2) / tick) * tick);
    stamp += 1;
    const quote: Quote = {
      token,
      lastPrice: spec.lastPrice,
      lastQuantity: instrument.lotSize,
      lastTradeTime: clock.now(),
      averagePrice: spec.lastPrice,
      // Every set is a new snapshot, even when the clock stands still: volume moves on.
      volume: 1_000 + stamp,
      buyQuantity: 5 * levelQuantity,
      sellQuantity: 5 * levelQuantity,
      open: spec.lastPrice,
      high: spec.lastPrice,
      low: spec.lastPrice,
      close: spec.lastPrice,
      oi: 0,
      oiDayHigh: 0,
      oiDayLow: 0,
      lowerCircuit,
      upperCircuit,
      depth:
        instrument.type === 'INDEX'
          ? { buy: [], sell: [] }
          : {
              buy: spec.buy ?? ladder(bid, -1, tick, levelQuantity),
              sell: spec.sell ?? ladder(ask, 1, tick, levelQuantity),
            },
      timestamp: clock.now(),
    };
    quotes.set(token, quote);
    return quote;
  }

  return {
    instruments: () => instruments,
    instrument: (token) => byToken.get(token),
    instrumentBySymbol: (exchange, symbol) =>
      instruments.find((i) => i.exchange === exchange && i.tradingSymbol === symbol),
    quote: (token) => quotes.get(token),
    setQuote,
  };
}

export interface Harness {
  readonly clock: VirtualClock;
  readonly market: FakeMarket;
  readonly exchange: SimExchange;
}

/** 10:00 IST on a trading day, ₹10,00,000 of funds, quotes on every instrument. */
export function createHarness(
  options: {
    readonly funds?: Paise;
    readonly config?: ExchangeConfigOverrides;
    readonly at?: number;
  } = {},
): Harness {
  const clock = new VirtualClock(options.at ?? AT_10_00);
  const market = createFakeMarket(clock);
  market.setQuote(INFY.token, { lastPrice: paise(1500_00) });
  market.setQuote(NIFTY_INDEX.token, { lastPrice: paise(24500_00) });
  market.setQuote(NIFTY_FUT.token, { lastPrice: paise(24550_00) });
  market.setQuote(NIFTY_CE.token, { lastPrice: paise(120_00) });
  market.setQuote(BANKEX_FUT.token, { lastPrice: paise(52000_00) });
  const exchange = createExchange({
    market,
    clock,
    accountFunds: options.funds ?? paise(10_00_000_00),
    userId: 'AB1234',
    ...(options.config === undefined ? {} : { config: options.config }),
  });
  return { clock, market, exchange };
}

export function limitBuy(
  instrument: SimInstrument,
  quantity: number,
  price: Paise,
  extra: Partial<PlaceOrderRequest> = {},
): PlaceOrderRequest {
  return {
    variety: 'regular',
    exchange: instrument.exchange,
    tradingsymbol: instrument.tradingSymbol,
    transaction_type: 'BUY',
    order_type: 'LIMIT',
    product: 'MIS',
    quantity,
    price,
    ...extra,
  };
}

export function marketOrder(
  instrument: SimInstrument,
  side: 'BUY' | 'SELL',
  quantity: number,
  extra: Partial<PlaceOrderRequest> = {},
): PlaceOrderRequest {
  return {
    variety: 'regular',
    exchange: instrument.exchange,
    tradingsymbol: instrument.tradingSymbol,
    transaction_type: side,
    order_type: 'MARKET',
    product: 'MIS',
    quantity,
    market_protection: 2,
    ...extra,
  };
}

/** The order id of an accepted placement; fails the test otherwise. */
export function expectAccepted(result: ReturnType<SimExchange['placeOrder']>): string {
  if (!result.ok) throw new Error(`order refused: ${result.error.type} ${result.error.message}`);
  return result.orderId;
}
