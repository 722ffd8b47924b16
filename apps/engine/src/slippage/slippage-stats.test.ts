import type { SlippageStatRow } from '@kavach/db';
import { atIst } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { type SlippageStatInput, computeSlippageStats, nearestRank } from './slippage-stats';

const DAY = '2026-11-24';

function sample(overrides: Partial<SlippageStatInput> = {}): SlippageStatInput {
  const signalAt = new Date(atIst('09:15', DAY));
  return {
    strategy: 'orb',
    exchange: 'NSE',
    tradingSymbol: 'INFY',
    check: 'ACCEPTED',
    breach: false,
    slippagePaise: null,
    slippageBps: null,
    favourable: null,
    signalAt,
    validatedAt: signalAt,
    sentAt: null,
    ackAt: null,
    firstFillAt: null,
    totalMs: null,
    ...overrides,
  };
}

const after = (from: Date, ms: number) => new Date(from.getTime() + ms);

/**
 * Twenty filled orb samples on NSE:INFY, i = 1..20, given out of order: slippage i bps and
 * 5i paise, favourable for i <= 5; signal at 09:15 + 5(i-1) min IST; validation i ms, send
 * 2i ms, ack 10 ms, fill 100i ms. Then a vwap refusal on NFO (validation 100 ms) and a vwap
 * repricing on NSE:INFY that was sent and acknowledged but never filled (100, 50, 30 ms),
 * both at 14:59 IST.
 */
function fixture(): SlippageStatInput[] {
  const order = [7, 20, 1, 13, 5, 18, 2, 11, 9, 16, 3, 14, 6, 19, 10, 4, 17, 8, 15, 12];
  const filled = order.map((i) => {
    const signalAt = new Date(atIst('09:15', DAY) + (i - 1) * 300_000);
    const validatedAt = after(signalAt, i);
    const sentAt = after(validatedAt, 2 * i);
    const ackAt = after(sentAt, 10);
    const firstFillAt = after(ackAt, 100 * i);
    return sample({
      signalAt,
      validatedAt,
      sentAt,
      ackAt,
      firstFillAt,
      totalMs: firstFillAt.getTime() - signalAt.getTime(),
      slippageBps: i,
      slippagePaise: 5 * i,
      favourable: i <= 5,
    });
  });
  const late = new Date(atIst('14:59', DAY));
  return [
    ...filled,
    sample({
      strategy: 'vwap',
      exchange: 'NFO',
      tradingSymbol: 'NIFTY25NOV24500CE',
      check: 'REJECTED',
      breach: true,
      signalAt: late,
      validatedAt: after(late, 100),
    }),
    sample({
      strategy: 'vwap',
      check: 'REPRICED',
      signalAt: late,
      validatedAt: after(late, 200),
      sentAt: after(late, 250),
      ackAt: after(late, 280),
    }),
  ];
}

describe('nearestRank', () => {
  const oneToTwenty = Array.from({ length: 20 }, (_, i) => i + 1);

  it('takes the smallest value with p% of values at or below it', () => {
    expect(nearestRank(oneToTwenty, 50)).toBe(10);
    expect(nearestRank(oneToTwenty, 95)).toBe(19);
    expect(nearestRank(oneToTwenty, 99)).toBe(20);
    expect(nearestRank(oneToTwenty, 100)).toBe(20);
    expect(nearestRank(oneToTwenty, 5)).toBe(1);
    expect(nearestRank([4, 8, 15, 16, 23, 42], 50)).toBe(15);
  });

  it('gives the only value, or null for none', () => {
    expect(nearestRank([7], 1)).toBe(7);
    expect(nearestRank([7], 99)).toBe(7);
    expect(nearestRank([], 50)).toBeNull();
  });
});

describe('computeSlippageStats', () => {
  const stats = computeSlippageStats(fixture(), { timeZone: 'Asia/Kolkata' });

  it('counts outcomes and fills', () => {
    expect(stats.overall).toMatchObject({
      count: 22,
      filled: 20,
      accepted: 20,
      repriced: 1,
      rejected: 1,
      breaches: 1,
    });
  });

  it('takes slippage from filled samples only, in bps and points', () => {
    expect(stats.overall).toMatchObject({
      meanBps: 10.5,
      p50Bps: 10,
      p95Bps: 19,
      p50Points: 0.5,
      p95Points: 0.95,
      favourableShare: 0.25,
    });
    expect(stats.overall.meanPoints).toBeCloseTo(0.525, 10);
  });

  it('measures each step of the way', () => {
    expect(stats.overall.latencyMs).toEqual({
      // 1..20, 100, 200
      validation: { p50: 11, p95: 100, p99: 200 },
      // 2, 4, .. 40, 50
      send: { p50: 22, p95: 40, p99: 50 },
      // twenty 10s and a 30
      ack: { p50: 10, p95: 10, p99: 30 },
      fill: { p50: 1000, p95: 1900, p99: 2000 },
      // 103i + 10
      total: { p50: 1040, p95: 1967, p99: 2070 },
    });
  });

  it('groups by strategy and by exchange:symbol', () => {
    expect(Object.keys(stats.byStrategy)).toEqual(['orb', 'vwap']);
    expect(stats.byStrategy.orb).toMatchObject({ count: 20, filled: 20, p95Bps: 19 });
    expect(stats.byStrategy.vwap).toMatchObject({
      count: 2,
      filled: 0,
      meanBps: null,
      p50Bps: null,
      favourableShare: null,
    });
    expect(stats.byStrategy.vwap?.latencyMs.fill).toEqual({ p50: null, p95: null, p99: null });
    expect(Object.keys(stats.byInstrument)).toEqual(['NFO:NIFTY25NOV24500CE', 'NSE:INFY']);
    expect(stats.byInstrument['NSE:INFY']).toMatchObject({ count: 21, repriced: 1 });
  });

  it('buckets by the IST hour of the signal', () => {
    expect(Object.keys(stats.byHour)).toEqual(['09:00', '10:00', '14:00']);
    // i = 1..9 signalled 09:15..09:55 IST (03:45..04:25 UTC).
    expect(stats.byHour['09:00']).toMatchObject({
      count: 9,
      p50Bps: 5,
      p95Bps: 9,
      meanBps: 5,
      favourableShare: 5 / 9,
    });
    expect(stats.byHour['10:00']).toMatchObject({ count: 11, p50Bps: 15, favourableShare: 0 });
    expect(stats.byHour['14:00']).toMatchObject({ count: 2, rejected: 1 });
  });

  it('derives the total from the timestamps when no totalMs was stored', () => {
    const signalAt = new Date(atIst('11:00', DAY));
    const one = computeSlippageStats([
      sample({ signalAt, validatedAt: signalAt, firstFillAt: after(signalAt, 420) }),
    ]);
    expect(one.overall.latencyMs.total.p50).toBe(420);
    expect(one.overall.latencyMs.ack.p50).toBeNull();
  });

  it('gives nulls and empty groups for no samples', () => {
    const empty = computeSlippageStats([]);
    expect(empty.overall).toMatchObject({
      count: 0,
      filled: 0,
      meanBps: null,
      p95Bps: null,
      meanPoints: null,
      favourableShare: null,
    });
    expect(empty.overall.latencyMs.total).toEqual({ p50: null, p95: null, p99: null });
    expect(empty.byStrategy).toEqual({});
    expect(empty.byHour).toEqual({});
  });

  it("takes the database's rows as they are", () => {
    const rows: SlippageStatRow[] = [];
    expect(computeSlippageStats(rows).overall.count).toBe(0);
  });
});
