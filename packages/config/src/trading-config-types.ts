import type { EntryWindow, Paise, RiskConfig } from '@kavach/domain';
import type { TradingConfigFile } from './trading-config-schema';

/**
 * The trading config after parsing, in the domain's units: money in integer paise, shares of
 * a price or of capital in integer basis points (1 % = 100 bps), times as 'HH:MM' IST. Every
 * field is present (null where "not set"), so the canonical JSON, and the SHA every decision
 * records, covers the whole effective config, defaults included.
 */
export interface TradingConfig {
  /** The capital risk percentages are taken of. */
  readonly capital: Paise;
  readonly risk: RiskConfig;
  readonly eod: EodConfig;
  /** Instruments to scan, as 'EXCHANGE:TRADINGSYMBOL' (Kite's notation). */
  readonly universe: readonly string[];
  readonly orders: OrdersConfig;
  readonly scan: ScanConfig;
  readonly strategies: StrategiesConfig;
}

export interface EodConfig {
  /** No new entry from this time on, whatever the risk entry window says. */
  readonly noNewEntriesAfter: string;
  /** Every open intraday position is closed from this time on. */
  readonly squareOffAt: string;
}

export const ENTRY_ORDER_TYPES = ['LIMIT', 'MARKET'] as const;
export type EntryOrderType = (typeof ENTRY_ORDER_TYPES)[number];

export const STOP_ORDER_TYPES = ['SL', 'SL-M'] as const;
export type StopOrderType = (typeof STOP_ORDER_TYPES)[number];

export interface OrdersConfig {
  readonly product: 'MIS';
  readonly entryOrderType: EntryOrderType;
  /**
   * Kite's market_protection, in percent as the API takes it (-1 = the broker's automatic
   * value). Kite refuses MARKET and SL-M orders sent through the API without it.
   */
  readonly marketProtectionPct: number;
  readonly stopOrderType: StopOrderType;
  /** SL orders: how far beyond the trigger the limit price sits, in bps of the trigger. */
  readonly stopLimitBufferBps: number;
}

export interface ScanConfig {
  /** Most new signals taken in one scan cycle, best score first. */
  readonly maxSignalsPerCycle: number;
  /** Signals scoring below this (0..1) are recorded but not traded. */
  readonly minScore: number;
}

export const ORB_ENTRY_MODES = ['close', 'rangeEdge'] as const;
export type OrbEntryMode = (typeof ORB_ENTRY_MODES)[number];

export const ORB_STOP_MODES = ['opposite', 'midpoint'] as const;
export type OrbStopMode = (typeof ORB_STOP_MODES)[number];

/** Opening-range breakout. */
export interface OrbConfig {
  readonly enabled: boolean;
  /** The opening range is the high and low of the first this-many minutes from 09:15. */
  readonly rangeMinutes: number;
  /** Breakouts are taken only when the scan runs inside this window (IST, end exclusive). */
  readonly window: EntryWindow;
  /** The breakout bar's volume must be at least this multiple of the range's mean bar volume. */
  readonly volumeMultiple: number;
  /** Range width bounds, in bps of the range midpoint: narrower is noise, wider is risk. */
  readonly minRangeBps: number;
  readonly maxRangeBps: number;
  /** Enter at the breakout bar's close, or at the range edge plus a buffer. */
  readonly entry: OrbEntryMode;
  readonly entryBufferBps: number;
  /** Stop at the other side of the range, or at its midpoint. */
  readonly stopAt: OrbStopMode;
  /** The stop is pulled closer when it would be further than this from the entry. */
  readonly maxStopBps: number;
  /** Targets as multiples of the risk (entry to stop). */
  readonly tp1R: number;
  readonly tp2R: number;
}

/** Trend pullback to the fast EMA or the session VWAP. */
export interface VwapEmaConfig {
  readonly enabled: boolean;
  readonly fastPeriod: number;
  readonly slowPeriod: number;
  /** No signal before this many bars of the session have closed. */
  readonly minBars: number;
  readonly window: EntryWindow;
  /** The pullback must have touched the fast EMA or VWAP within the last this-many bars. */
  readonly pullbackBars: number;
  /** "Touched" means came within this distance, in bps of the level. */
  readonly touchToleranceBps: number;
  /** Smallest EMA spread (fast vs slow, bps of the slow) that counts as a trend. */
  readonly minTrendBps: number;
  /** The stop sits this many ticks beyond the pullback's extreme. */
  readonly stopBufferTicks: number;
  /** The stop is at least this far from the entry: in ticks and in bps, whichever is larger. */
  readonly minStopTicks: number;
  readonly minStopBps: number;
  /** A pullback deeper than this (entry to stop, bps of entry) gives no signal. */
  readonly maxStopBps: number;
  /** After a signal, the instrument gives no other for this many minutes. */
  readonly cooldownMinutes: number;
  readonly tp1R: number;
  readonly tp2R: number;
}

export interface StrategiesConfig {
  readonly orb: OrbConfig;
  readonly vwap_ema: VwapEmaConfig;
}

export type TradingConfigResult =
  | {
      readonly ok: true;
      readonly config: TradingConfig;
      /** configSha over canonicalJson: the identity every signal and decision records. */
      readonly sha: string;
      readonly canonicalJson: string;
      /**
       * The config as the file writes it (rupees and percent), every default filled in: what
       * a person edits, and what buildTradingConfig turns into `config` again.
       */
      readonly file: TradingConfigFile;
    }
  | { readonly ok: false; readonly errors: readonly string[] };
