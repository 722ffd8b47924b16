export { GROUP_STATUSES, KITE_MAX_MODIFICATIONS_PER_ORDER } from './group-types';
export type {
  BracketPlan,
  DisableableRole,
  GroupLeg,
  GroupLegRole,
  GroupStatus,
  LegOutcome,
  LegPricing,
  LegStatus,
  OcoGroup,
  TargetPlan,
  TargetRole,
} from './group-types';
export type { GroupEvent } from './group-events';
export { GROUP_RISK_CODES } from './group-commands';
export type {
  FlattenReason,
  GroupCommand,
  GroupRiskCode,
  RiskEventCommand,
  RiskSeverity,
} from './group-commands';
export { createGroup } from './create-group';
export type { BracketPlanInput, CreateGroupResult } from './create-group';
export { applyGroupEvent } from './apply-group-event';
export type { GroupErrorCode, GroupEventError, GroupEventResult } from './apply-group-event';
export { measureGroupPosition, openQuantityOf } from './group-position';
export type { GroupPosition } from './group-position';
export { deriveGroupStatus } from './derive-group-status';
export { reconcileGroup } from './reconcile-legs';
export type { Reconciliation } from './reconcile-legs';
