import type { KiteErrorType } from './error-types';

export interface KiteSuccess<T> {
  readonly status: 'success';
  readonly data: T;
}

export interface KiteFailure {
  readonly status: 'error';
  readonly message: string;
  readonly error_type: KiteErrorType;
}

export function successBody<T>(data: T): KiteSuccess<T> {
  return { status: 'success', data };
}

export function errorBody(errorType: KiteErrorType, message: string): KiteFailure {
  return { status: 'error', message, error_type: errorType };
}
