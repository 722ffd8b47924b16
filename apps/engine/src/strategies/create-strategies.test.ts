import { buildTradingConfig } from '@kavach/config';
import type { StrategiesConfig } from '@kavach/config';
import { describe, expect, it } from 'vitest';
import { createStrategies } from './create-strategies';

function strategiesConfig(text: object): StrategiesConfig {
  const result = buildTradingConfig({ strategies: text });
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.config.strategies;
}

describe('createStrategies', () => {
  it('creates every strategy the config enables', () => {
    expect(createStrategies(strategiesConfig({})).map((s) => s.id)).toEqual(['orb', 'vwap_ema']);
  });

  it('leaves out disabled ones', () => {
    const config = strategiesConfig({ orb: { enabled: false } });
    expect(createStrategies(config).map((s) => s.id)).toEqual(['vwap_ema']);
    const none = strategiesConfig({ orb: { enabled: false }, vwap_ema: { enabled: false } });
    expect(createStrategies(none)).toEqual([]);
  });
});
