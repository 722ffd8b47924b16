import { DEFAULT_RISK_CONFIG, configSha } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { buildTradingConfig, parseTradingConfig } from './trading-config';
import { DEFAULT_UNIVERSE } from './trading-config-schema';
import type { TradingConfig, TradingConfigResult } from './trading-config-types';

function configOf(result: TradingConfigResult): TradingConfig {
  if (!result.ok) throw new Error(`expected a valid config, got: ${result.errors.join('; ')}`);
  return result.config;
}

function errorsOf(result: TradingConfigResult): readonly string[] {
  if (result.ok) throw new Error('expected errors, got a valid config');
  return result.errors;
}

function shaOf(result: TradingConfigResult): string {
  if (!result.ok) throw new Error(`expected a valid config, got: ${result.errors.join('; ')}`);
  return result.sha;
}

describe('parseTradingConfig', () => {
  it('accepts an empty file and gives every default', () => {
    const config = configOf(parseTradingConfig(''));
    expect(config.capital).toBe(5_00_000_00);
    // The file's notional cap is tighter than the domain's: it fits a ₹10 lakh account's margin.
    expect(config.risk).toEqual({ ...DEFAULT_RISK_CONFIG, maxNotionalPerOrder: 2_00_000_00 });
    expect(config.eod).toEqual({ noNewEntriesAfter: '15:10', squareOffAt: '15:25' });
    expect(config.universe).toEqual(DEFAULT_UNIVERSE);
    expect(config.orders).toEqual({
      product: 'MIS',
      entryOrderType: 'LIMIT',
      marketProtectionPct: 2,
      stopOrderType: 'SL-M',
      stopLimitBufferBps: 50,
    });
    expect(config.scan).toEqual({ maxSignalsPerCycle: 3, minScore: 0.35 });
    expect(config.strategies.orb).toMatchObject({
      enabled: true,
      rangeMinutes: 15,
      window: { start: '09:30', end: '11:30' },
      minRangeBps: 25,
      maxRangeBps: 250,
    });
    expect(config.strategies.vwap_ema).toMatchObject({ fastPeriod: 9, slowPeriod: 21 });
  });

  it('treats a file of comments only, and an empty mapping, as empty', () => {
    const sha = shaOf(parseTradingConfig(''));
    expect(shaOf(parseTradingConfig('# nothing set\n'))).toBe(sha);
    expect(shaOf(parseTradingConfig('{}'))).toBe(sha);
  });

  it('converts rupees to paise and percent to basis points', () => {
    const config = configOf(
      parseTradingConfig(`
capitalRupees: 250000.5
risk:
  perTradeRiskPct: 0.75
  perTradeRiskRupees: 1500.25
  portfolioHeatPct: 4.5
  dailyLossStopPct: null
  dailyLossStopRupees: 5000
  maxNotionalPerOrderRupees: null
  maxQuantityPerOrder: 2000
strategies:
  orb: { minRangePct: 0.29, maxRangePct: 3 }
`),
    );
    expect(config.capital).toBe(2_50_000_50);
    expect(config.risk).toMatchObject({
      perTradeRiskBps: 75,
      perTradeRiskPaise: 1_500_25,
      portfolioHeatBps: 450,
      dailyLossStopBps: null,
      dailyLossStopPaise: 5_000_00,
      maxNotionalPerOrder: null,
      maxQuantityPerOrder: 2000,
    });
    expect(config.strategies.orb.minRangeBps).toBe(29);
    expect(config.strategies.orb.maxRangeBps).toBe(300);
  });

  it('reads JSON as well as YAML', () => {
    const yaml = parseTradingConfig('risk:\n  portfolioHeatPct: 5\n');
    const json = parseTradingConfig('{ "risk": { "portfolioHeatPct": 5 } }');
    expect(shaOf(json)).toBe(shaOf(yaml));
  });

  it('names the path of each bad field', () => {
    const errors = errorsOf(
      parseTradingConfig(`
risk:
  portfolioHeatPct: 150
  maxOpenPositions: 2.5
orders:
  entryOrderType: STOP
universe: [NSE:INFY, INFY]
scan: { minScore: 2 }
`),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        'risk.portfolioHeatPct: must be ≤ 100',
        'risk.maxOpenPositions: must be a whole number',
        'orders.entryOrderType: must be LIMIT or MARKET',
        expect.stringMatching(/^universe\[1\]: must be EXCHANGE:SYMBOL/),
        'scan.minScore: must be ≤ 1',
      ]),
    );
    expect(errors).toHaveLength(5);
  });

  it('refuses misspelt settings rather than ignoring them', () => {
    expect(errorsOf(parseTradingConfig('risk:\n  portfolioHeatPc: 2\n'))).toEqual([
      'risk.portfolioHeatPc: unknown setting',
    ]);
    expect(errorsOf(parseTradingConfig('strategy: {}\n'))).toEqual(['strategy: unknown setting']);
  });

  it('refuses fractions of a paisa and of a basis point instead of rounding them', () => {
    expect(errorsOf(parseTradingConfig('capitalRupees: 100000.005\n'))).toEqual([
      'capitalRupees: must be whole paise (at most 2 decimals)',
    ]);
    expect(errorsOf(parseTradingConfig('risk: { perTradeRiskPct: 0.125 }\n'))).toEqual([
      'risk.perTradeRiskPct: must have at most 2 decimals',
    ]);
  });

  it('refuses wrong types with the path', () => {
    expect(errorsOf(parseTradingConfig('capitalRupees: "5 lakh"\n'))).toEqual([
      'capitalRupees: must be a number',
    ]);
    expect(errorsOf(parseTradingConfig('- a\n- b\n'))).toEqual([
      '(root): must be a mapping of settings',
    ]);
    expect(errorsOf(parseTradingConfig('risk:\n  entryWindow: { start: "9:20" }\n'))).toEqual([
      'risk.entryWindow.start: must be HH:MM (24-hour, IST)',
    ]);
  });

  it('requires a per-trade cap and a daily loss stop in one of their forms', () => {
    const errors = errorsOf(
      parseTradingConfig('risk: { perTradeRiskPct: null, dailyLossStopPct: null }\n'),
    );
    expect(errors).toEqual([
      'risk.perTradeRiskPct: a per-trade risk cap is required (or perTradeRiskRupees)',
      'risk.dailyLossStopPct: a daily loss stop is required (or dailyLossStopRupees)',
    ]);
    const rupeesOnly = configOf(
      parseTradingConfig(
        'risk: { perTradeRiskPct: null, perTradeRiskRupees: 2000, dailyLossStopPct: null, dailyLossStopRupees: 6000 }\n',
      ),
    );
    expect(rupeesOnly.risk.perTradeRiskPaise).toBe(2_000_00);
  });

  it('checks fields against each other', () => {
    const errors = errorsOf(
      parseTradingConfig(`
risk: { entryWindow: { start: '15:00', end: '09:20' } }
eod: { noNewEntriesAfter: '15:25', squareOffAt: '15:20' }
strategies:
  orb: { rangeMinutes: 30, window: { start: '09:30', end: '11:00' }, tp1R: 2, tp2R: 1.5 }
  vwap_ema: { fastPeriod: 21, slowPeriod: 9 }
`),
    );
    expect(errors).toEqual([
      'risk.entryWindow.end: must be after risk.entryWindow.start (15:00)',
      'eod.squareOffAt: must be after eod.noNewEntriesAfter (15:25)',
      'strategies.orb.window.start: must not be before the opening range ends (09:45)',
      'strategies.orb.tp2R: must be greater than tp1R (2)',
      'strategies.vwap_ema.fastPeriod: must be less than slowPeriod (9)',
    ]);
  });

  it('reports syntax errors and duplicate keys', () => {
    expect(errorsOf(parseTradingConfig('risk: [\n'))[0]).toMatch(/^\(syntax\): /);
    expect(errorsOf(parseTradingConfig('scan: {}\nscan: {}\n'))[0]).toMatch(
      /^\(syntax\): .*unique/i,
    );
  });
});

