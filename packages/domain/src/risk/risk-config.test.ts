import { describe, expect, it } from 'vitest';
import { paise } from '../money/paise';
import { DEFAULT_RISK_CONFIG, validateRiskConfig } from './risk-config';
import type { RiskConfig } from './risk-config';
import { computeDailyLossLimit, computeHeatLimit, computePerTradeRiskCap } from './risk-limits';

function issuesOf(patch: Partial<RiskConfig>): readonly string[] {
  return validateRiskConfig({ ...DEFAULT_RISK_CONFIG, ...patch });
}

describe('DEFAULT_RISK_CONFIG', () => {
  it('is valid', () => {
    expect(validateRiskConfig(DEFAULT_RISK_CONFIG)).toEqual([]);
  });

  it('gives 1 % per trade, 6 % heat and a 3 % daily stop', () => {
    const capital = paise(10_00_000_00);
    expect(computePerTradeRiskCap(DEFAULT_RISK_CONFIG, capital)).toBe(10_000_00);
    expect(computeHeatLimit(DEFAULT_RISK_CONFIG, capital)).toBe(60_000_00);
    expect(computeDailyLossLimit(DEFAULT_RISK_CONFIG, capital)).toBe(30_000_00);
    expect(DEFAULT_RISK_CONFIG.maxOpenPositions).toBe(5);
    expect(DEFAULT_RISK_CONFIG.entryWindow).toEqual({ start: '09:20', end: '15:00' });
  });
});

describe('validateRiskConfig', () => {
  it.each<[string, Partial<RiskConfig>, string]>([
    [
      'no per-trade cap',
      { perTradeRiskBps: null, perTradeRiskPaise: null },
      'per-trade risk cap is required',
    ],
    [
      'no daily stop',
      { dailyLossStopBps: null, dailyLossStopPaise: null },
      'daily loss stop is required',
    ],
    ['zero per-trade bps', { perTradeRiskBps: 0 }, 'perTradeRiskBps'],
    ['fractional per-trade bps', { perTradeRiskBps: 1.5 }, 'perTradeRiskBps'],
    ['per-trade bps above 100 %', { perTradeRiskBps: 10_001 }, 'perTradeRiskBps'],
    ['zero absolute cap', { perTradeRiskPaise: paise(0) }, 'perTradeRiskPaise'],
    ['heat above 100 %', { portfolioHeatBps: 20_000 }, 'portfolioHeatBps'],
    ['negative daily bps', { dailyLossStopBps: -300 }, 'dailyLossStopBps'],
    ['negative daily amount', { dailyLossStopPaise: paise(-1) }, 'dailyLossStopPaise'],
    ['zero positions', { maxOpenPositions: 0 }, 'maxOpenPositions'],
    ['fractional max quantity', { maxQuantityPerOrder: 2.5 }, 'maxQuantityPerOrder'],
    ['zero max notional', { maxNotionalPerOrder: paise(0) }, 'maxNotionalPerOrder'],
    [
      'window ending before it starts',
      { entryWindow: { start: '15:00', end: '09:20' } },
      'entryWindow',
    ],
    ['empty window', { entryWindow: { start: '10:00', end: '10:00' } }, 'entryWindow'],
    ['malformed window', { entryWindow: { start: '9:20', end: '15:00' } }, 'entryWindow'],
  ])('reports %s', (_name, patch, fragment) => {
    const issues = issuesOf(patch);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toContain(fragment);
  });

  it('accepts absolute-only caps and stops', () => {
    expect(
      issuesOf({
        perTradeRiskBps: null,
        perTradeRiskPaise: paise(2_000_00),
        dailyLossStopBps: null,
        dailyLossStopPaise: paise(6_000_00),
      }),
    ).toEqual([]);
  });

  it('reports several problems at once', () => {
    expect(issuesOf({ maxOpenPositions: 0, portfolioHeatBps: 0 })).toHaveLength(2);
  });
});

describe('risk limits', () => {
  it('round limits down to the paisa, never up', () => {
    // 1 % of ₹999.99 is 999.99 paise.
    const config = { ...DEFAULT_RISK_CONFIG, perTradeRiskBps: 100 };
    expect(computePerTradeRiskCap(config, paise(99_999))).toBe(999);
  });

  it('take the smaller of the percent and absolute forms', () => {
    const config = {
      ...DEFAULT_RISK_CONFIG,
      perTradeRiskPaise: paise(4_000_00),
      dailyLossStopPaise: paise(20_000_00),
    };
    const capital = paise(5_00_000_00);
    expect(computePerTradeRiskCap(config, capital)).toBe(4_000_00);
    expect(computeDailyLossLimit(config, capital)).toBe(15_000_00);
  });

  it('refuse a config with neither form of a limit', () => {
    const config = { ...DEFAULT_RISK_CONFIG, perTradeRiskBps: null };
    expect(() => computePerTradeRiskCap(config, paise(100))).toThrow(RangeError);
  });
});
