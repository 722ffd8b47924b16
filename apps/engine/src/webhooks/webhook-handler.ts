import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@kavach/config';
import { type PrismaClient, isDatabaseUnavailable } from '@kavach/db';
import type { Clock, Instrument } from '@kavach/domain';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { tokensMatch } from '../http/bearer-token';
import type { ExternalEntryOutcome, SignalIntake } from '../orchestrator/external-entry';
import { describeAlertIssues } from './alert-issues';
import { alignAlertPrices } from './alert-prices';
import { canonicalizeAlert, deriveIdempotencyKey } from './idempotency-key';
import { tradingViewAlertFields } from './tradingview-alert';
import type { EntryAlert, ExitAlert, TradingViewAlert } from './tradingview-alert';
import { createWebhookStore, PENDING } from './webhook-store';
import type { DeliveryResult, JsonObject, StoredDelivery, WebhookStore } from './webhook-store';

export interface WebhookAnswer {
  readonly status: number;
  /** `{ error: { code, message, ... } }` for every error; 429 carries `retry_after_seconds`. */
  readonly body: unknown;
}

export interface TradingViewWebhook {
  readonly handle: (
    strategyId: string,
    body: unknown,
    remoteAddress: string,
  ) => Promise<WebhookAnswer>;
}

export type WebhookIntake = Pick<
  SignalIntake,
  'resolveInstrument' | 'submitEntry' | 'exitPositions'
>;

export interface TradingViewWebhookOptions {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Webhook strategy id (the URL's `:strategyId`) → its secret. */
  readonly secrets: Readonly<Record<string, string>>;
  /** The part of the engine's SignalIntake an alert needs. */
  readonly intake: WebhookIntake;
  /** Authenticated alerts per strategy per window; default 30 per 60 s. */
  readonly rateLimit?: { readonly points: number; readonly durationSec: number };
  /** Wrong or missing secrets per remote address per window; default 10 per 60 s. */
  readonly badSecretLimit?: { readonly points: number; readonly durationSec: number };
  /** How long a repeated key waits for its first delivery to finish; default 2 000 ms. */
  readonly inFlightWaitMs?: number;
  readonly newId?: () => string;
}

const DEFAULT_RATE_LIMIT = { points: 30, durationSec: 60 };
const DEFAULT_BAD_SECRET_LIMIT = { points: 10, durationSec: 60 };
/** TradingView gives up on a webhook after about 3 s; a waiting duplicate answers before. */
const DEFAULT_IN_FLIGHT_WAIT_MS = 2_000;
const IN_FLIGHT_POLL_MS = 25;
/** `tv:` + the id is the signal's strategy, a VARCHAR(64); the id is also in the URL. */
const STRATEGY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,60}$/;

/**
 * `POST /webhooks/tradingview/:strategyId`. Checks, in order: a known strategy (404), a JSON
 * object (400), the secret (401; a sender's repeated failures 429), the strategy's rate limit
 * (429), the alert's fields (400); then the idempotency key is claimed in webhook_deliveries
 * before anything is traded, so a resent or concurrent copy of an alert is answered from the
 * store and never reaches the intake twice. See README.md.
 */
