import type { Broker } from '@kavach/broker';
import type { Db } from '@kavach/db';
import type { Clock, Instrument } from '@kavach/domain';
import type {
  InstrumentLookup,
  InstrumentLookupError,
  InstrumentRefreshError,
} from './instrument-errors';
import { buildInstrumentIndex, EMPTY_INSTRUMENT_INDEX, parseSymbolKey } from './instrument-index';
import type { IndexedInstrument, InstrumentIndex } from './instrument-index';
import { loadInstruments } from './load-instruments';
import { isRefreshDue } from './refresh-due';
import { screenInstruments } from './screen-instrument';
import type { SkipReason } from './screen-instrument';
import { readLastRefresh, storeInstruments } from './store-instruments';
import type { StoreSummary } from './store-instruments';

/** The part of the engine's (pino) logger the cache writes to. */
export interface InstrumentLogger {
  readonly info: (fields: object, message: string) => void;
  readonly warn: (fields: object, message: string) => void;
}

export interface InstrumentCacheDeps {
  readonly db: Db;
  readonly broker: Pick<Broker, 'getInstruments'>;
  readonly clock: Clock;
  readonly logger: InstrumentLogger;
}

export interface LoadSummary {
  readonly loaded: number;
  /** Stored rows that are not valid instruments (never expected; counted, logged). */
  readonly skipped: number;
  /** Time of the last completed refresh on record, or null. */
  readonly refreshedAt: number | null;
}

export type RefreshOutcome =
  | { readonly refreshed: false; readonly refreshedAt: number; readonly loaded: number }
  | {
      readonly refreshed: true;
      readonly refreshedAt: number;
      readonly loaded: number;
      readonly stored: StoreSummary;
    };

export type RefreshResult =
  | { readonly ok: true; readonly value: RefreshOutcome }
  | { readonly ok: false; readonly error: InstrumentRefreshError };

export interface InstrumentCache {
  /**
   * Downloads the instrument master when the last refresh on record is older than today's
   * 08:00 IST (or there is none), stores it, and reloads the cache; otherwise loads the cache
   * from the database if this process has not yet. A failed download keeps the cache as it
   * was and answers a typed error; a database error throws.
   */
  readonly refreshIfStale: () => Promise<RefreshResult>;
  /** Loads the cache from the database alone: start-up without a broker session. */
  readonly load: () => Promise<LoadSummary>;
  readonly byToken: (token: number) => Instrument | undefined;
  /** 'NSE:INFY': the exchange in any case, the symbol exactly as Kite writes it. */
  readonly bySymbol: (key: string) => Instrument | undefined;
  readonly requireByToken: (token: number) => InstrumentLookup<Instrument>;
  readonly requireBySymbol: (key: string) => InstrumentLookup<Instrument>;
  /** The Instrument row id, which other repositories reference. */
  readonly idOf: (token: number) => string | undefined;
  readonly requireIdOf: (token: number) => InstrumentLookup<string>;
  readonly all: () => readonly Instrument[];
  /** Time of the last completed refresh known to this process, or null. */
  readonly refreshedAt: () => number | null;
}

function unknownToken(token: number): InstrumentLookupError {
  return { code: 'UNKNOWN_TOKEN', token, message: `no instrument with token ${token}` };
}

function hasSkips(counts: Readonly<Partial<Record<SkipReason, number>>>): boolean {
  return Object.keys(counts).length > 0;
}

export function createInstrumentCache(deps: InstrumentCacheDeps): InstrumentCache {
  const { db, broker, clock, logger } = deps;
  let index: InstrumentIndex = EMPTY_INSTRUMENT_INDEX;
  let loaded = false;
  let refreshedAt: number | null = null;
  let refreshing: Promise<RefreshResult> | null = null;

  /** Swaps in a fresh index of the table; returns how many instruments and skipped rows. */
  async function reload(): Promise<{ loaded: number; skipped: number }> {
    const result = await loadInstruments(db, clock.now());
    if (hasSkips(result.skippedByReason)) {
      logger.warn({ skippedByReason: result.skippedByReason }, 'stored instruments skipped');
    }
    index = buildInstrumentIndex(result.entries);
    loaded = true;
    return { loaded: result.entries.length, skipped: result.skipped };
  }

  async function download(now: number): Promise<RefreshResult> {
    const answer = await broker.getInstruments();
    if (!answer.ok) {
      const failure = answer.error;
      logger.warn({ failure }, 'instrument master download failed; keeping the cache');
      const message = `instrument master download failed: ${failure.code} ${failure.message}`;
      return { ok: false, error: { code: 'DOWNLOAD_FAILED', failure, message } };
    }
    const screened = screenInstruments(answer.value);
    if (screened.valid.length === 0) {
      logger.warn({ skippedByReason: screened.skippedByReason }, 'instrument master unusable');
      return {
        ok: false,
        error: {
          code: 'NOTHING_VALID',
          downloaded: answer.value.length,
          skippedByReason: screened.skippedByReason,
          message: `none of the ${answer.value.length} downloaded instruments is valid`,
        },
      };
    }
    const stored = await storeInstruments(db, {
      instruments: screened.valid,
      downloaded: answer.value.length,
      skipped: screened.skipped,
      skippedByReason: screened.skippedByReason,
      at: now,
    });
    refreshedAt = now;
    const { loaded: count } = await reload();
    logger.info({ ...stored, loaded: count }, 'instrument master refreshed');
    return { ok: true, value: { refreshed: true, refreshedAt: now, loaded: count, stored } };
  }

  async function refreshIfStale(): Promise<RefreshResult> {
    const now = clock.now();
    refreshedAt ??= await readLastRefresh(db);
    if (refreshedAt === null || isRefreshDue(refreshedAt, now)) return download(now);
    const count = loaded ? index.all().length : (await reload()).loaded;
    return { ok: true, value: { refreshed: false, refreshedAt, loaded: count } };
  }

  function bySymbol(key: string): IndexedInstrument | undefined {
    const parsed = parseSymbolKey(key);
    return parsed === null ? undefined : index.bySymbol(parsed.exchange, parsed.tradingSymbol);
  }

  return {
    refreshIfStale: () => {
      // One download at a time: a second caller waits for the first one's answer.
      refreshing ??= refreshIfStale().finally(() => {
        refreshing = null;
      });
      return refreshing;
    },
    load: async () => {
      const counts = await reload();
      refreshedAt = await readLastRefresh(db);
      return { ...counts, refreshedAt };
    },
    byToken: (token) => index.byToken(token)?.instrument,
    bySymbol: (key) => bySymbol(key)?.instrument,
    requireByToken: (token) => {
      const entry = index.byToken(token);
      return entry === undefined
        ? { ok: false, error: unknownToken(token) }
        : { ok: true, value: entry.instrument };
    },
    requireBySymbol: (key) => {
      if (parseSymbolKey(key) === null) {
        const message = `"${key}" is not EXCHANGE:SYMBOL`;
        return { ok: false, error: { code: 'INVALID_SYMBOL_KEY', key, message } };
      }
      const entry = bySymbol(key);
      return entry === undefined
        ? { ok: false, error: { code: 'UNKNOWN_SYMBOL', key, message: `no instrument ${key}` } }
        : { ok: true, value: entry.instrument };
    },
    idOf: (token) => index.byToken(token)?.id,
    requireIdOf: (token) => {
      const entry = index.byToken(token);
      return entry === undefined
        ? { ok: false, error: unknownToken(token) }
        : { ok: true, value: entry.id };
    },
    all: () => index.all(),
    refreshedAt: () => refreshedAt,
  };
}
