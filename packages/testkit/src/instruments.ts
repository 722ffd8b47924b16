import { paise } from '@kavach/domain';
import type { Instrument } from '@kavach/domain';

/**
 * Instruments as Kite's instrument dump lists them (tokens from Zerodha's samples), shared by
 * every package's tests so that one INFY means the same thing everywhere.
 */
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