describe('config SHA', () => {
  const original = `
# the trader's config
capitalRupees: 300000
risk:
  perTradeRiskPct: 0.5   # half a percent
  entryWindow: { start: '09:20', end: '15:00' }
universe: [NSE:INFY, NSE:TCS]
`;

  it('is the SHA of the canonical JSON of the parsed config', () => {
    const result = parseTradingConfig(original);
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.sha).toBe(configSha(result.config));
    expect(JSON.parse(result.canonicalJson)).toEqual(result.config);
    expect(result.sha).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not change with formatting, comments, key order or explicit defaults', () => {
    const reformatted = `
universe:
  - NSE:INFY
  - NSE:TCS
risk: {entryWindow: {end: "15:00", start: "09:20"}, perTradeRiskPct: 0.50, portfolioHeatPct: 6}
capitalRupees: 3.0e5
`;
    expect(shaOf(parseTradingConfig(reformatted))).toBe(shaOf(parseTradingConfig(original)));
  });

  it('changes with any value', () => {
    const base = shaOf(parseTradingConfig(original));
    const variants = [
      original.replace('300000', '300000.01'),
      original.replace('0.5 ', '0.51 '),
      original.replace("'15:00'", "'14:59'"),
      original.replace('[NSE:INFY, NSE:TCS]', '[NSE:TCS, NSE:INFY]'),
      `${original}strategies: { orb: { enabled: false } }\n`,
      `${original}orders: { stopOrderType: SL }\n`,
    ];
    const shas = variants.map((text) => shaOf(parseTradingConfig(text)));
    for (const sha of shas) expect(sha).not.toBe(base);
    expect(new Set(shas).size).toBe(variants.length);
  });

  it('covers defaults: the same file means the same SHA only while defaults stay', () => {
    const result = buildTradingConfig({});
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.canonicalJson).toContain('"squareOffAt":"15:25"');
    expect(result.canonicalJson).toContain('"perTradeRiskPaise":null');
  });
});
