import { buildTradingConfig } from '@kavach/config';
import type { OrbConfig, VwapEmaConfig } from '@kavach/config';
import { atIst, istMinutesOfDay, paise } from '@kavach/domain';
import type { Instrument } from '@kavach/domain';
import type { Bar } from '../market-data/bar';

export const DAY = '2026-11-24';

export function makeInstrument(overrides: Partial<Instrument> = {}): Instrument {
  return {
    token: 408_065,
    exchangeToken: 1_594,
    exchange: 'NSE',
    segment: 'NSE',
    tradingSymbol: 'INFY',
    name: 'INFOSYS',
    type: 'EQ',
    tickSize: paise(5),
    lotSize: 1,
    freezeQuantity: null,
    expiry: null,
    strike: null,
    ...overrides,
  };
}

function defaults() {
  const result = buildTradingConfig({});
  if (!result.ok) throw new Error(`default trading config is invalid: ${result.errors.join('; ')}`);
  return result.config.strategies;
}

export function orbConfig(overrides: Partial<OrbConfig> = {}): OrbConfig {
  return { ...defaults().orb, ...overrides };
}

export function vwapEmaConfig(overrides: Partial<VwapEmaConfig> = {}): VwapEmaConfig {
  return { ...defaults().vwap_ema, ...overrides };
}

/** [open, high, low, close, volume], prices in paise. */
export type BarSpec = readonly [number, number, number, number, number];

/** Consecutive 1-minute bars from an IST time on DAY. */
export function minuteBars(
  from: string,
  specs: readonly BarSpec[],
  token = makeInstrument().token,
): Bar[] {
  const start = atIst(from, DAY);
  return specs.map(([open, high, low, close, volume], i) => ({
    token,
    start: start + i * 60_000,
    end: start + (i + 1) * 60_000,
    open: paise(open),
    high: paise(high),
    low: paise(low),
    close: paise(close),
    volume,
    ticks: 10,
  }));
}

/** Bars continuing a series by one minute each. */
export function nextBars(previous: readonly Bar[], specs: readonly BarSpec[]): Bar[] {
  const last = previous.at(-1);
  if (last === undefined) throw new Error('nextBars needs a previous bar');
  return specs.map(([open, high, low, close, volume], i) => ({
    token: last.token,
    start: last.end + i * 60_000,
    end: last.end + (i + 1) * 60_000,
    open: paise(open),
    high: paise(high),
    low: paise(low),
    close: paise(close),
    volume,
    ticks: 10,
  }));
}

/** The scan just after the last bar closed. */
export function scanAfter(bars: readonly Bar[]): number {
  const last = bars.at(-1);
  if (last === undefined) throw new Error('scanAfter needs a bar');
  return istMinutesOfDay(last.end) + 0.01;
}
