/** The Kite error types the exchange itself can produce; the facade maps them to HTTP statuses. */
export const EXCHANGE_ERROR_TYPES = [
  'InputException',
  'OrderException',
  'MarginException',
  'NetworkException',
  'GeneralException',
] as const;
export type ExchangeErrorType = (typeof EXCHANGE_ERROR_TYPES)[number];

export interface ExchangeError {
  readonly type: ExchangeErrorType;
  readonly message: string;
}

/** A synchronous answer: accepted (with the order id) or refused, never thrown. */
export type OrderResult =
  | { readonly ok: true; readonly orderId: string }
  | { readonly ok: false; readonly error: ExchangeError };

/** A synchronous answer that carries nothing when accepted (position conversion). */
export type ConvertResult =
  { readonly ok: true } | { readonly ok: false; readonly error: ExchangeError };

export type ExchangeResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ExchangeError };
