export { envSchema, EnvError, loadEnv, parseEnv, type Env } from './env';
export { FAILPOINT_NAMES, type FailpointName } from './failpoint-names';
export { createLogger, type Logger } from './logger';
export { stopOnSignals } from './stop-on-signals';
export { systemClock } from './system-clock';
export { buildTradingConfig, loadTradingConfig, parseTradingConfig } from './trading-config';
export { DEFAULT_UNIVERSE, tradingConfigFileSchema } from './trading-config-schema';
export type { TradingConfigFile } from './trading-config-schema';
export {
  ENTRY_ORDER_TYPES,
  ORB_ENTRY_MODES,
  ORB_STOP_MODES,
  STOP_ORDER_TYPES,
  type EntryOrderType,
  type EodConfig,
  type OrbConfig,
  type OrbEntryMode,
  type OrbStopMode,
  type OrdersConfig,
  type ScanConfig,
  type StopOrderType,
  type StrategiesConfig,
  type TradingConfig,
  type TradingConfigResult,
  type VwapEmaConfig,
} from './trading-config-types';
export { hasAtMostTwoDecimals, percentToBps, rupeesToWholePaise } from './trading-config-units';
export {
  ENGINE_TOKEN_FILE,
  readStoredSecret,
  resolveSecret,
  type ResolvedSecret,
  type SecretSpec,
} from './stored-secret';
