import { encodeInstrumentToken, paise } from '@kavach/domain';
import type { Instrument } from '@kavach/domain';

/** Test data for the instrument cache; imported only by tests. */

export const INFY: Instrument = {
  token: 408065,
  exchangeToken: 1594,
  exchange: 'NSE',
  segment: 'NSE',
  tradingSymbol: 'INFY',
  name: 'INFOSYS',
  type: 'EQ',
  tickSize: paise(5),
  lotSize: 1,
  freezeQuantity: null,
  expiry: null,
  strike: null,
};

export const NIFTY_INDEX: Instrument = {
  token: 256265,
  exchangeToken: 1001,
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
};

export const NIFTY_FUT: Instrument = {
  token: 13238786,
  exchangeToken: 51714,
  exchange: 'NFO',
  segment: 'NFO',
  tradingSymbol: 'NIFTY26NOVFUT',
  name: 'NIFTY',
  type: 'FUT',
  tickSize: paise(10),
  lotSize: 75,
  freezeQuantity: 1800,
  expiry: '2026-11-26',
  strike: null,
};

/** An option whose token is above 2^31: still a valid unsigned 32-bit Kite token. */
export const NIFTY_CE_HIGH_TOKEN: Instrument = {
  token: encodeInstrumentToken(9_000_000, 'NFO'),
  exchangeToken: 9_000_000,
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
};

export const MASTER: readonly Instrument[] = [INFY, NIFTY_INDEX, NIFTY_FUT, NIFTY_CE_HIGH_TOKEN];

/** An equity with the given exchange token on NSE. */
export function equityOf(exchangeToken: number, tradingSymbol: string): Instrument {
  return {
    ...INFY,
    token: encodeInstrumentToken(exchangeToken, 'NSE'),
    exchangeToken,
    tradingSymbol,
    name: tradingSymbol,
  };
}