export function createTradingViewWebhook(options: TradingViewWebhookOptions): TradingViewWebhook {
  const secrets = readSecrets(options.secrets);
  const { clock, intake } = options;
  const logger = options.logger.child({ component: 'tradingview-webhook' });
  const newId = options.newId ?? randomUUID;
  const store: WebhookStore = createWebhookStore(options.prisma);
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const limiter = new RateLimiterMemory({
    points: rateLimit.points,
    duration: rateLimit.durationSec,
    keyPrefix: 'tv-webhook',
  });
  const badSecretLimit = options.badSecretLimit ?? DEFAULT_BAD_SECRET_LIMIT;
  const badSecrets = new RateLimiterMemory({
    points: badSecretLimit.points,
    duration: badSecretLimit.durationSec,
    keyPrefix: 'tv-webhook-bad-secret',
  });
  /** Deliveries this process is working on; a PENDING row outside it was interrupted. */
  const inFlight = new Set<string>();
  const inFlightPolls = Math.ceil(
    (options.inFlightWaitMs ?? DEFAULT_IN_FLIGHT_WAIT_MS) / IN_FLIGHT_POLL_MS,
  );

  /** Seconds until the key may be used again, or null when this request is within limits. */
  async function consumeRate(on: RateLimiterMemory, key: string): Promise<number | null> {
    try {
      await on.consume(key);
      return null;
    } catch (error) {
      // The library rejects with a RateLimiterRes when the points are spent; anything else is a bug.
      if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw error;
    }
  }

  async function handle(
    strategyId: string,
    body: unknown,
    remoteAddress: string,
  ): Promise<WebhookAnswer> {
    const secret = secrets.get(strategyId);
    if (secret === undefined) {
      return fail(404, 'UNKNOWN_STRATEGY', `no TradingView strategy "${strategyId.slice(0, 64)}"`);
    }
    const read = readBody(body);
    if (!read.ok) {
      return fail(400, 'BAD_REQUEST', read.message, {
        field: null,
        issues: [{ path: '', message: read.message }],
      });
    }
    const { secret: presented, ...fields } = read.alert;
    if (typeof presented !== 'string' || !tokensMatch(presented, secret)) {
      logger.warn(
        { strategyId, remoteAddress },
        'tradingview alert with a wrong or missing secret',
      );
      // Failures count per sender, so a stranger guessing cannot use up the strategy's limit.
      const lockedOut = await consumeRate(badSecrets, remoteAddress);
      if (lockedOut !== null)
        return rateLimited('too many wrong secrets from this address', lockedOut);
      return fail(401, 'BAD_SECRET', 'the secret is missing or wrong');
    }
    const retryAfter = await consumeRate(limiter, strategyId);
    if (retryAfter !== null) {
      logger.warn({ strategyId, remoteAddress }, 'tradingview alert over the rate limit');
      return rateLimited(`too many alerts for ${strategyId}`, retryAfter);
    }
    const parsed = tradingViewAlertFields.safeParse(fields);
    if (!parsed.success) {
      const problem = describeAlertIssues(parsed.error);
      logger.info(
        { strategyId, remoteAddress, issues: problem.issues },
        'tradingview alert invalid',
      );
      return fail(400, 'BAD_REQUEST', problem.message, {
        field: problem.field,
        issues: problem.issues.map(({ path, message }) => ({ path, message })),
      });
    }
    return deliver(strategyId, parsed.data, fields as JsonObject, remoteAddress);
  }

  async function deliver(
    strategyId: string,
    alert: TradingViewAlert,
    payload: JsonObject,
    remoteAddress: string,
  ): Promise<WebhookAnswer> {
    const idempotencyKey = alert.idempotencyKey ?? deriveIdempotencyKey(alert);
    const context = { strategyId, idempotencyKey, remoteAddress };
    const receivedAt = clock.now();
    const claim = await store
      .claim({
        strategyId,
        idempotencyKey,
        payload,
        correlationId: newId(),
        receivedAt,
      })
      .catch((error: unknown) => {
        logger.error({ ...context, err: error }, 'tradingview alert not recorded');
        return isDatabaseUnavailable(error) ? ('UNAVAILABLE' as const) : null;
      });
    if (claim === 'UNAVAILABLE') {
      // No record, no entry (ADR 7): refused whole, so the same alert may be sent again.
      return fail(
        503,
        'DATABASE_UNAVAILABLE',
        'the database is unreachable: the alert was not recorded and nothing was traded; send it again shortly',
      );
    }
    if (claim === null) {
      return fail(500, 'INTERNAL', 'the alert could not be recorded; nothing was traded');
    }
    if (!claim.claimed) return answerRepeat(claim.delivery, alert, context);

    const correlationId = claim.delivery.correlationId ?? newId();
    inFlight.add(claim.delivery.id);
    const result = await runAlert(strategyId, alert, correlationId, receivedAt);
    try {
      await store.finish(claim.delivery.id, result);
    } catch (error) {
      // The answer stands; the row stays PENDING and a resent key is answered IN_PROGRESS.
      logger.error({ ...context, correlationId, err: error }, 'tradingview outcome not recorded');
    } finally {
      inFlight.delete(claim.delivery.id);
    }
    logger.info(
      { ...context, correlationId, outcome: result.outcome, status: result.httpStatus },
      'tradingview alert processed',
    );
    return { status: result.httpStatus, body: result.response };
  }

  /** A key seen before: the stored answer, once its first delivery has one. */
  async function answerRepeat(
    first: StoredDelivery,
    alert: TradingViewAlert,
    context: { strategyId: string; idempotencyKey: string; remoteAddress: string },
  ): Promise<WebhookAnswer> {
    if (!sameAlert(first.payload, alert)) {
      logger.warn(context, 'tradingview idempotency key reused by a different alert');
      return fail(
        422,
        'IDEMPOTENCY_KEY_REUSED',
        `idempotency_key "${context.idempotencyKey}" was already used by a different alert of ` +
          'this strategy; make keys unique per alert, e.g. "{{ticker}}-{{timenow}}"',
        { idempotency_key: context.idempotencyKey },
      );
    }
    let stored = first;
    if (stored.outcome === PENDING && !inFlight.has(stored.id)) {
      stored = await settleInterrupted(stored, context);
    }
    for (let poll = 0; stored.outcome === PENDING && poll < inFlightPolls; poll += 1) {
      await sleep(IN_FLIGHT_POLL_MS);
      stored = (await store.find(context.strategyId, context.idempotencyKey)) ?? stored;
    }
    logger.info({ ...context, outcome: stored.outcome }, 'tradingview alert repeated');
    if (stored.outcome === PENDING) {
      return fail(
        409,
        'IN_PROGRESS',
        'an alert with this idempotency key is still being processed',
        {
          idempotency_key: context.idempotencyKey,
          correlation_id: stored.correlationId,
        },
      );
    }
    const response = isJsonObject(stored.response) ? stored.response : {};
    return { status: stored.httpStatus, body: { ...response, duplicate: true } };
  }

  /**
   * A PENDING row no request of this process is working on: the engine stopped mid-delivery.
   * It is closed as FAILED, never re-run: the entry may have reached the broker, and
   * reconciliation (not a resend) says whether it did.
   */
  async function settleInterrupted(
    stored: StoredDelivery,
    context: { strategyId: string; idempotencyKey: string },
  ): Promise<StoredDelivery> {
    const result: DeliveryResult = {
      outcome: 'FAILED',
      httpStatus: 409,
      response: errorBody(
        'INTERRUPTED',
        'the engine stopped while processing this alert; whether its order went out is ' +
          'settled by reconciliation: check the positions, and send a new idempotency key to ' +
          'trade again',
        { correlation_id: stored.correlationId },
      ),
    };
    await store.finish(stored.id, result);
    logger.warn(
      { ...context, correlationId: stored.correlationId },
      'tradingview delivery interrupted',
    );
    return (await store.find(context.strategyId, context.idempotencyKey)) ?? stored;
  }

  /** Whether a stored payload is the alert now sent, in meaning (paise, not spelling). */
  function sameAlert(storedPayload: unknown, alert: TradingViewAlert): boolean {
    const stored = tradingViewAlertFields.safeParse(storedPayload);
    // A payload the current schema no longer reads cannot be compared: trust the key.
    return !stored.success || canonicalizeAlert(stored.data) === canonicalizeAlert(alert);
  }

  async function runAlert(
    strategyId: string,
    alert: TradingViewAlert,
    correlationId: string,
    receivedAt: number,
  ): Promise<DeliveryResult> {
    try {
      const instrument = intake.resolveInstrument(alert.exchange, alert.symbol);
      if (instrument === undefined) {
        return refuse(
          correlationId,
          'UNKNOWN_INSTRUMENT',
          `${alert.exchange}:${alert.symbol} is not in the instrument master; use Kite's trading symbol`,
          { symbol: alert.symbol, exchange: alert.exchange },
        );
      }
      return alert.action === 'EXIT'
        ? await exit(strategyId, alert, instrument, correlationId)
        : await enter(strategyId, alert, instrument, correlationId, receivedAt);
    } catch (error) {
      // Kept as FAILED and not retried under the same key: the intake may have placed an
      // order before it threw, and a second entry would double the position.
      logger.error({ strategyId, correlationId, err: error }, 'tradingview alert failed');
      return {
        outcome: 'FAILED',
        httpStatus: 500,
        response: errorBody('INTERNAL', 'the engine could not process the alert', {
          correlation_id: correlationId,
        }),
      };
    }
  }

  async function exit(
    strategyId: string,
    alert: ExitAlert,
    instrument: Instrument,
    correlationId: string,
  ): Promise<DeliveryResult> {
    const { groups } = await intake.exitPositions({
      strategy: strategyOf(strategyId),
      instrument,
      reason: `TradingView EXIT alert${alert.comment === undefined ? '' : `: ${alert.comment}`}`,
    });
    return {
      outcome: 'ACCEPTED',
      httpStatus: 200,
      response: { status: 'exited', groups, correlation_id: correlationId },
    };
  }

  async function enter(
    strategyId: string,
    alert: EntryAlert,
    instrument: Instrument,
    correlationId: string,
    receivedAt: number,
  ): Promise<DeliveryResult> {
    const prices = alignAlertPrices(alert, instrument.tickSize);
    if (!prices.ok) {
      return refuse(correlationId, 'INVALID_PRICES', prices.message, { field: prices.field });
    }
    const [tp1, tp2] = alert.targets;
    const outcome = await intake.submitEntry({
      source: 'webhook',
      strategy: strategyOf(strategyId),
      instrument,
      side: alert.action,
      entry: prices.entry,
      stop: prices.stop,
      targets: prices.targets,
      sizing: alert.sizing,
      receivedAt,
      correlationId,
      features: {
        idempotency_key: alert.idempotencyKey ?? null,
        comment: alert.comment ?? null,
        alert_price_paise: alert.price,
        alert_stop_paise: alert.stop,
        alert_tp1_paise: tp1,
        alert_tp2_paise: tp2 ?? null,
        moved_to_tick: prices.moved,
      },
    });
    return answerOutcome(outcome);
  }

  return { handle };
}

