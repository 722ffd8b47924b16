import { minPaise } from '../money/paise';
import type { Paise } from '../money/paise';
import { floorBasisPointsOf } from './basis-points';
import type { RiskConfig } from './risk-config';

/** The smaller of a bps-of-capital limit and an absolute one; at least one must be set. */
function tighterLimit(capital: Paise, bps: number | null, absolute: Paise | null): Paise {
  if (bps === null) {
    if (absolute === null) throw new RangeError('a limit needs a percent or an absolute form');
    return absolute;
  }
  const fromPercent = floorBasisPointsOf(capital, bps);
  return absolute === null ? fromPercent : minPaise(fromPercent, absolute);
}

/** Most one new trade may lose to its stop. Expects a config validateRiskConfig accepts. */
export function computePerTradeRiskCap(config: RiskConfig, capital: Paise): Paise {
  return tighterLimit(capital, config.perTradeRiskBps, config.perTradeRiskPaise);
}

/** Most all open positions together may lose to their stops. */
export function computeHeatLimit(config: RiskConfig, capital: Paise): Paise {
  return floorBasisPointsOf(capital, config.portfolioHeatBps);
}

/** Today's loss (a positive amount) at which new entries stop. */
export function computeDailyLossLimit(config: RiskConfig, capital: Paise): Paise {
  return tighterLimit(capital, config.dailyLossStopBps, config.dailyLossStopPaise);
}
