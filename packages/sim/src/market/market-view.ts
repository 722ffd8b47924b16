import type { Instrument, Paise } from '@kavach/domain';

/** One price level of simulated market depth. */
export interface DepthLevel {
  readonly price: Paise;
  readonly quantity: number;
  readonly orders: number;
}

/** Everything Kite's quote and full ticker mode carry for one instrument, in paise and ms. */
export interface Quote {
  readonly token: number;
  readonly lastPrice: Paise;
  readonly lastQuantity: number;
  /** Exchange time of the last trade, epoch ms (virtual clock). */
  readonly lastTradeTime: number;
  /** Volume-weighted average price of the day. */
  readonly averagePrice: Paise;
  readonly volume: number;
  readonly buyQuantity: number;
  readonly sellQuantity: number;
  readonly open: Paise;
  readonly high: Paise;
  readonly low: Paise;
  /** Previous session's close. */
  readonly close: Paise;
  readonly oi: number;
  readonly oiDayHigh: number;
  readonly oiDayLow: number;
  readonly lowerCircuit: Paise;
  readonly upperCircuit: Paise;
  /** Five levels each side, best first (empty for indices). */
  readonly depth: { readonly buy: readonly DepthLevel[]; readonly sell: readonly DepthLevel[] };
  /** Exchange timestamp of this quote, epoch ms (virtual clock). */
  readonly timestamp: number;
}

/** A simulated instrument: the domain's, plus what the simulator needs to price it. */
export interface SimInstrument extends Instrument {
  /** Token of the underlying index/stock for FUT/CE/PE; null otherwise. */
  readonly underlyingToken: number | null;
}

/** The read side of the market that the matching engine and the Kite facade use. */
export interface MarketView {
  readonly instruments: () => readonly SimInstrument[];
  readonly instrument: (token: number) => SimInstrument | undefined;
  readonly instrumentBySymbol: (
    exchange: string,
    tradingSymbol: string,
  ) => SimInstrument | undefined;
  readonly quote: (token: number) => Quote | undefined;
}