/** A refusal by the risk gates or the slippage check is a normal outcome: REJECTED. */
function answerOutcome(outcome: ExternalEntryOutcome): DeliveryResult {
  if (outcome.ok) {
    return {
      outcome: 'ACCEPTED',
      httpStatus: 202,
      response: {
        status: 'accepted',
        signal_id: outcome.signalId,
        decision_id: outcome.decisionId,
        group_id: outcome.groupId,
        quantity: outcome.quantity,
        sent_price: outcome.sentPrice,
        repriced: outcome.repriced,
        correlation_id: outcome.correlationId,
      },
    };
  }
  return {
    outcome: 'REJECTED',
    httpStatus: 422,
    response: errorBody('REFUSED', outcome.message, {
      refused_by: outcome.code,
      reason: outcome.reason,
      signal_id: outcome.signalId,
      decision_id: outcome.decisionId,
      correlation_id: outcome.correlationId,
    }),
  };
}

function refuse(
  correlationId: string,
  code: string,
  message: string,
  extra: JsonObject,
): DeliveryResult {
  return {
    outcome: 'REJECTED',
    httpStatus: 422,
    response: errorBody(code, message, { ...extra, correlation_id: correlationId }),
  };
}

function strategyOf(strategyId: string): string {
  return `tv:${strategyId}`;
}

