import type { Logger } from '@kavach/config';
import { isDatabaseUnavailable } from '@kavach/db';
import type { Clock, MarketCalendar } from '@kavach/domain';
import Fastify, { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { z } from 'zod';
import type { ControlStore } from '../control/control-store';
import type { Actor } from '../control/ports';
import type { EngineMetrics } from '../metrics/engine-metrics';
import { sendError } from './api-error';
import { readBearerToken, tokensMatch } from './bearer-token';
import type { ControlResult, EngineApi, ExitPositionResult } from './engine-api';
import { describeMarket } from './market-status';
import { buildOpenApiDocument } from './openapi';
import { ACTOR_HEADER, readActor } from './request-actor';
import {
  exitPositionBody,
  flattenBody,
  modeBody,
  objectBody,
  pauseBody,
  resetBody,
  discrepanciesQuery,
  reconciliationRunBody,
  resumeBody,
  sessionBody,
  slippageHistoryQuery,
  slippageStatsQuery,
} from './route-schemas';
import { slippageConfigSchema } from '../slippage/slippage-config';
import { type OperationId, ROUTES } from './routes';

export type EngineServer = ReturnType<typeof buildEngineServer>;

export interface EngineServerDeps {
  readonly api: EngineApi;
  /** ENGINE_API_TOKEN, or the generated one (resolveEngineToken). */
  readonly token: string;
  readonly metrics: EngineMetrics;
  /** Where control actions are audited (createDbControlStore in the engine). */
  readonly audit: Pick<ControlStore, 'appendAudit'>;
  readonly clock: Clock;
  readonly calendar: MarketCalendar;
  readonly logger: Logger;
  /** Shown in the OpenAPI document. */
  readonly version?: string;
}

const registeredRoutes = new WeakMap<object, readonly { method: string; url: string }[]>();

/** Every route a server built here registered, as Fastify saw them (for the OpenAPI check). */
export function listRegisteredRoutes(app: object): readonly { method: string; url: string }[] {
  return registeredRoutes.get(app) ?? [];
}

type Handler = (request: FastifyRequest, reply: FastifyReply) => unknown;

const MIN_TOKEN_LENGTH = 16;
const QUIET_PATHS = new Set(['/healthz', '/metrics']);
const POSTBACK_BODY_LIMIT = 64 * 1024;

/**
 * The engine's HTTP API: control (pause, resume, reset, flatten, mode), status, risk, health,
 * metrics and Kite postbacks. Bearer auth on everything but /healthz, /metrics and /postback;
 * every control request that passes auth is audited with who asked and what came of it.
 */
export function buildEngineServer(deps: EngineServerDeps) {
  if (deps.token.length < MIN_TOKEN_LENGTH) {
    throw new RangeError(`the engine API token must be at least ${MIN_TOKEN_LENGTH} characters`);
  }
  const { api, metrics, logger } = deps;
  // No automatic HEAD routes: the API is exactly the route table, as documented.
  const app = Fastify({
    loggerInstance: logger,
    // Probes, scrapes and the dashboard's status polls every few seconds would drown the
    // request log; control actions are logged (and audited).
    logController: new LogController({
      disableRequestLogging: (request) => request.method === 'GET' || QUIET_PATHS.has(request.url),
    }),
    exposeHeadRoutes: false,
    // A URL the router cannot read (bad percent-encoding, a path parameter over its length
    // limit) is refused before any hook runs; it gets the API's error shape all the same.
    frameworkErrors: (error, _request, reply) => {
      if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
        void sendError(reply, 414, 'URI_TOO_LONG', 'a path parameter of the URL is too long');
      } else {
        void sendError(reply, 400, 'BAD_URL', 'the URL is not valid (bad percent-encoding?)');
      }
    },
  });
  const registered: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) registered.push({ method, url: route.url });
  });
  registeredRoutes.set(app, registered);
  const openApi = buildOpenApiDocument(ROUTES, deps.version ?? '0.0.0');
  const publicRoutes = new Set(
    ROUTES.filter((r) => r.auth === 'none').map((r) => `${r.method} ${r.url}`),
  );

  app.addHook('onRequest', (request, reply, done) => {
    const route = request.routeOptions.url;
    if (route !== undefined && publicRoutes.has(`${request.method} ${route}`)) {
      done();
      return;
    }
    const presented = readBearerToken(request.headers.authorization);
    if (presented !== null && tokensMatch(presented, deps.token)) {
      done();
      return;
    }
    // Replying from an onRequest hook ends the request here: no handler, no body parsing.
    void sendError(
      reply.header('www-authenticate', 'Bearer'),
      401,
      'UNAUTHORIZED',
      presented === null ? 'a bearer token is required' : 'the bearer token is not valid',
    );
  });

  app.addHook('onResponse', async (request, reply) => {
    metrics.observeApiRequest(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, 'NOT_FOUND', `no route ${request.method} ${request.url}`),
  );

  app.setErrorHandler((error: unknown, request, reply) => {
    const status = statusOf(error);
    if (status === 413) return sendError(reply, 413, 'PAYLOAD_TOO_LARGE', 'the body is too large');
    if (status >= 400 && status < 500) {
      return sendError(reply, 400, 'BAD_REQUEST', messageOf(error));
    }
    if (isDatabaseUnavailable(error)) {
      // No record, no action: nothing was done, and the caller may try again (ADR 7).
      request.log.warn({ err: error }, 'engine API request refused: PostgreSQL unreachable');
      void reply.header('retry-after', '5');
      return sendError(
        reply,
        503,
        'DATABASE_UNAVAILABLE',
        'the database is unreachable: nothing was done; protective orders go on, try again shortly',
      );
    }
    request.log.error({ err: error }, 'engine API request failed');
    return sendError(reply, 500, 'INTERNAL', 'the engine could not complete the request');
  });

  async function audit(actor: Actor, action: string, payload: Record<string, unknown>) {
    try {
      await deps.audit.appendAudit({
        actor,
        action,
        entity: 'engine_api',
        payload,
        at: deps.clock.now(),
      });
    } catch (error) {
      logger.error({ err: error, action }, 'engine API audit not written');
    }
  }

  /**
   * One control action: who is asking, a valid body, the engine's answer, an audit row — in
   * that order. A request refused at any step changes nothing and still says why.
   */
  function control<S extends z.ZodType>(
    action: string,
    schema: S,
    run: (actor: Actor, body: z.output<S>) => Promise<Answer>,
    /** What the audit row keeps of the body; secrets never reach it. */
    recordable: (body: z.output<S>) => unknown = (body) => body,
  ): Handler {
    return async (request, reply) => {
      const who = readActor(request.headers[ACTOR_HEADER]);
      if (!who.ok) return sendError(reply, 400, 'BAD_REQUEST', who.message);
      // No body at all reads as {} (POST /resume needs none); a JSON null is a wrong body.
      const parsed = schema.safeParse(request.body === undefined ? {} : request.body);
      if (!parsed.success) {
        const issues = issuesOf(parsed.error);
        await audit(who.actor, action, { result: 'BAD_REQUEST', issues });
        return sendError(reply, 400, 'BAD_REQUEST', 'the request body is not valid', { issues });
      }
      let answer: Answer;
      try {
        answer = await run(who.actor, parsed.data);
      } catch (error) {
        await audit(who.actor, action, {
          request: recordable(parsed.data),
          result: 'ERROR',
          error: messageOf(error),
        });
        throw error;
      }
      await audit(who.actor, action, { request: recordable(parsed.data), result: answer.result });
      return reply.code(answer.status).send(answer.body);
    };
  }

  /** A GET query parsed by its schema, or a 400 naming what is wrong. */
  async function withQuery<S extends z.ZodType>(
    schema: S,
    request: FastifyRequest,
    reply: FastifyReply,
    run: (query: z.output<S>) => Promise<unknown>,
  ): Promise<unknown> {
    const query = schema.safeParse(request.query ?? {});
    if (!query.success) {
      return sendError(reply, 400, 'BAD_REQUEST', 'the query is not valid', {
        issues: issuesOf(query.error),
      });
    }
    return run(query.data);
  }

  const handlers: Record<OperationId, Handler> = {
    healthz: async (_request, reply) => {
      try {
        const health = await api.health();
        return await reply
          .code(health.ok ? 200 : 503)
          .send({ status: health.ok ? 'ok' : 'degraded', details: health.details });
      } catch (error) {
        return reply.code(503).send({ status: 'degraded', details: { error: messageOf(error) } });
      }
    },
    metrics: async (_request, reply) =>
      reply.type(metrics.contentType).send(await metrics.render()),
    openapi: (_request, reply) => reply.send(openApi),
    status: () => api.status(),
    risk: () => api.risk(),
    market: () => Promise.resolve(describeMarket(deps.calendar, deps.clock.now())),
    postback: async (request, reply) => {
      const result = api.receivePostback(request.body);
      if (result.ok) return reply.send({ ok: true });
      logger.warn({ reason: result.reason }, 'postback refused');
      return sendError(reply, 400, 'BAD_POSTBACK', result.reason);
    },
    pause: control('api.pause', pauseBody, async (actor, body) =>
      answerOf(await api.pause(actor, body.reason)),
    ),
    resume: control('api.resume', resumeBody, async (actor, body) =>
      answerOf(await api.resume(actor, body.reason ?? `resumed by ${actor.name}`)),
    ),
    reset: control('api.reset', resetBody, async (actor) => answerOf(await api.reset(actor))),
    flatten: control('api.flatten', flattenBody, async (actor, body) => {
      const report = await api.flatten(actor, body.reason);
      return { status: 200, body: report, result: { flat: report.flat, report } };
    }),
    exitPosition: control('api.positions.exit', exitPositionBody, async (actor, body) =>
      exitAnswerOf(await api.exitPosition(actor, body.groupId, body.reason)),
    ),
    setMode: control('api.mode', modeBody, async (actor, body) =>
      answerOf(await api.setMode(actor, body.mode, body.confirmation ?? null)),
    ),
    reconciliationStatus: () => api.reconciliationStatus(),
    riskStatus: () => api.risk(),
    systemMetrics: () => api.systemMetrics(),
    reconciliationRun: control('api.reconciliation.run', reconciliationRunBody, async (actor) =>
      answerOf(await api.runReconciliation(actor)),
    ),
    discrepancies: (request, reply) =>
      withQuery(discrepanciesQuery, request, reply, (query) =>
        api.discrepancies({ limit: query.limit, unresolvedOnly: query.unresolved }),
      ),
    slippageStats: (request, reply) =>
      withQuery(slippageStatsQuery, request, reply, (query) => api.slippageStats(query)),
    slippageHistory: (request, reply) =>
      withQuery(slippageHistoryQuery, request, reply, async (query) => {
        const answer = await api.slippageHistory({
          limit: query.limit,
          cursor: query.cursor ?? null,
          strategy: query.strategy ?? null,
          check: query.check ?? null,
        });
        return reply.code(answer.status).send(answer.body);
      }),
    slippageConfig: () => api.slippageConfig(),
    setSlippageConfig: control('api.slippage.config', slippageConfigSchema, async (actor, body) =>
      answerOf(await api.setSlippageConfig(actor, body)),
    ),
    tradingConfig: () => api.tradingConfig(),
    // Any object passes here: the engine validates it as the config file and names each problem.
    setTradingConfig: control('api.config.trading', objectBody, async (actor, body) => {
      const answer = await api.setTradingConfig(actor, body);
      return { ...answer, result: answer.status === 200 ? 'OK' : 'INVALID_CONFIG' };
    }),
    executeSignal: async (request, reply) => {
      const receivedAt = deps.clock.now();
      const who = readActor(request.headers[ACTOR_HEADER]);
      if (!who.ok) return sendError(reply, 400, 'BAD_REQUEST', who.message);
      const answer = await api.executeSignal(who.actor, request.body, receivedAt);
      await audit(who.actor, 'api.execute-signal', {
        request: request.body ?? null,
        status: answer.status,
        result: answer.body,
      });
      return reply.code(answer.status).send(answer.body);
    },
    tradingViewWebhook: async (request, reply) => {
      const { strategyId } = request.params as { strategyId: string };
      // A text/plain body (TradingView's for a message it does not see as JSON) is read there.
      const answer = await api.tradingViewWebhook(strategyId, request.body, request.ip);
      if (answer.status === 429) {
        const seconds = retryAfterOf(answer.body);
        if (seconds !== null) void reply.header('retry-after', String(seconds));
      }
      return reply.code(answer.status).send(answer.body);
    },
    session: control(
      'api.session',
      sessionBody,
      async (actor, body) => answerOf(await api.renewSession(actor, body.request_token)),
      () => ({ request_token: '[secret]' }),
    ),
  };

  for (const route of ROUTES) {
    app.route({
      method: route.method,
      url: route.url,
      handler: handlers[route.operationId],
      ...(route.operationId === 'postback' || route.operationId === 'tradingViewWebhook'
        ? { bodyLimit: POSTBACK_BODY_LIMIT }
        : {}),
    });
  }
  return app;
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
  /** What the audit row records as the outcome. */
  readonly result: unknown;
}

function answerOf(result: ControlResult): Answer {
  if (result.ok) return { status: 200, body: result, result: 'OK' };
  return {
    status: 409,
    body: { error: { ...result.details, code: result.code, message: result.message } },
    result: result.code,
  };
}

function exitAnswerOf(result: ExitPositionResult): Answer {
  if (result.ok) return { status: 200, body: result, result: { status: result.status } };
  return {
    status: result.code === 'HEDGE_IN_USE' ? 409 : 404,
    body: { error: { code: result.code, message: result.message } },
    result: result.code,
  };
}

/** Each zod issue as the API reports it: a dotted path and a message. */
function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

function retryAfterOf(body: unknown): number | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const error: unknown = body.error;
  if (typeof error !== 'object' || error === null) return null;
  for (const key of ['retry_after_seconds', 'retryAfterSeconds', 'retry_after']) {
    const value: unknown = (error as Record<string, unknown>)[key];
    if (typeof value === 'number' && Number.isFinite(value)) return Math.ceil(value);
  }
  return null;
}

function statusOf(error: unknown): number {
  if (typeof error === 'object' && error !== null && 'statusCode' in error) {
    const status = error.statusCode;
    if (typeof status === 'number') return status;
  }
  return 500;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
