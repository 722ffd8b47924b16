export { envSchema, EnvError, loadEnv, parseEnv, type Env } from './env';
export { createLogger, type Logger } from './logger';
export { stopOnSignals } from './stop-on-signals';
export { systemClock } from './system-clock';
