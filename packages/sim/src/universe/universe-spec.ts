import type { Paise, Weekday } from '@kavach/domain';

/**
 * What the simulator is told about each listed thing, as data: a change of lot size, tick
 * size, freeze quantity or index membership is an edit here, never a code change.
 */

export interface StockSpec {
  /** NSE tradingsymbol, e.g. INFY, M&M, BAJAJ-AUTO. */
  readonly symbol: string;
  /** Kite's `name` column (NSE's short company name). */
  readonly name: string;
  /** NSE's token for the EQ series; instrument_token = exchangeToken << 8 | 1. */
  readonly exchangeToken: number;
  /** Reference price: the previous session's close the simulated day starts from. */
  readonly previousClose: Paise;
  readonly tickSize: Paise;
  /** Daily price band (circuit) as a percentage of the previous close, e.g. 10 or 20. */
  readonly circuitPercent: number;
  /** Annualised volatility of daily returns, e.g. 0.25. */
  readonly annualVolatility: number;
  /** The index whose moves the stock follows (its tradingsymbol, e.g. 'NIFTY 50'). */
  readonly factor: string;
  /** Correlation of the stock's returns with that index's, in [-1, 1]. */
  readonly factorCorrelation: number;
}

export interface IndexSpec {
  /** Kite tradingsymbol, e.g. 'NIFTY 50', 'NIFTY BANK'. */
  readonly symbol: string;
  readonly name: string;
  readonly exchangeToken: number;
  readonly previousClose: Paise;
  /** Grid the published index value is rounded to. */
  readonly tickSize: Paise;
  readonly annualVolatility: number;
  /**
   * Correlation with the first index of the universe (the market factor; 1 for that index).
   */
  readonly marketCorrelation: number;
  readonly derivatives: IndexDerivativesSpec | null;
}

/** The futures and options listed on one index (NFO). */
export interface IndexDerivativesSpec {
  /** Underlying name in NFO symbols and Kite's `name` column: NIFTY, BANKNIFTY. */
  readonly name: string;
  /**
   * Small distinct number per underlying, part of the simulator's synthetic exchange tokens
   * (see derivative-token.ts). Never reuse one: tokens are stored by the engine.
   */
  readonly tokenSlot: number;
  readonly lotSize: number;
  readonly freezeQuantity: number;
  readonly futureTickSize: Paise;
  readonly optionTickSize: Paise;
  readonly strikeStep: Paise;
  /** Strikes listed each side of the at-the-money strike. */
  readonly strikesEachSide: number;
  /** Weekly option series (NIFTY since 2025: Tuesdays); false = monthly only (BANKNIFTY). */
  readonly weeklyOptions: boolean;
  /** How many monthly futures are listed (current, next, ...). */
  readonly futureMonths: number;
  /** Day of the week contracts expire (2 = Tuesday since September 2025). */
  readonly expiryWeekday: Weekday;
  /** Annual cost of carry for futures and the options' discount rate, e.g. 0.065. */
  readonly carryRate: number;
  /** Implied volatility at the money, e.g. 0.12. */
  readonly atmVolatility: number;
  /** Smile: vol = atm + skew·k + curvature·k², k = ln(strike / forward). */
  readonly skew: number;
  readonly curvature: number;
  /**
   * How at-the-money vol answers the index: vol × (S / previous close)^-elasticity, so a
   * falling market lifts option premiums as it does on NSE.
   */
  readonly spotVolElasticity: number;
  /** Open interest of the at-the-money strike of the nearest expiry, in lots. */
  readonly atmOpenInterestLots: number;
}

export interface UniverseSpec {
  /** The first index is the market factor every other return correlates with. */
  readonly indices: readonly IndexSpec[];
  readonly stocks: readonly StockSpec[];
}
