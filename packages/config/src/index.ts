export { envSchema, EnvError, loadEnv, parseEnv, type Env } from './env';
export { systemClock } from './system-clock';
