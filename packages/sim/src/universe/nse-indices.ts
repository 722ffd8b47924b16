import { paise } from '@kavach/domain';
import type { IndexSpec } from './universe-spec';

/**
 * NIFTY 50 and NIFTY BANK with their NFO contracts. Kite lists indices on NSE in the INDICES
 * segment: 'NIFTY 50' is exchange token 1001 (instrument_token 256265), 'NIFTY BANK' 1016
 * (260105).
 *
 * Contract terms as of 2026 (they change, hence data): NIFTY lot 65 and BANKNIFTY lot 30 (from
 * the December 2025 series), freeze quantities 1800 and 600; NIFTY options expire weekly on
 * Tuesdays and monthly on the last Tuesday (since September 2025); BANKNIFTY has had monthly
 * contracts only since November 2024; strikes every 50 and 100 points; options tick ₹0.05.
 * Index futures keep the ₹0.05 tick (the April 2025 proposal of ₹0.10/₹0.20 is not applied).
 * Holidays move an expiry to the previous trading day.
 *
 * Volatility and smile parameters are typical of 2025: NIFTY implied vol around 11–13 %, BANK
 * a little higher, puts richer than calls.
 */
export const NIFTY_50: IndexSpec = {
  symbol: 'NIFTY 50',
  name: 'NIFTY 50',
  exchangeToken: 1_001,
  previousClose: paise(26_052_65),
  tickSize: paise(5),
  annualVolatility: 0.12,
  marketCorrelation: 1,
  derivatives: {
    name: 'NIFTY',
    tokenSlot: 0,
    lotSize: 65,
    freezeQuantity: 1_800,
    futureTickSize: paise(5),
    optionTickSize: paise(5),
    strikeStep: paise(50_00),
    strikesEachSide: 20,
    weeklyOptions: true,
    futureMonths: 2,
    expiryWeekday: 2,
    carryRate: 0.065,
    atmVolatility: 0.115,
    skew: -0.6,
    curvature: 6,
    spotVolElasticity: 3,
    atmOpenInterestLots: 150_000,
  },
};

export const NIFTY_BANK: IndexSpec = {
  symbol: 'NIFTY BANK',
  name: 'NIFTY BANK',
  exchangeToken: 1_016,
  previousClose: paise(59_288_70),
  tickSize: paise(5),
  annualVolatility: 0.14,
  marketCorrelation: 0.8,
  derivatives: {
    name: 'BANKNIFTY',
    tokenSlot: 1,
    lotSize: 30,
    freezeQuantity: 600,
    futureTickSize: paise(5),
    optionTickSize: paise(5),
    strikeStep: paise(100_00),
    strikesEachSide: 20,
    weeklyOptions: false,
    futureMonths: 2,
    expiryWeekday: 2,
    carryRate: 0.065,
    atmVolatility: 0.13,
    skew: -0.5,
    curvature: 5,
    spotVolElasticity: 3,
    atmOpenInterestLots: 60_000,
  },
};

export const NSE_INDICES: readonly IndexSpec[] = [NIFTY_50, NIFTY_BANK];
