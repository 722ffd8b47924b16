import { hasAtMostTwoDecimals, percentToBps, rupeesToWholePaise } from '@kavach/config';
import type { Paise, SlippageTolerance } from '@kavach/domain';
import { canonicalJson, configSha } from '@kavach/domain';
import { z } from 'zod';

const twoDecimals = (what: string) =>
  z
    .number()
    .nonnegative()
    .refine(hasAtMostTwoDecimals, { message: `${what} takes at most two decimals` });

/**
 * The slippage manager's settings, in the units traders write (percent, points = rupees,
 * milliseconds). Every field is optional in a request; the defaults are the documented ones.
 */
export const slippageConfigSchema = z
  .object({
    /** Most adverse slippage a quote may show against the signal before the order is refused. */
    maxSlippagePct: twoDecimals('maxSlippagePct').max(10).default(0.5),
    /** The same in points (rupees per unit), for NIFTY options. */
    maxSlippagePoints: twoDecimals('maxSlippagePoints').max(10_000).default(10),
    /** Signal received → order acknowledged by the broker; slower counts as a breach. */
    maxLatencyMs: z.number().int().min(1).max(60_000).default(500),
    /** Beyond this drift (within tolerance) the entry is re-priced to the market. */
    requotePct: twoDecimals('requotePct').max(10).default(0.3),
    /** A partly filled entry whose rest the market has left by more than this is cut. */
    partialFillPct: twoDecimals('partialFillPct').max(10).default(0.2),
    /** This many breaches within the window pause new entries. */
    breachesToPause: z.number().int().min(1).max(100).default(3),
    breachWindowMinutes: z.number().int().min(1).max(1_440).default(15),
    /** A last price older than this is not a live price: the order waits for one or is refused. */
    maxQuoteAgeMs: z.number().int().min(100).max(600_000).default(5_000),
  })
  .strict()
  .refine((c) => c.requotePct <= c.maxSlippagePct, {
    message:
      'requotePct must not exceed maxSlippagePct (a requote past the tolerance is a refusal)',
    path: ['requotePct'],
  });

export type SlippageConfig = z.output<typeof slippageConfigSchema>;

export const DEFAULT_SLIPPAGE_CONFIG: SlippageConfig = slippageConfigSchema.parse({});

/** The config in the domain's units. */
export interface SlippageLimits {
  readonly tolerance: SlippageTolerance;
  readonly maxLatencyMs: number;
  readonly partialFillBps: number;
  readonly breachesToPause: number;
  readonly breachWindowMs: number;
  readonly maxQuoteAgeMs: number;
}

export function toSlippageLimits(config: SlippageConfig): SlippageLimits {
  return {
    tolerance: {
      maxBps: percentToBps(config.maxSlippagePct),
      maxPerUnit: rupeesToWholePaise(config.maxSlippagePoints) satisfies Paise,
      requoteBps: percentToBps(config.requotePct),
    },
    maxLatencyMs: config.maxLatencyMs,
    partialFillBps: percentToBps(config.partialFillPct),
    breachesToPause: config.breachesToPause,
    breachWindowMs: config.breachWindowMinutes * 60_000,
    maxQuoteAgeMs: config.maxQuoteAgeMs,
  };
}

export interface VersionedSlippageConfig {
  readonly config: SlippageConfig;
  readonly sha: string;
  readonly canonicalJson: string;
}

export function versionSlippageConfig(config: SlippageConfig): VersionedSlippageConfig {
  return { config, sha: configSha(config), canonicalJson: canonicalJson(config) };
}
