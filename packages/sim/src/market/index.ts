export type { DepthLevel, MarketView, Quote, SimInstrument } from './market-view';
export { createMarket } from './create-market';
export type { CreateMarketOptions, Market } from './create-market';
export { DEPTH_LEVELS } from './depth';
export { intrinsicValue, priceOption, smileVolatility, YEAR_MS } from './option-pricing';
export type { OptionInputs, SmileParams } from './option-pricing';
export { MARKET_SNAPSHOT_VERSION } from './market-snapshot';
export type { MarketSnapshot, SlotSnapshot } from './market-snapshot';
