export { createStrategies } from './create-strategies';
export { createOrbStrategy, ORB_STRATEGY_ID } from './orb-strategy';
export { createVwapEmaStrategy, VWAP_EMA_STRATEGY_ID } from './vwap-ema-strategy';
export { rankOpportunities } from './rank-opportunities';
export type { RankedOpportunity, RankingResult, RankOptions } from './rank-opportunities';
export type { Opportunity, Strategy, StrategyInput } from './strategy';
