export { type DecisionMessage, decisionMessageSchema } from './decision-message';
export {
  type EventMessage,
  eventMessageSchema,
  KNOWN_EVENT_TYPES,
  type KnownEventType,
} from './event-message';
export { type OrderMessage, orderMessageSchema } from './order-message';
export { amountSchema, epochMsSchema, priceSchema, tokenSchema } from './primitives';
export {
  RISK_SEVERITIES,
  type RiskMessage,
  riskMessageSchema,
  type RiskSeverity,
} from './risk-message';
export { type SignalMessage, signalMessageSchema } from './signal-message';
export { type TickMessage, tickMessageSchema } from './tick-message';
