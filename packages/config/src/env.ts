import { createEnv } from '@t3-oss/env-core';
import { z } from 'zod';
import { FAILPOINT_NAMES } from './failpoint-names';

/**
 * The one place the process environment is read. Names and defaults are fixed by the design
 * (scripts, compose files and checks rely on them); .env.example lists every one.
 */
const port = z.coerce.number().int().min(1).max(65_535);
const flag = z
  .enum(['true', 'false', '1', '0'])
  .default('false')
  .transform((v) => v === 'true' || v === '1');
const flagOn = z
  .enum(['true', 'false', '1', '0'])
  .default('true')
  .transform((v) => v === 'true' || v === '1');
const url = z.url();

export const envSchema = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  /**
   * The engine applies pending migrations at start. Off where a one-shot job migrates first
   * (docker-compose's `migrate`): the engine then refuses to start on an older schema.
   */
  MIGRATE_ON_START: flagOn,
  /**
   * How long an engine rides out PostgreSQL being unreachable (no entries, stops and exits go
   * on, records kept in memory) before it fences itself and exits. A standby waits this long
   * before taking over from an engine cut off by a PostgreSQL restart. Same on every engine.
   */
  DB_OUTAGE_GRACE_SECONDS: z.coerce.number().int().min(5).max(3_600).default(120),
  KITE_API_KEY: z.string().min(1).default('kavach_sim_key'),
  KITE_API_SECRET: z.string().min(1).default('kavach_sim_secret'),
  KITE_ROOT: url.optional(),
  KITE_TICKER_ROOT: z
    .string()
    .regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL')
    .optional(),
  KITE_LOGIN_URL: url.optional(),
  /**
   * A Kite session for an engine run without the dashboard's login. Against kite-sim it may be
   * left unset: the engine mints one through the simulator's control API.
   */
  KITE_ACCESS_TOKEN: z.string().min(1).optional(),
  KITE_REDIRECT_URL: url.default('http://127.0.0.1:3000/api/kite/callback'),
  KITE_SIM_PORT: port.default(8100),
  KITE_SIM_HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * kite-sim's /_sim control API (virtual clock, sessions, faults) answers loopback callers, and
   * others showing this token: the engine in another container. The engine sends it when set.
   */
  KITE_SIM_CONTROL_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * kite-sim: virtual-clock speed, market seed, postback target, token expiry. Ten times real
   * time by default, so a first `pnpm start` shows trades within minutes; 1 is real time.
   */
  KITE_SIM_SPEED: z.coerce.number().positive().max(10_000).default(10),
  KITE_SIM_SEED: z.coerce.number().int().nonnegative().default(20_260_101),
  KITE_SIM_POSTBACK_URL: url.optional(),
  KITE_SIM_TOKEN_EXPIRY: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (IST)')
    .default('06:00'),
  /**
   * kite-sim: a JSON file its simulated world (clock, market, orders, trades, positions, funds,
   * GTTs, sessions) is kept in across restarts. Unset: every start is a fresh session (pnpm
   * start uses DATA_DIR/kite-sim-state.json).
   */
  KITE_SIM_STATE_FILE: z.string().min(1).optional(),
  /**
   * kite-sim: option strikes listed each side of the money on every chain (20 when unset), for
   * a wider market on the ticker: at 40 it lists over 500 instruments (the load tests).
   */
  KITE_SIM_STRIKES_EACH_SIDE: z.coerce.number().int().min(1).max(200).optional(),
  /**
   * kite-sim: a network's delay, in ms, added to every Kite REST answer and every order update
   * (ticker and postback). 0 by default: the benchmarks measure the engine, not a network.
   */
  KITE_SIM_LATENCY_MS: z.coerce.number().int().min(0).max(10_000).default(0),
  ENGINE_PORT: port.default(8000),
  /** Servers listen on loopback unless a container needs to expose them. */
  ENGINE_HOST: z.string().min(1).default('127.0.0.1'),
  ENGINE_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  ENGINE_URL: url.default('http://127.0.0.1:8000'),
  WEB_PORT: port.default(3000),
  WEB_HOST: z.string().min(1).default('127.0.0.1'),
  /** The address browsers use (https://… behind a TLS proxy); default http://127.0.0.1:WEB_PORT. */
  WEB_PUBLIC_URL: url.optional(),
  /**
   * Behind a reverse proxy: the header it sets to the browser's address (x-real-ip,
   * x-forwarded-for). Only set it when the dashboard is reachable through that proxy alone.
   */
  WEB_CLIENT_IP_HEADER: z
    .string()
    .regex(/^[a-z0-9-]+$/i, 'must be a header name')
    .transform((name) => name.toLowerCase())
    .optional(),
  /**
   * Seals secrets the engine stores (today's Kite access token, so a restarted or standby
   * engine trades on the morning's login). Every engine of an account shares it; unset:
   * generated once into DATA_DIR/data-encryption-key.
   */
  DATA_ENCRYPTION_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Signs dashboard sessions; unset: generated once into DATA_DIR/auth-secret. */
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  TRADING_MODE: z.enum(['PAPER', 'LIVE']).default('PAPER'),
  ALLOW_LIVE: flag,
  TELEGRAM_BOT_TOKEN: z.string().min(1).optional(),
  TELEGRAM_CHAT_ID: z.string().min(1).optional(),
  TELEGRAM_API_ROOT: url.default('https://api.telegram.org'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  ALERT_EMAIL_TO: z.email().optional(),
  /** Alerts also go here as a JSON POST (any webhook receiver: Slack-style, n8n, a pager). */
  ALERT_WEBHOOK_URL: url.optional(),
  /**
   * TradingView webhook secrets, one per strategy id: `orb-15m:secret,trend:other-secret`.
   * TradingView cannot send headers, so the secret travels in the alert's JSON body.
   */
  TRADINGVIEW_WEBHOOK_SECRETS: z
    .string()
    .optional()
    .transform((value, context) => parseWebhookSecrets(value, context)),
  /** The strategy and risk config file (YAML or JSON), relative to the working directory. */
  TRADING_CONFIG: z.string().min(1).default('config/trading.yaml'),
  /**
   * Test-only: the engine kills itself (SIGKILL) when it reaches this named point; used by the
   * reliability suite (crash anywhere). Never set it for trading.
   */
  ENGINE_FAILPOINT: z.enum(FAILPOINT_NAMES).optional(),
};

