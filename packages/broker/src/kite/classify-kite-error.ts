import { STATUS_CODES } from 'node:http';
import type { BrokerFailure, BrokerFailureKind } from '../broker';
import { isWireRecord } from './wire-fields';

/** PLACE, MODIFY and CANCEL may take effect even when no clear answer comes back. */
export type KiteOperation = 'PLACE' | 'MODIFY' | 'CANCEL' | 'READ';

export interface KiteErrorContext {
  readonly operation: KiteOperation;
  /** The HTTP status of the answer, when there was one and it could be seen. */
  readonly httpStatus: number | null;
}

/** Kite's refusals: the request was read and turned down, so it did not take effect. */
const REFUSALS = new Set([
  'InputException',
  'OrderException',
  'MarginException',
  'PermissionException',
  'HoldingException',
  'GeneralException',
]);

/** Errors nothing but a person can clear: a dead session, a blocked user. */
const FATAL_TYPES = new Set(['TokenException', 'UserException']);

/** Socket errors raised before the request left: sending again is safe. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);

/** Kite's own words for "busy, ask again": the order is changing (or already finished). */
const BUSY = /being processed\.?\s*try later/i;
const TOO_MANY_REQUESTS = /^too many requests$/i;
/** Definitive caps, sent as NetworkException all the same. */
const CAPS = /maximum allowed order (modifications|requests) exceeded/i;
/** What the client writes when no answer came back (timeout, reset, refused). */
const NO_RESPONSE = /^No response from server with error code: (\S+)/;

const STATUS_BY_TEXT = new Map(
  Object.entries(STATUS_CODES).map(([code, text]) => [text?.toLowerCase(), Number(code)]),
);

function failure(
  kind: BrokerFailureKind,
  code: string,
  message: string,
  httpStatus: number | null,
): BrokerFailure {
  return { kind, code, message, httpStatus };
}

/** Unknown outcome: a write may have happened (AMBIGUOUS); a read can simply be asked again. */
function unknownOutcome(context: KiteErrorContext): BrokerFailureKind {
  return context.operation === 'READ' ? 'RETRYABLE' : 'AMBIGUOUS';
}

function describe(error: unknown): {
  errorType: string | null;
  message: string;
  sysCode: string | null;
} {
  if (isWireRecord(error)) {
    const errorType = typeof error.error_type === 'string' ? error.error_type : null;
    const message = typeof error.message === 'string' ? error.message : JSON.stringify(error);
    const sysCode = typeof error.code === 'string' ? error.code : null;
    return { errorType, message, sysCode };
  }
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return {
      errorType: null,
      message: error.message,
      sysCode: typeof code === 'string' ? code : null,
    };
  }
  return { errorType: null, message: String(error), sysCode: null };
}

function classifySocketError(
  sysCode: string,
  message: string,
  context: KiteErrorContext,
): BrokerFailure {
  if (NOT_SENT_CODES.has(sysCode)) return failure('RETRYABLE', 'NETWORK', message, null);
  if (TIMEOUT_CODES.has(sysCode)) return failure(unknownOutcome(context), 'TIMEOUT', message, null);
  return failure(unknownOutcome(context), 'NETWORK', message, null);
}

/**
 * What a failed kiteconnect call means for the caller. The client rejects with Kite's JSON
 * error (`{status, message, error_type}`), with its own `{error_type: 'NetworkException',
 * message}` when the answer was not Kite's JSON (statusText) or never came ("No response from
 * server with error code: …"), or, rarely, with an Error. When in doubt about a write, the
 * answer is AMBIGUOUS: a false rejection could place an order twice.
 */
export function classifyKiteError(error: unknown, context: KiteErrorContext): BrokerFailure {
  const { errorType, message, sysCode } = describe(error);
  const noResponse = NO_RESPONSE.exec(message);
  if (noResponse !== null) return classifySocketError(noResponse[1] ?? '', message, context);
  if (errorType === null) {
    if (sysCode !== null) return classifySocketError(sysCode, message, context);
    return failure(unknownOutcome(context), 'UNPARSEABLE', message, context.httpStatus);
  }

  const statusFromText = STATUS_BY_TEXT.get(message.toLowerCase()) ?? null;
  const httpStatus = context.httpStatus ?? statusFromText;

  if (FATAL_TYPES.has(errorType)) return failure('FATAL', errorType, message, httpStatus);
  if (BUSY.test(message)) return failure('RETRYABLE', errorType, message, httpStatus);
  if (httpStatus === 429 || TOO_MANY_REQUESTS.test(message)) {
    return failure('RETRYABLE', errorType, message, httpStatus ?? 429);
  }
  if (CAPS.test(message)) return failure('NON_RETRYABLE', errorType, message, httpStatus);
  if (REFUSALS.has(errorType)) {
    // GeneralException is Kite's "unclassified" error, sent with a 500. For a modify or cancel
    // it is a definitive answer ("Couldn't find that `order_id`."); for a new order a server
    // failure may come after the order was taken, and a false rejection would place it twice.
    const placeServerFailure =
      errorType === 'GeneralException' &&
      context.operation === 'PLACE' &&
      httpStatus !== null &&
      httpStatus >= 500;
    if (placeServerFailure) return failure('AMBIGUOUS', errorType, message, httpStatus);
    return failure('NON_RETRYABLE', errorType, message, httpStatus);
  }
  // Not Kite's JSON: a gateway answered (the client passes its statusText on).
  if (statusFromText !== null && errorType === 'NetworkException') {
    if (statusFromText >= 500) {
      return failure(unknownOutcome(context), 'HTTP_5XX', message, httpStatus);
    }
    return failure('NON_RETRYABLE', 'HTTP_4XX', message, httpStatus);
  }
  // NetworkException (503), DataException (504) and types Kite may add later.
  return failure(unknownOutcome(context), errorType, message, httpStatus);
}

/**
 * The client resolves (rather than rejects) with `{error_type: 'DataException', message}` when
 * an answer is not JSON; a success value carrying `error_type` is such an error.
 */
export function isKiteErrorPayload(value: unknown): boolean {
  return isWireRecord(value) && typeof value.error_type === 'string';
}
