import type { VwapEmaConfig } from '@kavach/config';
import { formatRupees, isWithinEntryWindow, paise, roundToTick } from '@kavach/domain';
import type { OrderSide, Paise } from '@kavach/domain';
import type { Bar } from '../market-data/bar';
import { computeEmaSeries, computeVwapSeries, meanVolume } from './indicators';
import { bpsOfAmount, buildPriceLevels } from './price-levels';
import type { PriceLevels } from './price-levels';
import { combineScores, roundFeature, scoreRising, scoreTent } from './scoring';
import { barEndMinutes, isFreshBar } from './session-time';
import type { Opportunity, Strategy, StrategyInput } from './strategy';

export const VWAP_EMA_STRATEGY_ID = 'vwap_ema';

/** Bars the volume ratio compares the signal bar with, and the EMA slope is measured over. */
const VOLUME_LOOKBACK_BARS = 20;
const SLOPE_BARS = 5;

const WEIGHTS = {
  trendStrengthPct: 0.25,
  slopePct: 0.15,
  vwapDistancePct: 0.2,
  pullbackDepthPct: 0.15,
  volumeRatio: 0.25,
};

interface Series {
  readonly bars: readonly Bar[];
  readonly fast: Float64Array;
  readonly slow: Float64Array;
  readonly vwap: Float64Array;
}

function at(series: Float64Array, index: number): number {
  return series[index] ?? Number.NaN;
}

/** Bars before a signal can fire: the slow EMA and the pullback look-back must both exist. */
function warmUpBars(config: VwapEmaConfig): number {
  return Math.max(config.minBars, config.slowPeriod + config.pullbackBars, SLOPE_BARS + 1);
}

/** Trend direction at bar i: price beyond VWAP and the fast EMA beyond the slow by enough. */
function trendAt(s: Series, i: number, config: VwapEmaConfig): OrderSide | null {
  const close = s.bars[i]?.close ?? Number.NaN;
  const fast = at(s.fast, i);
  const slow = at(s.slow, i);
  const vwap = at(s.vwap, i);
  const spreadBps = ((fast - slow) / slow) * 10_000;
  if (close > vwap && spreadBps >= config.minTrendBps && spreadBps > 0) return 'BUY';
  if (close < vwap && -spreadBps >= config.minTrendBps && spreadBps < 0) return 'SELL';
  return null;
}

/**
 * Whether bars [i − pullbackBars, i] pulled back to the fast EMA or VWAP (came within the
 * tolerance of either) while every close held the slow EMA: a pullback, not a reversal.
 */
function hasPullback(s: Series, i: number, side: OrderSide, config: VwapEmaConfig): boolean {
  const tolerance = config.touchToleranceBps / 10_000;
  let touched = false;
  for (let j = i - config.pullbackBars; j <= i; j += 1) {
    const bar = s.bars[j];
    if (bar === undefined) return false;
    const fast = at(s.fast, j);
    const vwap = at(s.vwap, j);
    const slow = at(s.slow, j);
    if (side === 'BUY') {
      if (bar.close < slow) return false;
      if (bar.low <= fast * (1 + tolerance) || bar.low <= vwap * (1 + tolerance)) touched = true;
    } else {
      if (bar.close > slow) return false;
      if (bar.high >= fast * (1 - tolerance) || bar.high >= vwap * (1 - tolerance)) touched = true;
    }
  }
  return touched;
}

/** The bar at i closes back in the trend's direction: beyond its open, the previous close and the fast EMA. */
function resumesTrend(s: Series, i: number, side: OrderSide): boolean {
  const bar = s.bars[i];
  const previous = s.bars[i - 1];
  if (bar === undefined || previous === undefined) return false;
  const fast = at(s.fast, i);
  return side === 'BUY'
    ? bar.close > bar.open && bar.close > previous.close && bar.close > fast
    : bar.close < bar.open && bar.close < previous.close && bar.close < fast;
}

/** The signal bar i gives, judged with what was known when it closed. */
function signalAt(s: Series, i: number, config: VwapEmaConfig): OrderSide | null {
  if (i + 1 < warmUpBars(config)) return null;
  const side = trendAt(s, i, config);
  if (side === null) return null;
  return hasPullback(s, i, side, config) && resumesTrend(s, i, side) ? side : null;
}

/** Whether bar i falls within the cooldown of a signal given by an earlier bar. */
function isCoolingDown(s: Series, i: number, config: VwapEmaConfig): boolean {
  const current = s.bars[i];
  if (current === undefined || config.cooldownMinutes === 0) return false;
  const since = current.start - config.cooldownMinutes * 60_000;
  for (let j = i - 1; j >= 0; j -= 1) {
    const bar = s.bars[j];
    if (bar === undefined || bar.start <= since) break;
    const windowOk = isWithinEntryWindow(config.window, barEndMinutes(bar));
    if (windowOk && signalAt(s, j, config) !== null) return true;
  }
  return false;
}

function pullbackExtreme(s: Series, i: number, side: OrderSide, config: VwapEmaConfig): number {
  let extreme = side === 'BUY' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  for (let j = i - config.pullbackBars; j <= i; j += 1) {
    const bar = s.bars[j];
    if (bar === undefined) continue;
    extreme = side === 'BUY' ? Math.min(extreme, bar.low) : Math.max(extreme, bar.high);
  }
  return extreme;
}

