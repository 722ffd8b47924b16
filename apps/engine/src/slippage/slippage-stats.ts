import { istParts } from '@kavach/domain';

/** One sample as statistics read it (the shape @kavach/db's selectSlippageSamplesSince gives). */
export interface SlippageStatInput {
  readonly strategy: string;
  readonly exchange: string;
  readonly tradingSymbol: string;
  readonly check: 'ACCEPTED' | 'REPRICED' | 'REJECTED';
  readonly breach: boolean;
  /** Per unit, fill against signal; positive is adverse. Null until the first fill. */
  readonly slippagePaise: number | null;
  readonly slippageBps: number | null;
  readonly favourable: boolean | null;
  readonly signalAt: Date;
  readonly validatedAt: Date;
  readonly sentAt: Date | null;
  readonly ackAt: Date | null;
  readonly firstFillAt: Date | null;
  /** Signal to first fill, as measured when it was recorded. */
  readonly totalMs: number | null;
}

export interface Percentiles {
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}

export interface SlippageBucketStats {
  readonly count: number;
  /** Samples with a first fill. */
  readonly filled: number;
  readonly accepted: number;
  readonly repriced: number;
  readonly rejected: number;
  readonly breaches: number;
  /** Slippage over filled samples; positive is adverse; null without a fill. */
  readonly meanBps: number | null;
  readonly p50Bps: number | null;
  readonly p95Bps: number | null;
  /** The same in points (rupees per unit), for display. */
  readonly meanPoints: number | null;
  readonly p50Points: number | null;
  readonly p95Points: number | null;
  /** Share of filled samples that filled better than the signal; null without a fill. */
  readonly favourableShare: number | null;
  readonly latencyMs: {
    /** Signal to validated. */
    readonly validation: Percentiles;
    /** Validated to sent. */
    readonly send: Percentiles;
    /** Sent to the broker's acknowledgement. */
    readonly ack: Percentiles;
    /** Acknowledgement to first fill. */
    readonly fill: Percentiles;
    /** Signal to first fill. */
    readonly total: Percentiles;
  };
}

export interface SlippageStats {
  readonly overall: SlippageBucketStats;
  readonly byStrategy: Readonly<Record<string, SlippageBucketStats>>;
  /** Keyed 'EXCHANGE:TRADINGSYMBOL', as Kite writes instruments. */
  readonly byInstrument: Readonly<Record<string, SlippageBucketStats>>;
  /** Keyed by the IST hour of the signal, 'HH:00'. */
  readonly byHour: Readonly<Record<string, SlippageBucketStats>>;
}

export interface SlippageStatsOptions {
  /** Hours are bucketed in IST, the exchange's time; the only zone supported. */
  readonly timeZone?: 'Asia/Kolkata';
}

/**
 * Value at percentile `p` (0-100] of ascending `sorted`, by nearest rank: the smallest value
 * with at least p% of the values at or below it. Null for no values.
 */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

export function computeSlippageStats(
  samples: readonly SlippageStatInput[],
  _options: SlippageStatsOptions = {},
): SlippageStats {
  return {
    overall: bucketStats(samples),
    byStrategy: grouped(samples, (s) => s.strategy),
    byInstrument: grouped(samples, (s) => `${s.exchange}:${s.tradingSymbol}`),
    byHour: grouped(
      samples,
      (s) => `${String(istParts(s.signalAt.getTime()).hour).padStart(2, '0')}:00`,
    ),
  };
}

function grouped(
  samples: readonly SlippageStatInput[],
  keyOf: (sample: SlippageStatInput) => string,
): Record<string, SlippageBucketStats> {
  const groups = new Map<string, SlippageStatInput[]>();
  for (const sample of samples) {
    const key = keyOf(sample);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [sample]);
    else group.push(sample);
  }
  const keys = [...groups.keys()].sort();
  return Object.fromEntries(keys.map((key) => [key, bucketStats(groups.get(key) ?? [])]));
}

function bucketStats(samples: readonly SlippageStatInput[]): SlippageBucketStats {
  const filled = samples.filter((s) => s.firstFillAt !== null);
  const bps = ascending(filled.map((s) => s.slippageBps));
  const points = ascending(
    filled.map((s) => (s.slippagePaise === null ? null : s.slippagePaise / 100)),
  );
  const measured = filled.filter((s) => s.favourable !== null);
  return {
    count: samples.length,
    filled: filled.length,
    accepted: samples.filter((s) => s.check === 'ACCEPTED').length,
    repriced: samples.filter((s) => s.check === 'REPRICED').length,
    rejected: samples.filter((s) => s.check === 'REJECTED').length,
    breaches: samples.filter((s) => s.breach).length,
    meanBps: mean(bps),
    p50Bps: nearestRank(bps, 50),
    p95Bps: nearestRank(bps, 95),
    meanPoints: mean(points),
    p50Points: nearestRank(points, 50),
    p95Points: nearestRank(points, 95),
    favourableShare:
      measured.length === 0
        ? null
        : measured.filter((s) => s.favourable === true).length / measured.length,
    latencyMs: {
      validation: percentiles(samples.map((s) => between(s.signalAt, s.validatedAt))),
      send: percentiles(samples.map((s) => between(s.validatedAt, s.sentAt))),
      ack: percentiles(samples.map((s) => between(s.sentAt, s.ackAt))),
      fill: percentiles(samples.map((s) => between(s.ackAt, s.firstFillAt))),
      total: percentiles(samples.map((s) => s.totalMs ?? between(s.signalAt, s.firstFillAt))),
    },
  };
}

function between(from: Date | null, to: Date | null): number | null {
  return from === null || to === null ? null : to.getTime() - from.getTime();
}

function ascending(values: readonly (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;
}

function percentiles(values: readonly (number | null)[]): Percentiles {
  const sorted = ascending(values);
  return {
    p50: nearestRank(sorted, 50),
    p95: nearestRank(sorted, 95),
    p99: nearestRank(sorted, 99),
  };
}