const STRATEGY_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const MIN_SECRET_LENGTH = 16;

function parseWebhookSecrets(
  value: string | undefined,
  context: z.core.$RefinementCtx,
): Readonly<Record<string, string>> {
  const secrets: Record<string, string> = {};
  if (value === undefined) return secrets;
  for (const entry of value.split(',')) {
    const at = entry.indexOf(':');
    const id = entry.slice(0, at).trim();
    const secret = entry.slice(at + 1).trim();
    if (at < 0 || !STRATEGY_ID.test(id)) {
      context.addIssue({
        code: 'custom',
        message: `each entry must be strategyId:secret (id of letters, digits, - and _), got "${entry.slice(0, 20)}"`,
      });
    } else if (secret.length < MIN_SECRET_LENGTH) {
      context.addIssue({
        code: 'custom',
        message: `the secret of ${id} must be at least ${MIN_SECRET_LENGTH} characters`,
      });
    } else if (id in secrets) {
      context.addIssue({ code: 'custom', message: `strategy ${id} is listed twice` });
    } else secrets[id] = secret;
  }
  return secrets;
}

export type Env = ReturnType<typeof parseEnv>;

export class EnvError extends Error {
  readonly issues: readonly string[];
  constructor(issues: readonly string[]) {
    super(`Invalid environment:\n  ${issues.join('\n  ')}`);
    this.name = 'EnvError';
    this.issues = issues;
  }
}

/** Parse an environment source; throws EnvError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>) {
  const env = createEnv({
    server: envSchema,
    runtimeEnv: source,
    emptyStringAsUndefined: true,
    onValidationError: (issues) => {
      throw new EnvError(
        issues.map((issue) => `${issue.path?.map(String).join('.') ?? '?'}: ${issue.message}`),
      );
    },
  });
  const problems: string[] = [];
  // Real money needs two deliberate switches, never one typo.
  if (env.TRADING_MODE === 'LIVE' && !env.ALLOW_LIVE) {
    problems.push('TRADING_MODE: LIVE requires ALLOW_LIVE=true');
  }
  if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  if ((env.TELEGRAM_BOT_TOKEN === undefined) !== (env.TELEGRAM_CHAT_ID === undefined)) {
    problems.push('TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID must be set together');
  }
  // A crash on purpose is for the reliability suite on a simulator, never for real money.
  if (env.ENGINE_FAILPOINT !== undefined && env.TRADING_MODE === 'LIVE') {
    problems.push('ENGINE_FAILPOINT: test-only, refused with TRADING_MODE=LIVE');
  }
  if (problems.length > 0) throw new EnvError(problems);
  return env;
}

let cached: Env | undefined;

/** The process environment, parsed once. */
export function loadEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
