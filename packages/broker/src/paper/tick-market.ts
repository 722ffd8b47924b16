import { maxPaise, minPaise, paise, percentOfPaise, roundToTick } from '@kavach/domain';
import type { Instrument, Paise } from '@kavach/domain';
import type { MarketView, Quote, SimInstrument } from '@kavach/sim';
import type { Tick } from '../broker';
import { buildSyntheticDepth } from './synthetic-depth';

/** Generous enough that a marketable order fills at once unless a test asks otherwise. */
export const DEFAULT_LEVEL_QUANTITY = 100_000;

/** NSE's widest price band for most scrips; the simulator refuses prices outside it. */
const CIRCUIT_BAND_BPS = 2_000;

export interface TickMarketOptions {
  /** The instruments quotes are kept for; ticks of other tokens are ignored. */
  readonly instruments: readonly Instrument[];
  /** Quantity at each of the five synthetic depth levels a side. */
  readonly levelQuantity?: number;
}

/** A MarketView fed by broker ticks: the latest quote of every instrument that has one. */
export interface TickMarket extends MarketView {
  /** Applies the ticks in order; returns the tokens whose quote changed. */
  readonly applyTicks: (ticks: readonly Tick[]) => readonly number[];
}

interface TokenState {
  readonly quote: Quote;
  /** Circuit reference: the previous close when a tick sent one, else the first price seen. */
  readonly reference: Paise;
}

function toSimInstrument(instrument: Instrument): SimInstrument {
  return { ...instrument, underlyingToken: null };
}

function symbolKey(exchange: string, tradingSymbol: string): string {
  return `${exchange}:${tradingSymbol}`;
}

function positive(value: Paise | null): Paise | null {
  return value !== null && value > 0 ? value : null;
}

function circuitBand(reference: Paise, tickSize: Paise): { lower: Paise; upper: Paise } {
  const width = percentOfPaise(reference, CIRCUIT_BAND_BPS);
  return {
    lower: maxPaise(roundToTick(paise(reference - width), tickSize, 'up'), tickSize),
    upper: roundToTick(paise(reference + width), tickSize, 'down'),
  };
}

/**
 * Builds a quote from a tick and the instrument's previous quote. Fields the tick lacks (an
 * `ltp` tick carries only the price) are tracked here; volume-less ticks still advance the
 * volume so every tick is a new snapshot with fresh depth for the matching engine.
 */
function describeQuote(
  instrument: SimInstrument,
  tick: Tick,
  previous: TokenState | undefined,
  levelQuantity: number,
): TokenState {
  const { lastPrice } = tick;
  const close = positive(tick.close);
  const reference = close ?? previous?.reference ?? lastPrice;
  const band = circuitBand(reference, instrument.tickSize);
  const before = previous?.quote;
  const lastQuantity = tick.lastQuantity ?? 0;
  const depth =
    instrument.type === 'INDEX'
      ? { buy: [], sell: [] }
      : buildSyntheticDepth({
          lastPrice,
          tickSize: instrument.tickSize,
          bestBid: tick.bestBid,
          bestAsk: tick.bestAsk,
          levelQuantity,
        });
  const quote: Quote = {
    token: instrument.token,
    lastPrice,
    lastQuantity,
    lastTradeTime: tick.at,
    averagePrice: positive(tick.averagePrice) ?? lastPrice,
    volume: tick.volume ?? (before?.volume ?? 0) + Math.max(lastQuantity, 1),
    buyQuantity: tick.buyQuantity ?? levelQuantity * depth.buy.length,
    sellQuantity: tick.sellQuantity ?? levelQuantity * depth.sell.length,
    open: positive(tick.open) ?? before?.open ?? lastPrice,
    high: positive(tick.high) ?? maxPaise(before?.high ?? lastPrice, lastPrice),
    low: positive(tick.low) ?? minPaise(before?.low ?? lastPrice, lastPrice),
    close: reference,
    oi: 0,
    oiDayHigh: 0,
    oiDayLow: 0,
    lowerCircuit: band.lower,
    upperCircuit: band.upper,
    depth,
    timestamp: tick.at,
  };
  return { quote, reference };
}

/**
 * The market the paper broker's matching engine reads. Depth comes from the tick's best bid
 * and offer when it has them, else one tick either side of the last price; circuits are ±20 %
 * of the previous close (or the first price seen).
 */
export function createTickMarket(options: TickMarketOptions): TickMarket {
  const levelQuantity = options.levelQuantity ?? DEFAULT_LEVEL_QUANTITY;
  if (!Number.isSafeInteger(levelQuantity) || levelQuantity <= 0) {
    throw new RangeError(`level quantity must be a positive integer, got ${levelQuantity}`);
  }
  const instruments = options.instruments.map(toSimInstrument);
  const byToken = new Map<number, SimInstrument>();
  const bySymbol = new Map<string, SimInstrument>();
  for (const instrument of instruments) {
    if (byToken.has(instrument.token)) {
      throw new RangeError(`instrument token ${instrument.token} is listed twice`);
    }
    byToken.set(instrument.token, instrument);
    bySymbol.set(symbolKey(instrument.exchange, instrument.tradingSymbol), instrument);
  }
  const states = new Map<number, TokenState>();

  return {
    instruments: () => instruments,
    instrument: (token) => byToken.get(token),
    instrumentBySymbol: (exchange, tradingSymbol) =>
      bySymbol.get(symbolKey(exchange, tradingSymbol)),
    quote: (token) => states.get(token)?.quote,
    applyTicks: (ticks) => {
      const changed = new Set<number>();
      for (const tick of ticks) {
        const instrument = byToken.get(tick.token);
        // A price of zero is Kite's "no trade yet": nothing to quote or match against.
        if (instrument === undefined || tick.lastPrice <= 0) continue;
        states.set(
          tick.token,
          describeQuote(instrument, tick, states.get(tick.token), levelQuantity),
        );
        changed.add(tick.token);
      }
      return [...changed];
    },
  };
}
