/** The market contract the facade reads (packages/sim's MarketView and its value types). */
export type { DepthLevel, MarketView, Quote, SimInstrument } from '@kavach/sim';
