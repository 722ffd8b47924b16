import { paise } from '@kavach/domain';
import type { Paise } from '@kavach/domain';
import type { DepthLevel, MarketView, Quote, SimInstrument } from '../src/market/market-contract';

/** A handful of instruments with Kite-consistent tokens (exchange_token << 8 | segment). */
export const FAKE_INSTRUMENTS = {
  infy: {
    token: 408_065,
    exchangeToken: 1_594,
    exchange: 'NSE',
    segment: 'NSE',
    tradingSymbol: 'INFY',
    name: 'INFOSYS',
    type: 'EQ',
    tickSize: paise(10),
    lotSize: 1,
    freezeQuantity: null,
    expiry: null,
    strike: null,
    underlyingToken: null,
  },
  nifty: {
    token: 256_265,
    exchangeToken: 1_001,
    exchange: 'NSE',
    segment: 'INDICES',
    tradingSymbol: 'NIFTY 50',
    name: 'NIFTY 50',
    type: 'INDEX',
    tickSize: paise(5),
    lotSize: 1,
    freezeQuantity: null,
    expiry: null,
    strike: null,
    underlyingToken: null,
  },
  niftyFut: {
    token: 13_238_786,
    exchangeToken: 51_714,
    exchange: 'NFO',
    segment: 'NFO',
    tradingSymbol: 'NIFTY26NOVFUT',
    name: 'NIFTY',
    type: 'FUT',
    tickSize: paise(10),
    lotSize: 65,
    freezeQuantity: 1_800,
    expiry: '2026-11-24',
    strike: null,
    underlyingToken: 256_265,
  },
  niftyCe: {
    token: 12_073_986,
    exchangeToken: 47_164,
    exchange: 'NFO',
    segment: 'NFO',
    tradingSymbol: 'NIFTY26NOV24500CE',
    name: 'NIFTY',
    type: 'CE',
    tickSize: paise(5),
    lotSize: 65,
    freezeQuantity: 1_800,
    expiry: '2026-11-24',
    strike: paise(2_450_000),
    underlyingToken: 256_265,
  },
} as const satisfies Record<string, SimInstrument>;

const level = (price: number, quantity: number, orders: number): DepthLevel => ({
  price: paise(price),
  quantity,
  orders,
});

/** A plausible quote around a price (paise) at an instant (epoch ms). */
export function makeQuote(instrument: SimInstrument, price: number, at: number): Quote {
  const isIndex = instrument.type === 'INDEX';
  const tick = instrument.tickSize;
  const p = (value: number): Paise => paise(value);
  return {
    token: instrument.token,
    lastPrice: p(price),
    lastQuantity: isIndex ? 0 : instrument.lotSize,
    lastTradeTime: isIndex ? 0 : at - 1_000,
    averagePrice: p(isIndex ? 0 : price - tick),
    volume: isIndex ? 0 : 120 * instrument.lotSize,
    buyQuantity: isIndex ? 0 : 5_000,
    sellQuantity: isIndex ? 0 : 4_000,
    open: p(price - 10 * tick),
    high: p(price + 20 * tick),
    low: p(price - 30 * tick),
    close: p(price - 5 * tick),
    oi: instrument.type === 'FUT' || instrument.type === 'CE' ? 100 * instrument.lotSize : 0,
    oiDayHigh: instrument.type === 'FUT' || instrument.type === 'CE' ? 110 * instrument.lotSize : 0,
    oiDayLow: instrument.type === 'FUT' || instrument.type === 'CE' ? 90 * instrument.lotSize : 0,
    lowerCircuit: p(isIndex ? 0 : Math.round((price * 0.9) / tick) * tick),
    upperCircuit: p(isIndex ? 0 : Math.round((price * 1.1) / tick) * tick),
    depth: isIndex
      ? { buy: [], sell: [] }
      : {
          buy: [1, 2, 3, 4, 5].map((i) => level(price - i * tick, 10 * i, i)),
          sell: [0, 1, 2, 3, 4].map((i) => level(price + i * tick, 12 * (i + 1), i + 1)),
        },
    timestamp: at,
  };
}

export interface FakeMarket extends MarketView {
  readonly setQuote: (quote: Quote) => void;
}

/** A MarketView over fixed quotes, until the real market generator lands. */
export function createFakeMarket(quotes: readonly Quote[]): FakeMarket {
  const instruments: readonly SimInstrument[] = Object.values(FAKE_INSTRUMENTS);
  const byToken = new Map(quotes.map((q) => [q.token, q]));
  return {
    instruments: () => instruments,
    instrument: (token) => instruments.find((i) => i.token === token),
    instrumentBySymbol: (exchange, symbol) =>
      instruments.find((i) => i.exchange === exchange && i.tradingSymbol === symbol),
    quote: (token) => byToken.get(token),
    setQuote: (quote) => {
      byToken.set(quote.token, quote);
    },
  };
}
