import { KITE_ERROR_STATUS } from './error-types';
import type { KiteErrorType } from './error-types';

/** A failure to answer in Kite's error envelope. Thrown anywhere below a route handler. */
export class KiteError extends Error {
  readonly errorType: KiteErrorType;
  readonly httpStatus: number;

  constructor(errorType: KiteErrorType, message: string, httpStatus?: number) {
    super(message);
    this.name = 'KiteError';
    this.errorType = errorType;
    this.httpStatus = httpStatus ?? KITE_ERROR_STATUS[errorType];
  }
}

/** The messages Kite uses verbatim; clients match on some of them. */
export const KITE_MESSAGES = {
  badToken: 'Incorrect `api_key` or `access_token`.',
  badChecksum: 'Invalid `checksum`.',
  badRequestToken: 'Token is invalid or has expired.',
  tooManyRequests: 'Too many requests',
  routeNotFound: 'Route not found',
  unknownOrder: "Couldn't find that `order_id`.",
} as const;

export function tokenError(): KiteError {
  return new KiteError('TokenException', KITE_MESSAGES.badToken);
}

export function tooManyRequests(): KiteError {
  return new KiteError('NetworkException', KITE_MESSAGES.tooManyRequests, 429);
}

export function inputError(message: string): KiteError {
  return new KiteError('InputException', message);
}
