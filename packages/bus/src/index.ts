export type { Bus, BusHandler, BusLogger, BusStats, TickHandler, Unsubscribe } from './bus';
export {
  type BusChannel,
  CHANNELS,
  isBusChannel,
  isTickChannel,
  isValidInstrumentToken,
  type NamedChannel,
  parseTickChannel,
  type TickChannel,
  tickChannel,
  TICKS_PATTERN,
} from './channels';
export { decodeMessage, type DecodeResult, encodeMessage, validatePayload } from './codec';
export { BusClosedError, BusUnavailableError, BusValidationError } from './errors';
export { createLocalBus, createLocalHub, type LocalBusOptions, type LocalHub } from './local-bus';
export { type NamedChannelPayloads, type PayloadOf, schemaFor } from './payloads';
export { createRedisBus, type RedisBus, type RedisBusOptions } from './redis-bus';
export * from './schemas';
export {
  createTickConflator,
  type ScheduleRepeating,
  type TickConflator,
  type TickConflatorOptions,
} from './tick-conflator';
export { createBus } from './create-bus';
