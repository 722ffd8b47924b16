import { atIst } from '@kavach/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Percentiles,
  type SlippageBucketStats,
  type SlippageStatInput,
  computeSlippageStats,
} from './slippage-stats';

const OPEN = atIst('09:15', '2026-11-24');
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const sampleArb: fc.Arbitrary<SlippageStatInput> = fc
  .record({
    strategy: fc.constantFrom('orb', 'vwap', 'webhook'),
    symbol: fc.constantFrom('INFY', 'TCS', 'NIFTY25NOV24500CE'),
    check: fc.constantFrom('ACCEPTED' as const, 'REPRICED' as const, 'REJECTED' as const),
    breach: fc.boolean(),
    startMs: fc.integer({ min: 0, max: 6 * 3_600_000 }),
    validationMs: fc.integer({ min: 0, max: 500 }),
    sendMs: maybe(fc.integer({ min: 0, max: 500 })),
    ackMs: maybe(fc.integer({ min: 0, max: 2_000 })),
    fill: maybe(
      fc.record({
        ms: fc.integer({ min: 0, max: 10_000 }),
        paise: fc.integer({ min: -5_000, max: 5_000 }),
        // + 0: one zero, as -0 and 0 are different values to toEqual.
        bps: fc.double({ min: -200, max: 200, noNaN: true }).map((v) => v + 0),
        storedTotal: fc.boolean(),
      }),
    ),
  })
  .map((r): SlippageStatInput => {
    const signalAt = new Date(OPEN + r.startMs);
    const validatedAt = new Date(signalAt.getTime() + r.validationMs);
    const sentAt = r.sendMs === null ? null : new Date(validatedAt.getTime() + r.sendMs);
    const ackAt = sentAt === null || r.ackMs === null ? null : new Date(sentAt.getTime() + r.ackMs);
    const fill = ackAt === null ? null : r.fill;
    const firstFillAt = fill === null ? null : new Date(ackAt!.getTime() + fill.ms);
    return {
      strategy: r.strategy,
      exchange: r.symbol.endsWith('CE') ? 'NFO' : 'NSE',
      tradingSymbol: r.symbol,
      check: r.check,
      breach: r.breach,
      slippagePaise: fill?.paise ?? null,
      slippageBps: fill?.bps ?? null,
      favourable: fill === null ? null : fill.paise < 0,
      signalAt,
      validatedAt,
      sentAt,
      ackAt,
      firstFillAt,
      totalMs:
        firstFillAt !== null && fill?.storedTotal === true
          ? firstFillAt.getTime() - signalAt.getTime()
          : null,
    };
  });

function ordered(p: Percentiles): void {
  if (p.p50 === null) {
    expect(p).toEqual({ p50: null, p95: null, p99: null });
    return;
  }
  expect(p.p50).toBeLessThanOrEqual(p.p95!);
  expect(p.p95).toBeLessThanOrEqual(p.p99!);
}

function consistent(bucket: SlippageBucketStats): void {
  expect(bucket.accepted + bucket.repriced + bucket.rejected).toBe(bucket.count);
  expect(bucket.filled).toBeLessThanOrEqual(bucket.count);
  expect(bucket.breaches).toBeLessThanOrEqual(bucket.count);
  if (bucket.filled === 0) {
    expect(bucket.meanBps).toBeNull();
    expect(bucket.favourableShare).toBeNull();
  } else {
    expect(bucket.p50Bps).toBeLessThanOrEqual(bucket.p95Bps!);
    expect(bucket.p50Points).toBeLessThanOrEqual(bucket.p95Points!);
    expect(bucket.favourableShare).toBeGreaterThanOrEqual(0);
    expect(bucket.favourableShare).toBeLessThanOrEqual(1);
  }
  for (const step of Object.values(bucket.latencyMs)) ordered(step);
}

function countsAddUp(groups: Readonly<Record<string, SlippageBucketStats>>, total: number): void {
  expect(Object.values(groups).reduce((acc, bucket) => acc + bucket.count, 0)).toBe(total);
}

describe('slippage stats properties', () => {
  it('keeps percentiles ordered, shares in [0, 1] and counts adding up', () => {
    fc.assert(
      fc.property(fc.array(sampleArb, { maxLength: 60 }), (samples) => {
        const stats = computeSlippageStats(samples);
        expect(stats.overall.count).toBe(samples.length);
        consistent(stats.overall);
        for (const groups of [stats.byStrategy, stats.byInstrument, stats.byHour]) {
          countsAddUp(groups, samples.length);
          Object.values(groups).forEach(consistent);
        }
      }),
    );
  });

  it('bounds the mean by the extremes and reports values that occurred', () => {
    fc.assert(
      fc.property(fc.array(sampleArb, { minLength: 1, maxLength: 60 }), (samples) => {
        const { overall } = computeSlippageStats(samples);
        const bps = samples.flatMap((s) => (s.firstFillAt === null ? [] : [s.slippageBps ?? 0]));
        if (bps.length === 0) return;
        expect(overall.meanBps).toBeGreaterThanOrEqual(Math.min(...bps) - 1e-9);
        expect(overall.meanBps).toBeLessThanOrEqual(Math.max(...bps) + 1e-9);
        expect(bps).toContain(overall.p50Bps);
        expect(bps).toContain(overall.p95Bps);
      }),
    );
  });

  it('does not depend on the order of the samples', () => {
    fc.assert(
      fc.property(
        fc
          .array(sampleArb, { maxLength: 40 })
          .chain((samples) =>
            fc.tuple(
              fc.constant(samples),
              fc.shuffledSubarray(samples, { minLength: samples.length }),
            ),
          ),
        ([samples, shuffled]) => {
          const a = computeSlippageStats(samples);
          const b = computeSlippageStats(shuffled);
          expect(b.byStrategy).toEqual(a.byStrategy);
          expect(b.overall.p95Bps).toBe(a.overall.p95Bps);
          expect(b.overall.latencyMs).toEqual(a.overall.latencyMs);
        },
      ),
    );
  });
});
