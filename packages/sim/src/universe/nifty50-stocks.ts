import { paise } from '@kavach/domain';
import type { StockSpec } from './universe-spec';

/**
 * The NIFTY 50 constituents after NSE's September 2025 rebalance (INDIGO and MAXHEALTH in,
 * HEROMOTOCO and INDUSINDBK out; ETERNAL and JIOFIN since March 2025; TMPV is Tata Motors'
 * passenger-vehicle company, the old TATAMOTORS listing renamed at the October 2025 demerger).
 * Re-check against niftyindices.com at each semi-annual rebalance (March, September).
 *
 * Exchange tokens are NSE's EQ-series tokens. ADANIPORTS (15083) and INFY (1594) are
 * confirmed by Zerodha's sample instrument dump and quote; the others are NSE's long-standing
 * scrip tokens as recalled, unverified here: tokens only have to be unique inside the
 * simulator, but a mismatch would surface when a real instrument dump is loaded.
 *
 * Previous closes are realistic levels (late 2025), not a record of any particular day.
 * Tick sizes follow NSE's rule since June 2024, revised monthly on the last close: ₹0.01 below
 * ₹250, ₹0.05 from ₹250. (A finer-grained schedule, ₹0.10 to ₹5 for higher prices, was
 * announced for April 2025; it is not applied here.) Every NIFTY 50 stock is in F&O, so none
 * has a fixed circuit: the 10 % figure is NSE's initial dynamic price band for such stocks.
 */

const NIFTY = 'NIFTY 50';
const BANK = 'NIFTY BANK';
const ONE_PAISA = paise(1);
const FIVE_PAISE = paise(5);

function stock(
  symbol: string,
  name: string,
  exchangeToken: number,
  previousClosePaise: number,
  annualVolatility: number,
  factor: string,
  factorCorrelation: number,
): StockSpec {
  const previousClose = paise(previousClosePaise);
  return {
    symbol,
    name,
    exchangeToken,
    previousClose,
    tickSize: previousClose < 250_00 ? ONE_PAISA : FIVE_PAISE,
    circuitPercent: 10,
    annualVolatility,
    factor,
    factorCorrelation,
  };
}

