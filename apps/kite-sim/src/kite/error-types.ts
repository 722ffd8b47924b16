/**
 * Kite Connect's error types and the HTTP status each comes with. Clients classify failures by
 * `error_type` first, so the pairing must be exact; NetworkException is also used, with 429,
 * for rate limiting (see KiteError's status override).
 */
export const KITE_ERROR_STATUS = {
  TokenException: 403,
  PermissionException: 403,
  UserException: 403,
  InputException: 400,
  OrderException: 400,
  MarginException: 400,
  HoldingException: 400,
  NetworkException: 503,
  DataException: 504,
  GeneralException: 500,
} as const;

export type KiteErrorType = keyof typeof KITE_ERROR_STATUS;

export function isKiteErrorType(value: string): value is KiteErrorType {
  return Object.hasOwn(KITE_ERROR_STATUS, value);
}
