import { NIFTY50_STOCKS } from './nifty50-stocks';
import { NSE_INDICES } from './nse-indices';
import type { UniverseSpec } from './universe-spec';

/** NIFTY 50 and NIFTY BANK with their futures and options, and the NIFTY 50 stocks. */
export const NSE_UNIVERSE: UniverseSpec = { indices: NSE_INDICES, stocks: NIFTY50_STOCKS };
