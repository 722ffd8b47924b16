export { canonicalJson, configSha } from './config-sha';
export {
  computeExcursionTotals,
  startExcursion,
  trackExcursion,
  updateExcursion,
} from './excursion';
export type { Excursion } from './excursion';
export { addToAveragePrice, computeRealisedPnl, computeUnrealisedPnl } from './pnl';
export {
  applyPositionFill,
  FLAT_POSITION,
  foldPositionFills,
  markPositionToMarket,
} from './position';
export type { NetPosition, PositionFill } from './position';
export {
  checkSlippageTolerance,
  computeSlippageCost,
  decideSlippageAction,
  DEFAULT_SLIPPAGE_TOLERANCE,
  measureSlippage,
  SLIPPAGE_VIOLATIONS,
  validateSlippageTolerance,
} from './slippage';
export type {
  Slippage,
  SlippageAction,
  SlippageCheck,
  SlippageTolerance,
  SlippageViolation,
} from './slippage';
