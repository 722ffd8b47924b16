import { encodeInstrumentToken, paise } from '@kavach/domain';
import type { Instrument } from '@kavach/domain';
import { INFY, NIFTY_FUT, NIFTY_INDEX } from '@kavach/testkit';

/** Test data for the instrument cache; imported only by tests. */

export { INFY, NIFTY_FUT, NIFTY_INDEX };

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
