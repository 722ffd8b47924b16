import type { StrategiesConfig } from '@kavach/config';
import { createOrbStrategy } from './orb-strategy';
import type { Strategy } from './strategy';
import { createVwapEmaStrategy } from './vwap-ema-strategy';

/** The strategies the config enables, in a fixed order. */
export function createStrategies(config: StrategiesConfig): readonly Strategy[] {
  const strategies: Strategy[] = [];
  if (config.orb.enabled) strategies.push(createOrbStrategy(config.orb));
  if (config.vwap_ema.enabled) strategies.push(createVwapEmaStrategy(config.vwap_ema));
  return strategies;
}
