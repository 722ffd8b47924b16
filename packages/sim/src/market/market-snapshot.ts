import type { Paise } from '@kavach/domain';
import type { Slot } from './market-slot';

/** The format of MarketSnapshot; a restore refuses any other. */
export const MARKET_SNAPSHOT_VERSION = 1;

/** The day's state of one instrument: everything a quote is built from. */
export interface SlotSnapshot {
  readonly token: number;
  readonly previousClose: Paise;
  readonly level: number;
  readonly last: Paise;
  readonly lastQuantity: number;
  readonly lastTradeTime: number;
  readonly updatedAt: number;
  readonly open: Paise;
  readonly high: Paise;
  readonly low: Paise;
  readonly traded: boolean;
  readonly volume: number;
  readonly turnover: number;
  readonly oi: number;
  readonly oiHigh: number;
  readonly oiLow: number;
  readonly lower: Paise;
  readonly upper: Paise;
  readonly version: number;
}

/**
 * A market as plain JSON-serialisable data: the generator's random state and every
 * instrument's state at `time`. createMarket({ restore }) continues from it exactly as the
 * saved market would have gone on (same seed, date, universe and scenario required).
 */
export interface MarketSnapshot {
  readonly version: typeof MARKET_SNAPSHOT_VERSION;
  readonly seed: number;
  readonly sessionDate: string;
  readonly stepMs: number;
  /** The scenario's name, or null for the generator alone. */
  readonly scenario: string | null;
  /** The instant the market had been advanced to. */
  readonly time: number;
  readonly advanced: boolean;
  /** The next generator step to run. */
  readonly nextStep: number;
  readonly random: { readonly generator: readonly number[]; readonly spare: number | null };
  /** In universe order. */
  readonly slots: readonly SlotSnapshot[];
}

export function captureSlot(slot: Slot): SlotSnapshot {
  return {
    token: slot.instrument.token,
    previousClose: slot.previousClose,
    level: slot.level,
    last: slot.last,
    lastQuantity: slot.lastQuantity,
    lastTradeTime: slot.lastTradeTime,
    updatedAt: slot.updatedAt,
    open: slot.open,
    high: slot.high,
    low: slot.low,
    traded: slot.traded,
    volume: slot.volume,
    turnover: slot.turnover,
    oi: slot.oi,
    oiHigh: slot.oiHigh,
    oiLow: slot.oiLow,
    lower: slot.lower,
    upper: slot.upper,
    version: slot.version,
  };
}

export function restoreSlot(slot: Slot, saved: SlotSnapshot): void {
  slot.previousClose = saved.previousClose;
  slot.level = saved.level;
  slot.last = saved.last;
  slot.lastQuantity = saved.lastQuantity;
  slot.lastTradeTime = saved.lastTradeTime;
  slot.updatedAt = saved.updatedAt;
  slot.open = saved.open;
  slot.high = saved.high;
  slot.low = saved.low;
  slot.traded = saved.traded;
  slot.volume = saved.volume;
  slot.turnover = saved.turnover;
  slot.oi = saved.oi;
  slot.oiHigh = saved.oiHigh;
  slot.oiLow = saved.oiLow;
  slot.lower = saved.lower;
  slot.upper = saved.upper;
  slot.version = saved.version;
  slot.quote = null;
  slot.book = null;
}

/** Refuses a snapshot of another format, day, seed, universe or scenario: guessing is worse. */
export function checkMarketSnapshot(
  saved: MarketSnapshot,
  expected: {
    readonly seed: number;
    readonly sessionDate: string;
    readonly stepMs: number;
    readonly scenario: string | null;
    readonly tokens: readonly number[];
  },
): void {
  const version = (saved as { readonly version?: unknown }).version;
  if (version !== MARKET_SNAPSHOT_VERSION) {
    throw new RangeError(
      `unknown market snapshot version ${String(version)} (this build reads ${MARKET_SNAPSHOT_VERSION})`,
    );
  }
  const mismatch = (what: string, got: unknown, want: unknown): never => {
    throw new RangeError(
      `market snapshot is for ${what} ${String(got)}, not ${String(want)}: cannot restore it`,
    );
  };
  if (saved.seed !== expected.seed) mismatch('seed', saved.seed, expected.seed);
  if (saved.sessionDate !== expected.sessionDate) {
    mismatch('session', saved.sessionDate, expected.sessionDate);
  }
  if (saved.stepMs !== expected.stepMs) mismatch('step', saved.stepMs, expected.stepMs);
  if (saved.scenario !== expected.scenario) {
    mismatch('scenario', saved.scenario, expected.scenario);
  }
  // A snapshot read from a file may lack anything: check what the restore relies on.
  const loose = saved as Partial<MarketSnapshot>;
  const slots: readonly Partial<SlotSnapshot>[] = Array.isArray(loose.slots) ? loose.slots : [];
  const tokens = slots.map((slot) => slot.token);
  if (
    tokens.length !== expected.tokens.length ||
    tokens.some((token, i) => token !== expected.tokens[i])
  ) {
    throw new RangeError('market snapshot lists other instruments than this universe');
  }
  if (!Array.isArray(loose.random?.generator)) {
    throw new RangeError('market snapshot has no random generator state');
  }
}
