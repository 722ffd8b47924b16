import { isKiteErrorType } from '../kite/error-types';
import { KiteError } from '../kite/kite-error';
import type { PortResult } from './trading-port';

/** The value of a port answer, or the Kite error it carries (thrown for the error handler). */
export function unwrap<T>(result: PortResult<T>): T {
  if (result.ok) return result.value;
  const { type, message } = result.error;
  throw new KiteError(isKiteErrorType(type) ? type : 'GeneralException', message);
}
