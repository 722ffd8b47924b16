import { access } from 'node:fs/promises';
import type { Logger, TradingConfigResult } from '@kavach/config';
import { buildTradingConfig, envSchema, loadTradingConfig } from '@kavach/config';

const DEFAULT_PATH = envSchema.TRADING_CONFIG.parse(undefined);

/**
 * The trading config file. The default path is relative to where the engine starts; when it
 * is missing there (the engine started from its own folder) the built-in defaults, which the
 * shipped config/trading.yaml spells out, apply with a warning. A path the operator chose must
 * exist: trading on defaults by a typo is not acceptable.
 */
export async function loadEngineConfig(path: string, logger: Logger): Promise<TradingConfigResult> {
  if (path === DEFAULT_PATH) {
    const exists = await access(path).then(
      () => true,
      () => false,
    );
    if (!exists) {
      logger.warn({ path }, 'no trading config file here: using the built-in defaults');
      return buildTradingConfig({});
    }
  }
  return loadTradingConfig(path);
}