function errorBody(code: string, message: string, extra: JsonObject = {}): JsonObject {
  return { error: { ...extra, code, message } };
}

function fail(status: number, code: string, message: string, extra: JsonObject = {}) {
  return { status, body: errorBody(code, message, extra) };
}

function rateLimited(why: string, retryAfterSeconds: number): WebhookAnswer {
  return fail(429, 'RATE_LIMITED', `${why}; retry later`, {
    retry_after_seconds: retryAfterSeconds,
  });
}

/**
 * TradingView posts a message that is not valid JSON as text/plain, which Fastify hands over
 * as a string: it is read here, so that a broken template gets a 400 saying why.
 */
function readBody(
  body: unknown,
):
  | { readonly ok: true; readonly alert: Record<string, unknown> }
  | { readonly ok: false; readonly message: string } {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body) as unknown;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, message: `the alert message is not valid JSON: ${reason}` };
    }
  }
  return isJsonObject(value)
    ? { ok: true, alert: value }
    : { ok: false, message: 'the alert must be a JSON object' };
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Refuses a configuration the webhook could not serve, before any alert arrives. */
function readSecrets(secrets: Readonly<Record<string, string>>): ReadonlyMap<string, string> {
  const entries = Object.entries(secrets);
  for (const [strategyId, secret] of entries) {
    if (!STRATEGY_ID.test(strategyId)) {
      throw new RangeError(
        `webhook strategy id "${strategyId}" must be 1-61 letters, digits, '.', '_' or '-'`,
      );
    }
    // An empty secret would let an alert with `"secret": ""` trade.
    if (secret.length === 0) throw new RangeError(`webhook strategy ${strategyId} has no secret`);
  }
  // A Map, so that "constructor" or "__proto__" in the URL finds no inherited property.
  return new Map(entries);
}
