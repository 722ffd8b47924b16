import type { z } from 'zod';
import { executeSignalBody, executeSignalResponse } from '../execute-signal/execute-signal-body';
import { slippageConfigSchema } from '../slippage/slippage-config';
import {
  tradingConfigGetResponse,
  tradingConfigPutBody,
  tradingConfigPutResponse,
} from '../trading-config/trading-config-body';
import {
  controlOkBody,
  errorBody,
  exitPositionBody,
  exitPositionOkBody,
  flattenBody,
  flattenReportBody,
  healthBody,
  modeBody,
  objectBody,
  pauseBody,
  postbackOkBody,
  resetBody,
  reconciliationRunBody,
  resumeBody,
  sessionBody,
} from './route-schemas';

export type OperationId =
  | 'healthz'
  | 'metrics'
  | 'openapi'
  | 'status'
  | 'risk'
  | 'market'
  | 'pause'
  | 'resume'
  | 'reset'
  | 'flatten'
  | 'exitPosition'
  | 'setMode'
  | 'session'
  | 'reconciliationStatus'
  | 'reconciliationRun'
  | 'discrepancies'
  | 'riskStatus'
  | 'systemMetrics'
  | 'slippageStats'
  | 'slippageHistory'
  | 'slippageConfig'
  | 'setSlippageConfig'
  | 'tradingConfig'
  | 'setTradingConfig'
  | 'executeSignal'
  | 'tradingViewWebhook'
  | 'postback';

export interface ResponseSpec {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** application/json unless said otherwise. */
  readonly contentType?: string;
}

export interface RouteSpec {
  readonly operationId: OperationId;
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly url: string;
  /** 'none' only where the caller cannot hold the token (Kite, Prometheus, probes). */
  readonly auth: 'none' | 'bearer';
  readonly summary: string;
  readonly body?: z.ZodType;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
}

const unauthorized: ResponseSpec = {
  description: 'Missing or wrong bearer token',
  schema: errorBody,
};
const badRequest: ResponseSpec = {
  description: 'Body or header invalid; nothing changed',
  schema: errorBody,
};
const refused: ResponseSpec = {
  description: 'Refused by the engine (typed code); nothing changed',
  schema: errorBody,
};
const controlOk: ResponseSpec = { description: 'Done; the new state', schema: controlOkBody };

