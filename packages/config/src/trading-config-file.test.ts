import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from './env';
import { buildTradingConfig, loadTradingConfig } from './trading-config';

/** The file the repository ships and TRADING_CONFIG points at by default. */
const shippedPath = fileURLToPath(new URL('../../../config/trading.yaml', import.meta.url));

describe('the shipped config/trading.yaml', () => {
  it('parses', async () => {
    const result = await loadTradingConfig(shippedPath);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('writes out every default, so it documents every setting, but squares equities off before Zerodha does', async () => {
    const shipped = await loadTradingConfig(shippedPath);
    const defaults = buildTradingConfig({});
    // Zerodha's RMS closes equity MIS positions from 15:20; the default 15:25 suits F&O.
    const equities = buildTradingConfig({ eod: { squareOffAt: '15:15' } });
    if (!shipped.ok || !defaults.ok || !equities.ok) throw new Error('all must parse');
    expect(defaults.config.eod.squareOffAt).toBe('15:25');
    expect(shipped.config.eod.squareOffAt).toBe('15:15');
    expect(shipped.sha).toBe(equities.sha);
  });

  it('mentions every setting the schema knows', async () => {
    const text = await readFile(shippedPath, 'utf8');
    const defaults = buildTradingConfig({});
    if (!defaults.ok) throw new Error('defaults must parse');
    const { orb, vwap_ema: vwapEma } = defaults.config.strategies;
    const settings = [
      'capitalRupees',
      'perTradeRiskPct',
      'perTradeRiskRupees',
      'portfolioHeatPct',
      'dailyLossStopPct',
      'dailyLossStopRupees',
      'maxOpenPositions',
      'maxQuantityPerOrder',
      'maxNotionalPerOrderRupees',
      'entryWindow',
      'noNewEntriesAfter',
      'squareOffAt',
      'universe',
      ...Object.keys(defaults.config.orders).map((key) => key.replace(/Bps$/, 'Pct')),
      ...Object.keys(defaults.config.scan),
      ...Object.keys(orb).map((key) => key.replace(/Bps$/, 'Pct')),
      ...Object.keys(vwapEma).map((key) => key.replace(/Bps$/, 'Pct')),
    ];
    const missing = settings.filter((key) => !new RegExp(`^\\s*${key}:`, 'm').test(text));
    expect(missing).toEqual([]);
  });
});

describe('loadTradingConfig', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kavach-trading-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads JSON files', async () => {
    const path = join(dir, 'trading.json');
    await writeFile(path, JSON.stringify({ scan: { maxSignalsPerCycle: 1 } }));
    const result = await loadTradingConfig(path);
    expect(result.ok && result.config.scan.maxSignalsPerCycle).toBe(1);
  });

  it('answers a missing file with an error naming it', async () => {
    const path = join(dir, 'absent.yaml');
    const result = await loadTradingConfig(path);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.errors[0]).toContain(path);
  });
});

describe('TRADING_CONFIG', () => {
  it('points at the shipped file by default', () => {
    expect(parseEnv({}).TRADING_CONFIG).toBe('config/trading.yaml');
    expect(parseEnv({ TRADING_CONFIG: '/etc/kavach/trading.json' }).TRADING_CONFIG).toBe(
      '/etc/kavach/trading.json',
    );
  });
});
