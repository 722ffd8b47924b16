import type { OrbConfig } from '@kavach/config';
import {
  formatRupees,
  isWithinEntryWindow,
  paise,
  parseEntryWindow,
  roundToTick,
} from '@kavach/domain';
import type { OrderSide, Paise } from '@kavach/domain';
import type { Bar } from '../market-data/bar';
import { computeVwapSeries } from './indicators';
import { findOpeningRange } from './opening-range';
import type { OpeningRange } from './opening-range';
import { bpsOfAmount, buildPriceLevels, isAtLeastBps } from './price-levels';
import type { PriceLevels } from './price-levels';
import { combineScores, roundFeature, scoreFalling, scoreRising, scoreTent } from './scoring';
import { SESSION_OPEN_MINUTES, barStartMinutes, isFreshBar } from './session-time';
import type { Opportunity, Strategy, StrategyInput } from './strategy';

export const ORB_STRATEGY_ID = 'orb';

/** How much each feature counts in the score; volume confirmation matters most. */
const WEIGHTS = {
  volumeRatio: 0.3,
  breakoutStrengthPct: 0.2,
  rangeWidthPct: 0.2,
  vwapDistancePct: 0.15,
  minutesSinceOpen: 0.15,
};

function isRangeWidthAllowed(range: OpeningRange, config: OrbConfig): boolean {
  // width / midpoint = 2 × width / (high + low): compared exactly in integers.
  const doubleWidth = 2 * (range.high - range.low);
  const sum = range.high + range.low;
  return (
    isAtLeastBps(doubleWidth, sum, config.minRangeBps) &&
    !isAtLeastBps(doubleWidth, sum, config.maxRangeBps + 1)
  );
}

/** The side a bar breaks out to: a close beyond the range on enough volume. */
function breakoutSide(bar: Bar, range: OpeningRange, config: OrbConfig): OrderSide | null {
  if (bar.volume < config.volumeMultiple * range.meanVolume) return null;
  if (bar.close > range.high) return 'BUY';
  if (bar.close < range.low) return 'SELL';
  return null;
}

function planLevels(
  side: OrderSide,
  last: Bar,
  range: OpeningRange,
  config: OrbConfig,
  tick: Paise,
): PriceLevels | null {
  const long = side === 'BUY';
  const edge = long ? range.high : range.low;
  const buffer = bpsOfAmount(edge, config.entryBufferBps, 'ceil');
  const rawEntry = config.entry === 'close' ? last.close : long ? edge + buffer : edge - buffer;
  if (rawEntry <= 0) return null;
  const entry = roundToTick(paise(rawEntry), tick, long ? 'up' : 'down');
  const midpoint = (range.high + range.low) / 2;
  const maxDistance = bpsOfAmount(entry, config.maxStopBps, 'floor');
  let stop: number;
  if (long) {
    stop = config.stopAt === 'opposite' ? range.low : Math.floor(midpoint);
    stop = Math.max(stop, entry - maxDistance);
  } else {
    stop = config.stopAt === 'opposite' ? range.high : Math.ceil(midpoint);
    stop = Math.min(stop, entry + maxDistance);
  }
  return buildPriceLevels({
    side,
    entry,
    stop: paise(stop),
    tickSize: tick,
    tp1R: config.tp1R,
    tp2R: config.tp2R,
  });
}

interface BreakoutContext {
  readonly side: OrderSide;
  readonly last: Bar;
  readonly bars: readonly Bar[];
  readonly range: OpeningRange;
  readonly levels: PriceLevels;
  readonly config: OrbConfig;
  readonly windowBounds: { readonly start: number; readonly end: number };
  readonly nowIstMinutes: number;
}