/** The engine API. The server registers exactly these, and the OpenAPI document lists them. */
export const ROUTES: readonly RouteSpec[] = [
  {
    operationId: 'healthz',
    method: 'GET',
    url: '/healthz',
    auth: 'none',
    summary: 'Liveness and readiness: database, market data, Kite session, trading state',
    responses: {
      200: { description: 'Ready', schema: healthBody },
      503: { description: 'Up but not ready', schema: healthBody },
    },
  },
  {
    operationId: 'metrics',
    method: 'GET',
    url: '/metrics',
    auth: 'none',
    summary: 'Prometheus metrics (text exposition format)',
    responses: {
      200: { description: 'Metrics', contentType: 'text/plain; version=0.0.4; charset=utf-8' },
    },
  },
  {
    operationId: 'postback',
    method: 'POST',
    url: '/postback',
    auth: 'none',
    summary: 'Kite order postbacks (verified by their checksum, not a bearer token)',
    body: objectBody,
    responses: {
      200: { description: 'Accepted', schema: postbackOkBody },
      400: { description: 'Not a valid postback', schema: errorBody },
    },
  },
  {
    operationId: 'openapi',
    method: 'GET',
    url: '/openapi.json',
    auth: 'bearer',
    summary: 'This document',
    responses: {
      200: { description: 'OpenAPI 3.1 document', schema: objectBody },
      401: unauthorized,
    },
  },
  {
    operationId: 'status',
    method: 'GET',
    url: '/status/all',
    auth: 'bearer',
    summary: 'Everything the dashboard shows at a glance',
    responses: { 200: { description: 'Engine status', schema: objectBody }, 401: unauthorized },
  },
  {
    operationId: 'risk',
    method: 'GET',
    url: '/risk',
    auth: 'bearer',
    summary: 'Risk limits, usage, auto-pause reasons and recent risk events',
    responses: { 200: { description: 'Risk view', schema: objectBody }, 401: unauthorized },
  },
  {
    operationId: 'market',
    method: 'GET',
    url: '/api/market',
    auth: 'bearer',
    summary: 'The IST market session as the engine sees it',
    responses: { 200: { description: 'Market session', schema: objectBody }, 401: unauthorized },
  },
  {
    operationId: 'pause',
    method: 'POST',
    url: '/pause',
    auth: 'bearer',
    summary: 'Stop new entries (exits continue)',
    body: pauseBody,
    responses: { 200: controlOk, 400: badRequest, 401: unauthorized, 409: refused },
  },
  {
    operationId: 'resume',
    method: 'POST',
    url: '/resume',
    auth: 'bearer',
    summary: 'Allow new entries again (PAUSED → ACTIVE; never out of HALTED)',
    body: resumeBody,
    responses: { 200: controlOk, 400: badRequest, 401: unauthorized, 409: refused },
  },
  {
    operationId: 'reset',
    method: 'POST',
    url: '/reset',
    auth: 'bearer',
    summary: 'Release the kill switch: HALTED → PAUSED (resume separately)',
    body: resetBody,
    responses: { 200: controlOk, 400: badRequest, 401: unauthorized, 409: refused },
  },
  {
    operationId: 'flatten',
    method: 'POST',
    url: '/flatten',
    auth: 'bearer',
    summary: 'Kill switch: HALT, cancel every working order, exit every position',
    body: flattenBody,
    responses: {
      200: { description: 'What happened to every order', schema: flattenReportBody },
      400: badRequest,
      401: unauthorized,
    },
  },
  {
    operationId: 'exitPosition',
    method: 'POST',
    url: '/api/positions/exit',
    auth: 'bearer',
    summary:
      'Exit one bracket now: cancel its working orders and exit what it holds at the market (entries continue)',
    body: exitPositionBody,
    responses: {
      200: {
        description: "Exit commanded; the group's state after it",
        schema: exitPositionOkBody,
      },
      400: badRequest,
      401: unauthorized,
      404: { description: 'No such group, or it is already closed', schema: errorBody },
      409: refused,
    },
  },
  {
    operationId: 'setMode',
    method: 'POST',
    url: '/mode',
    auth: 'bearer',
    summary: 'Switch between PAPER and LIVE',
    body: modeBody,
    responses: { 200: controlOk, 400: badRequest, 401: unauthorized, 409: refused },
  },
  {
    operationId: 'session',
    method: 'POST',
    url: '/session',
    auth: 'bearer',
    summary: "A new Kite session from the login redirect's request token",
    body: sessionBody,
    responses: { 200: controlOk, 400: badRequest, 401: unauthorized, 409: refused },
  },
  {
    operationId: 'reconciliationStatus',
    method: 'GET',
    url: '/api/reconciliation/status',
    auth: 'bearer',
    summary: 'The last reconciliation with the broker, and the instruments it blocked',
    responses: { 200: { description: 'Status', schema: objectBody }, 401: unauthorized },
  },
  {
    operationId: 'reconciliationRun',
    method: 'POST',
    url: '/api/reconciliation/run',
    auth: 'bearer',
    summary: 'Reconcile orders, fills and positions with the broker now',
    body: reconciliationRunBody,
    responses: { 200: controlOk, 400: badRequest, 401: unauthorized, 409: refused },
  },
  {
    operationId: 'discrepancies',
    method: 'GET',
    url: '/api/reconciliation/discrepancies',
    auth: 'bearer',
    summary: 'Discrepancies found, newest first (?limit=1..500, ?unresolved=true)',
    responses: {
      200: { description: 'Discrepancies', schema: objectBody },
      400: badRequest,
      401: unauthorized,
    },
  },
  {
    operationId: 'riskStatus',
    method: 'GET',
    url: '/api/risk/status',
    auth: 'bearer',
    summary: 'Risk limits, usage, auto-pause reasons and recent risk events (as GET /risk)',
    responses: { 200: { description: 'Risk', schema: objectBody }, 401: unauthorized },
  },
  {
    operationId: 'slippageStats',
    method: 'GET',
    url: '/api/slippage/stats',
    auth: 'bearer',
    summary:
      'Slippage and latency by strategy, instrument and IST hour: mean, p50, p95, favourable share, latency percentiles per step (?hours=1..2160, default 24)',
    responses: {
      200: { description: 'Statistics', schema: objectBody },
      400: badRequest,
      401: unauthorized,
    },
  },
  {
    operationId: 'slippageHistory',
    method: 'GET',
    url: '/api/slippage/history',
    auth: 'bearer',
    summary:
      'Slippage samples, newest first (?limit=1..500, ?cursor from the previous page, ?strategy, ?check=ACCEPTED|REPRICED|REJECTED)',
    responses: {
      200: { description: 'A page of samples and the next cursor', schema: objectBody },
      400: badRequest,
      401: unauthorized,
    },
  },
  {
    operationId: 'slippageConfig',
    method: 'GET',
    url: '/api/slippage/config',
    auth: 'bearer',
    summary: 'The slippage tolerances in force, with their config SHA',
    responses: { 200: { description: 'Config', schema: objectBody }, 401: unauthorized },
  },
  {
    operationId: 'setSlippageConfig',
    method: 'PUT',
    url: '/api/slippage/config',
    auth: 'bearer',
    summary:
      'Replace the slippage tolerances (omitted fields take their defaults); validated, audited, stored under a new config SHA',
    body: slippageConfigSchema,
    responses: { 200: controlOk, 400: badRequest, 401: unauthorized, 409: refused },
  },
  {
    operationId: 'tradingConfig',
    method: 'GET',
    url: '/api/config/trading',
    auth: 'bearer',
    summary:
      'The trading config in force (as config/trading.yaml writes it, every default filled) with its SHA, and a config stored since for the next start',
    responses: {
      200: { description: 'Config', schema: tradingConfigGetResponse },
      401: unauthorized,
    },
  },
  {
    operationId: 'setTradingConfig',
    method: 'PUT',
    url: '/api/config/trading',
    auth: 'bearer',
    summary:
      'Store a new trading config (validated as the file is; audited; a new config version): the engine applies it at its next start',
    body: tradingConfigPutBody,
    responses: {
      200: { description: 'Stored for the next start; its SHA', schema: tradingConfigPutResponse },
      400: {
        description: 'Not valid: every problem named (`errors`, `issues`); nothing stored',
        schema: errorBody,
      },
      401: unauthorized,
    },
  },
  {
    operationId: 'executeSignal',
    method: 'POST',
    url: '/live/execute-signal',
    auth: 'bearer',
    summary:
      'Execute a NIFTY weekly option signal (quantity in lots) through the risk gates and the slippage check; with a hedge, the far-OTM buy is filled first',
    body: executeSignalBody,
    responses: {
      200: {
        description: 'Sent (and filled, partly filled or still working)',
        schema: executeSignalResponse,
      },
      400: badRequest,
      401: unauthorized,
      422: {
        description: 'Refused (risk gates, slippage, hedge not filled, unknown contract)',
        schema: executeSignalResponse,
      },
    },
  },
  {
    operationId: 'tradingViewWebhook',
    method: 'POST',
    url: '/webhooks/tradingview/:strategyId',
    auth: 'none',
    summary:
      "TradingView alert for a strategy; authenticated by the strategy's secret in the JSON body (TradingView cannot send headers); idempotent by key; rate-limited",
    body: objectBody,
    responses: {
      200: {
        description: 'EXIT done, or a repeat of an alert already processed',
        schema: objectBody,
      },
      202: { description: 'Entry accepted: the bracket is open', schema: objectBody },
      400: { description: 'Malformed alert; the field is named', schema: errorBody },
      401: { description: 'Wrong or missing secret', schema: errorBody },
      404: { description: 'Unknown strategy id', schema: errorBody },
      422: { description: 'Refused (risk gates, slippage, unknown instrument)', schema: errorBody },
      429: {
        description: 'Too many alerts for this strategy; retry after the given seconds',
        schema: errorBody,
      },
    },
  },
  {
    operationId: 'systemMetrics',
    method: 'GET',
    url: '/system/metrics',
    auth: 'bearer',
    summary: 'CPU, memory, disk, network and event-loop delay of the engine host',
    responses: { 200: { description: 'Readings', schema: objectBody }, 401: unauthorized },
  },
];
