export { computeDailyLossLimit, computeHeatLimit, computePerTradeRiskCap } from './risk-limits';
export { DEFAULT_RISK_CONFIG, validateRiskConfig } from './risk-config';
export type { RiskConfig } from './risk-config';
export { isWithinEntryWindow, parseEntryWindow } from './entry-window';
export type { EntryWindow } from './entry-window';
export type { RiskPortfolio } from './risk-portfolio';
export { computeLotLimits, SIZE_LIMITS } from './size-entry';
export type { LotLimit, SizeLimit, SizingInput } from './size-entry';
export { canEnter, ENTRY_REJECTION_REASONS } from './can-enter';
export type {
  EntryApproval,
  EntryDecision,
  EntryRejection,
  EntryRejectionReason,
} from './can-enter';
export { applyRequestedSize } from './requested-size';
export type { RequestedSize, RequestedSizeRejection } from './requested-size';