/** The swing before the pullback: the highest high (long) or lowest low (short) it fell from. */
function swingExtreme(s: Series, i: number, side: OrderSide, config: VwapEmaConfig): number {
  let extreme = side === 'BUY' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  for (let j = i - config.pullbackBars - 1; j < i; j += 1) {
    const bar = s.bars[j];
    if (bar === undefined) continue;
    extreme = side === 'BUY' ? Math.max(extreme, bar.high) : Math.min(extreme, bar.low);
  }
  return extreme;
}

function planLevels(
  side: OrderSide,
  close: Paise,
  extreme: number,
  config: VwapEmaConfig,
  tick: Paise,
): PriceLevels | null {
  const long = side === 'BUY';
  const entry = roundToTick(close, tick, long ? 'up' : 'down');
  const buffer = config.stopBufferTicks * tick;
  // The minimum distance is a whole number of ticks, so a stop at it stays on the grid.
  const minDistance = Math.max(
    config.minStopTicks * tick,
    Math.ceil(bpsOfAmount(entry, config.minStopBps, 'ceil') / tick) * tick,
  );
  const maxDistance = bpsOfAmount(entry, config.maxStopBps, 'floor');
  let distance = long ? entry - (extreme - buffer) : extreme + buffer - entry;
  distance = Math.max(distance, minDistance);
  if (distance > maxDistance) return null;
  const stop = long ? entry - distance : entry + distance;
  if (stop <= 0) return null;
  return buildPriceLevels({
    side,
    entry,
    stop: paise(stop),
    tickSize: tick,
    tp1R: config.tp1R,
    tp2R: config.tp2R,
  });
}

/** What the pullback looks like, and how favourable each aspect is (0..1). */
function measurePullback(
  s: Series,
  side: OrderSide,
  extreme: number,
  levels: PriceLevels,
  config: VwapEmaConfig,
) {
  const i = s.bars.length - 1;
  const last = s.bars[i];
  if (last === undefined) throw new RangeError('measurePullback needs bars');
  const direction = side === 'BUY' ? 1 : -1;
  const fast = at(s.fast, i);
  const slow = at(s.slow, i);
  const vwap = at(s.vwap, i);
  const fastBefore = at(s.fast, i - SLOPE_BARS);
  const swing = swingExtreme(s, i, side, config);
  const features = {
    trendStrengthPct: roundFeature(((direction * (fast - slow)) / slow) * 100),
    vwapDistancePct: roundFeature(((direction * (last.close - vwap)) / vwap) * 100),
    pullbackDepthPct: roundFeature(((direction * (swing - extreme)) / last.close) * 100),
    volumeRatio: roundFeature(
      last.volume / Math.max(meanVolume(s.bars, i - VOLUME_LOOKBACK_BARS, i), 1),
    ),
    slopePct: roundFeature(((direction * (fast - fastBefore)) / fastBefore) * 100),
    riskPct: roundFeature((Math.abs(levels.entry - levels.stop) / levels.entry) * 100),
  };
  const minTrendPct = config.minTrendBps / 100;
  const featureScores = {
    trendStrengthPct: scoreRising(features.trendStrengthPct, minTrendPct, minTrendPct + 0.3),
    slopePct: scoreRising(features.slopePct, 0, 0.3),
    vwapDistancePct: scoreTent(features.vwapDistancePct, 0, 0.3, 1.5),
    pullbackDepthPct: scoreTent(features.pullbackDepthPct, 0, 0.3, 1.2),
    volumeRatio: scoreRising(features.volumeRatio, 0.8, 2),
  };
  return { features, featureScores };
}

function evaluateVwapEma(config: VwapEmaConfig, input: StrategyInput): Opportunity | null {
  const { instrument, bars, nowIstMinutes } = input;
  if (!isWithinEntryWindow(config.window, nowIstMinutes)) return null;
  const last = bars.at(-1);
  if (last === undefined || !isFreshBar(last, nowIstMinutes)) return null;
  if (last.token !== instrument.token) {
    throw new RangeError(`bars of token ${last.token} given for ${instrument.token}`);
  }
  const i = bars.length - 1;
  if (i + 1 < warmUpBars(config)) return null;
  const series: Series = {
    bars,
    fast: computeEmaSeries(bars, config.fastPeriod),
    slow: computeEmaSeries(bars, config.slowPeriod),
    vwap: computeVwapSeries(bars),
  };
  const side = signalAt(series, i, config);
  if (side === null || isCoolingDown(series, i, config)) return null;
  const extreme = pullbackExtreme(series, i, side, config);
  const levels = planLevels(side, last.close, extreme, config, instrument.tickSize);
  if (levels === null) return null;

  const { features, featureScores } = measurePullback(series, side, extreme, levels, config);
  const trendWord = side === 'BUY' ? 'uptrend' : 'downtrend';
  const backWord = side === 'BUY' ? 'up' : 'down';
  return {
    strategy: VWAP_EMA_STRATEGY_ID,
    token: instrument.token,
    side,
    ...levels,
    features,
    featureScores,
    score: combineScores(featureScores, WEIGHTS),
    reason:
      `${instrument.tradingSymbol} pulled back to its ${config.fastPeriod}-EMA/VWAP in an ` +
      `${trendWord} (EMA ${config.fastPeriod} vs ${config.slowPeriod} spread ` +
      `${features.trendStrengthPct.toFixed(2)} %) and closed back ${backWord} at ` +
      `${formatRupees(last.close)}.`,
  };
}

/** Trend pullback: with VWAP and the EMAs, buy the dip to the fast EMA or VWAP (sell the rally). */
export function createVwapEmaStrategy(config: VwapEmaConfig): Strategy {
  return { id: VWAP_EMA_STRATEGY_ID, evaluate: (input) => evaluateVwapEma(config, input) };
}