/** What the breakout looks like, and how favourable each aspect is (0..1). */
function measureBreakout(context: BreakoutContext) {
  const { side, last, bars, range, levels, config, windowBounds, nowIstMinutes } = context;
  const direction = side === 'BUY' ? 1 : -1;
  const midpoint = (range.high + range.low) / 2;
  const edge = side === 'BUY' ? range.high : range.low;
  const vwap = computeVwapSeries(bars).at(-1) ?? last.close;
  const features = {
    rangeWidthPct: roundFeature(((range.high - range.low) / midpoint) * 100),
    breakoutStrengthPct: roundFeature(((direction * (last.close - edge)) / edge) * 100),
    volumeRatio: roundFeature(last.volume / Math.max(range.meanVolume, 1)),
    minutesSinceOpen: roundFeature(nowIstMinutes - SESSION_OPEN_MINUTES),
    vwapDistancePct: roundFeature(((direction * (last.close - vwap)) / vwap) * 100),
    riskPct: roundFeature((Math.abs(levels.entry - levels.stop) / levels.entry) * 100),
  };
  const volumeFloor = config.volumeMultiple;
  const featureScores = {
    // Narrower is better: the stop sits closer for the same setup.
    rangeWidthPct: scoreFalling(
      features.rangeWidthPct,
      config.minRangeBps / 100,
      config.maxRangeBps / 100,
    ),
    // A decisive close beyond the edge, but not a chase of an extended move.
    breakoutStrengthPct: scoreTent(features.breakoutStrengthPct, 0, 0.3, 1.5),
    volumeRatio: scoreRising(
      features.volumeRatio,
      volumeFloor,
      Math.max(3 * volumeFloor, volumeFloor + 1),
    ),
    vwapDistancePct: scoreTent(features.vwapDistancePct, -0.25, 0.3, 2),
    // Earlier in the window is better: a late breakout has less of the day left to run.
    minutesSinceOpen: scoreFalling(
      features.minutesSinceOpen,
      windowBounds.start - SESSION_OPEN_MINUTES,
      windowBounds.end - SESSION_OPEN_MINUTES,
    ),
  };
  return { features, featureScores };
}

function evaluateOrb(config: OrbConfig, input: StrategyInput): Opportunity | null {
  const { instrument, bars, nowIstMinutes } = input;
  const windowBounds = parseEntryWindow(config.window);
  if (windowBounds === null || !isWithinEntryWindow(config.window, nowIstMinutes)) return null;
  const last = bars.at(-1);
  if (last === undefined || !isFreshBar(last, nowIstMinutes)) return null;
  if (last.token !== instrument.token) {
    throw new RangeError(`bars of token ${last.token} given for ${instrument.token}`);
  }
  const range = findOpeningRange(bars, config.rangeMinutes);
  if (range === null || barStartMinutes(last) < range.endMinutes) return null;
  if (!isRangeWidthAllowed(range, config)) return null;
  const side = breakoutSide(last, range, config);
  if (side === null) return null;
  // Only the day's first breakout on each side: after an earlier one (in the window or not),
  // this is a re-break of a level the market has already tested.
  for (let i = range.firstBarAfter; i < bars.length - 1; i += 1) {
    const earlier = bars[i];
    if (earlier !== undefined && breakoutSide(earlier, range, config) === side) return null;
  }
  const levels = planLevels(side, last, range, config, instrument.tickSize);
  if (levels === null) return null;

  const long = side === 'BUY';
  const edge = long ? range.high : range.low;
  const { features, featureScores } = measureBreakout({
    side,
    last,
    bars,
    range,
    levels,
    config,
    windowBounds,
    nowIstMinutes,
  });
  const sideWord = long ? 'above' : 'below';
  const edgeWord = long ? 'high' : 'low';
  return {
    strategy: ORB_STRATEGY_ID,
    token: instrument.token,
    side,
    ...levels,
    features,
    featureScores,
    score: combineScores(featureScores, WEIGHTS),
    reason:
      `${instrument.tradingSymbol} closed at ${formatRupees(last.close)} ${sideWord} its ` +
      `${config.rangeMinutes}-minute opening range ${edgeWord} of ${formatRupees(edge)} on ` +
      `${features.volumeRatio.toFixed(1)}× the range's average bar volume.`,
  };
}

/** Opening-range breakout: the day's first close beyond the opening range, on volume. */
export function createOrbStrategy(config: OrbConfig): Strategy {
  return { id: ORB_STRATEGY_ID, evaluate: (input) => evaluateOrb(config, input) };
}
