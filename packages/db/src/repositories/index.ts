export { type DbClient, type JsonObject, runInTransaction } from './db-client';
export { upsertInstrument } from './instruments';
export { type InstrumentRename, renameInstruments, upsertInstruments } from './instrument-batch';
export { type NewSignal, type StoredSignal, persistSignal } from './signals';
export {
  type NewDecision,
  type StoredDecision,
  findDecisionByClientPlanId,
  persistDecision,
} from './decisions';
export {
  type NewOrder,
  type OrderStatusUpdate,
  type OrderUpdateSource,
  type StoredOrder,
  findOrderByClientOrderId,
  listOrdersOfGroup,
  persistOrder,
  updateOrderStatus,
} from './orders';
export {
  type AuditEntry,
  type StampedAuditEntry,
  type StoredAuditEntry,
  appendAudit,
  appendAudits,
  listAuditByCorrelationId,
} from './audit-log';
export {
  type ConfigVersionInput,
  type StoredConfigVersion,
  getConfigSha,
  getConfigVersion,
  saveConfigVersion,
} from './config-versions';
export { type OrderMachineUpdate, saveOrderMachineState, toJson } from './order-machine';
export {
  type BracketOpening,
  type OrderStatements,
  type StatementRunner,
  createOrderStatements,
  persistBracketOpening,
  prismaStatements,
  writeAheadOrder,
} from './write-ahead';
export {
  type NewOcoGroup,
  type OcoGroupProgress,
  type OrderVenue,
  type StoredOcoGroup,
  createOcoGroupRow,
  listOpenOcoGroups,
  saveOcoGroupProgress,
} from './oco-groups';
export { type NewRiskEvent, recordRiskEvent, recordRiskEvents } from './risk-events';
export { type PositionUpdate, savePosition } from './positions';
export { type NewTrade, recordTrade } from './trades';
export {
  type ExternalOrder,
  type NewDiscrepancy,
  type ReconciliationOutcome,
  type ReconciliationTrigger,
  type StoredDiscrepancy,
  finishReconciliationRun,
  importExternalOrder,
  listDiscrepancies,
  listExternalBrokerOrderIds,
  resolvePositionMismatches,
  startReconciliationRun,
} from './reconciliation';
export {
  type NewSlippageCheck,
  type SlippageCheckOutcome,
  type SlippageFill,
  type SlippageSamplePage,
  type SlippageSampleQuery,
  type SlippageStatRow,
  type StoredSlippageSample,
  attachSlippageOrder,
  countSlippageBreachesSince,
  findSlippageSampleByOrder,
  listSlippageSamples,
  recordSlippageAck,
  recordSlippageCheck,
  recordSlippageFill,
  selectSlippageSamplesSince,
} from './slippage-samples';
export { type KiteSessionRecord, readKiteSession, saveKiteSession } from './kite-sessions';
