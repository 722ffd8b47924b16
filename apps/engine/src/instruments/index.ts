export { createInstrumentCache } from './instrument-cache';
export type {
  InstrumentCache,
  InstrumentCacheDeps,
  InstrumentLogger,
  LoadSummary,
  RefreshOutcome,
  RefreshResult,
} from './instrument-cache';
export type {
  InstrumentLookup,
  InstrumentLookupError,
  InstrumentRefreshError,
} from './instrument-errors';
export { INSTRUMENT_MASTER_READY, isRefreshDue } from './refresh-due';
export type { SkipReason } from './screen-instrument';
export type { StoreSummary } from './store-instruments';