export const NIFTY50_STOCKS: readonly StockSpec[] = [
  stock('ADANIENT', 'ADANI ENTERPRISES', 25, 2_310_40, 0.38, NIFTY, 0.45),
  stock('ADANIPORTS', 'ADANI PORT & SEZ', 15_083, 1_482_60, 0.32, NIFTY, 0.5),
  stock('APOLLOHOSP', 'APOLLO HOSPITALS', 157, 7_285_50, 0.24, NIFTY, 0.4),
  stock('ASIANPAINT', 'ASIAN PAINTS', 236, 2_812_30, 0.22, NIFTY, 0.4),
  stock('AXISBANK', 'AXIS BANK', 5_900, 1_268_70, 0.24, BANK, 0.7),
  stock('BAJAJ-AUTO', 'BAJAJ AUTO', 16_669, 8_965_00, 0.24, NIFTY, 0.45),
  stock('BAJAJFINSV', 'BAJAJ FINSERV', 16_675, 2_046_80, 0.26, NIFTY, 0.5),
  stock('BAJFINANCE', 'BAJAJ FINANCE', 317, 1_004_35, 0.3, NIFTY, 0.55),
  stock('BEL', 'BHARAT ELECTRONICS', 383, 408_90, 0.32, NIFTY, 0.45),
  stock('BHARTIARTL', 'BHARTI AIRTEL', 10_604, 2_098_40, 0.22, NIFTY, 0.5),
  stock('CIPLA', 'CIPLA', 694, 1_521_20, 0.22, NIFTY, 0.35),
  stock('COALINDIA', 'COAL INDIA', 20_374, 381_65, 0.26, NIFTY, 0.4),
  stock('DRREDDY', "DR. REDDY'S LABORATORIES", 881, 1_254_90, 0.24, NIFTY, 0.35),
  stock('EICHERMOT', 'EICHER MOTORS', 910, 7_012_00, 0.26, NIFTY, 0.45),
  stock('ETERNAL', 'ETERNAL', 5_097, 301_45, 0.42, NIFTY, 0.45),
  stock('GRASIM', 'GRASIM INDUSTRIES', 1_232, 2_748_10, 0.22, NIFTY, 0.5),
  stock('HCLTECH', 'HCL TECHNOLOGIES', 7_229, 1_602_30, 0.24, NIFTY, 0.45),
  stock('HDFCBANK', 'HDFC BANK', 1_333, 996_85, 0.2, BANK, 0.8),
  stock('HDFCLIFE', 'HDFC LIFE INS CO', 467, 768_40, 0.24, NIFTY, 0.45),
  stock('HINDALCO', 'HINDALCO INDUSTRIES', 1_363, 801_55, 0.3, NIFTY, 0.5),
  stock('HINDUNILVR', 'HINDUSTAN UNILEVER', 1_394, 2_452_60, 0.2, NIFTY, 0.35),
  stock('ICICIBANK', 'ICICI BANK', 4_963, 1_381_20, 0.2, BANK, 0.8),
  stock('INDIGO', 'INTERGLOBE AVIATION', 11_195, 5_812_00, 0.3, NIFTY, 0.4),
  stock('INFY', 'INFOSYS', 1_594, 1_552_40, 0.24, NIFTY, 0.5),
  stock('ITC', 'ITC', 1_660, 404_85, 0.18, NIFTY, 0.4),
  stock('JIOFIN', 'JIO FIN SERVICES', 18_143, 301_90, 0.34, NIFTY, 0.5),
  stock('JSWSTEEL', 'JSW STEEL', 11_723, 1_148_30, 0.28, NIFTY, 0.5),
  stock('KOTAKBANK', 'KOTAK MAHINDRA BANK', 1_922, 2_152_70, 0.22, BANK, 0.7),
  stock('LT', 'LARSEN & TOUBRO', 11_483, 4_012_50, 0.22, NIFTY, 0.6),
  stock('M&M', 'MAHINDRA & MAHINDRA', 2_031, 3_702_40, 0.26, NIFTY, 0.5),
  stock('MARUTI', 'MARUTI SUZUKI INDIA', 10_999, 16_024_00, 0.24, NIFTY, 0.45),
  stock('MAXHEALTH', 'MAX HEALTHCARE INS', 22_377, 1_102_80, 0.3, NIFTY, 0.4),
  stock('NESTLEIND', 'NESTLE INDIA', 17_963, 1_251_60, 0.2, NIFTY, 0.3),
  stock('NTPC', 'NTPC', 11_630, 329_75, 0.24, NIFTY, 0.5),
  stock('ONGC', 'OIL AND NATURAL GAS CORP.', 2_475, 242_18, 0.26, NIFTY, 0.45),
  stock('POWERGRID', 'POWER GRID CORP. LTD.', 14_977, 271_35, 0.22, NIFTY, 0.45),
  stock('RELIANCE', 'RELIANCE INDUSTRIES', 2_885, 1_548_90, 0.22, NIFTY, 0.7),
  stock('SBILIFE', 'SBI LIFE INSURANCE CO', 21_808, 2_003_40, 0.24, NIFTY, 0.45),
  stock('SBIN', 'STATE BANK OF INDIA', 3_045, 972_15, 0.24, BANK, 0.75),
  stock('SHRIRAMFIN', 'SHRIRAM FINANCE', 4_306, 851_30, 0.32, NIFTY, 0.5),
  stock('SUNPHARMA', 'SUN PHARMACEUTICAL IND L', 3_351, 1_781_60, 0.22, NIFTY, 0.4),
  stock('TATACONSUM', 'TATA CONSUMER PRODUCT', 3_432, 1_168_90, 0.24, NIFTY, 0.4),
  stock('TATASTEEL', 'TATA STEEL', 3_499, 169_84, 0.3, NIFTY, 0.55),
  stock('TCS', 'TATA CONSULTANCY SERV LT', 11_536, 3_204_70, 0.22, NIFTY, 0.5),
  stock('TECHM', 'TECH MAHINDRA', 13_538, 1_548_20, 0.26, NIFTY, 0.45),
  stock('TITAN', 'TITAN COMPANY', 3_506, 3_902_10, 0.24, NIFTY, 0.45),
  stock('TMPV', 'TATA MOTORS PASS VEH', 3_456, 362_45, 0.34, NIFTY, 0.5),
  stock('TRENT', 'TRENT', 1_964, 4_205_00, 0.34, NIFTY, 0.45),
  stock('ULTRACEMCO', 'ULTRATECH CEMENT', 11_532, 11_812_00, 0.22, NIFTY, 0.5),
  stock('WIPRO', 'WIPRO', 3_787, 259_60, 0.24, NIFTY, 0.45),
];
