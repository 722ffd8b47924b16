import { describe, expect, it } from 'vitest';
import type { BrokerFailureKind } from '../broker';
import { classifyKiteError, isKiteErrorPayload } from './classify-kite-error';
import type { KiteOperation } from './classify-kite-error';

const kite = (errorType: string, message: string) => ({
  status: 'error',
  message,
  data: null,
  error_type: errorType,
});
/** What the client rejects with when no answer came back. */
const noResponse = (code: string) => ({
  message: `No response from server with error code: ${code}`,
  error_type: 'NetworkException',
  data: null,
});
/** What the client rejects with when the answer was not Kite's JSON: its statusText. */
const gateway = (statusText: string) => ({
  message: statusText,
  error_type: 'NetworkException',
  data: null,
});

type Row = readonly [
  what: string,
  error: unknown,
  operation: KiteOperation,
  httpStatus: number | null,
  kind: BrokerFailureKind,
  code: string,
];

const TABLE: readonly Row[] = [
  [
    'input refused',
    kite('InputException', 'Invalid `price`.'),
    'PLACE',
    400,
    'NON_RETRYABLE',
    'InputException',
  ],
  [
    'order refused',
    kite('OrderException', 'Trigger price off tick'),
    'PLACE',
    400,
    'NON_RETRYABLE',
    'OrderException',
  ],
  [
    'margin',
    kite('MarginException', 'Insufficient funds.'),
    'PLACE',
    400,
    'NON_RETRYABLE',
    'MarginException',
  ],
  [
    'permission',
    kite('PermissionException', 'IP not allowed'),
    'PLACE',
    403,
    'NON_RETRYABLE',
    'PermissionException',
  ],
  [
    'general, on cancel',
    kite('GeneralException', "Couldn't find that `order_id`."),
    'CANCEL',
    500,
    'NON_RETRYABLE',
    'GeneralException',
  ],
  [
    'general, on modify',
    kite('GeneralException', 'Something'),
    'MODIFY',
    500,
    'NON_RETRYABLE',
    'GeneralException',
  ],
  [
    'general, on a read',
    kite('GeneralException', 'Something'),
    'READ',
    500,
    'NON_RETRYABLE',
    'GeneralException',
  ],
  [
    'general 4xx on place',
    kite('GeneralException', 'Something'),
    'PLACE',
    400,
    'NON_RETRYABLE',
    'GeneralException',
  ],
  [
    'general, status unseen',
    kite('GeneralException', 'Something'),
    'PLACE',
    null,
    'NON_RETRYABLE',
    'GeneralException',
  ],
  [
    'general 500 on place',
    kite('GeneralException', 'Internal error'),
    'PLACE',
    500,
    'AMBIGUOUS',
    'GeneralException',
  ],
  [
    'busy cancel',
    kite('InputException', 'Order cannot be cancelled as it is being processed. Try later.'),
    'CANCEL',
    400,
    'RETRYABLE',
    'InputException',
  ],
  [
    'busy modify',
    kite('OrderException', 'Order cannot be modified as it is being processed. Try later.'),
    'MODIFY',
    400,
    'RETRYABLE',
    'OrderException',
  ],
  [
    'rate limited',
    kite('NetworkException', 'Too many requests'),
    'PLACE',
    429,
    'RETRYABLE',
    'NetworkException',
  ],
  [
    'rate limited, status unseen',
    kite('NetworkException', 'Too many requests'),
    'PLACE',
    null,
    'RETRYABLE',
    'NetworkException',
  ],
  [
    'modification cap',
    kite('NetworkException', 'Maximum allowed order modifications exceeded.'),
    'MODIFY',
    503,
    'NON_RETRYABLE',
    'NetworkException',
  ],
  [
    'token',
    kite('TokenException', 'Incorrect `api_key` or `access_token`.'),
    'PLACE',
    403,
    'FATAL',
    'TokenException',
  ],
  [
    'token on a read',
    kite('TokenException', 'Incorrect `api_key` or `access_token`.'),
    'READ',
    403,
    'FATAL',
    'TokenException',
  ],
  ['user', kite('UserException', 'Account blocked'), 'READ', 403, 'FATAL', 'UserException'],
  [
    'network 503 on place',
    kite('NetworkException', 'Injected fault 503'),
    'PLACE',
    503,
    'AMBIGUOUS',
    'NetworkException',
  ],
  [
    'network 503 on a read',
    kite('NetworkException', 'Injected fault 503'),
    'READ',
    503,
    'RETRYABLE',
    'NetworkException',
  ],
  [
    'data 504 on cancel',
    kite('DataException', 'Gateway timed out'),
    'CANCEL',
    504,
    'AMBIGUOUS',
    'DataException',
  ],
  [
    'data 504 on a read',
    kite('DataException', 'Gateway timed out'),
    'READ',
    504,
    'RETRYABLE',
    'DataException',
  ],
  [
    'a new error type',
    kite('FutureException', 'Something new'),
    'PLACE',
    500,
    'AMBIGUOUS',
    'FutureException',
  ],
  ['HTML 502 on place', gateway('Bad Gateway'), 'PLACE', 502, 'AMBIGUOUS', 'HTTP_5XX'],
  ['HTML 502, status unseen', gateway('Bad Gateway'), 'MODIFY', null, 'AMBIGUOUS', 'HTTP_5XX'],
  ['HTML 503 on a read', gateway('Service Unavailable'), 'READ', 503, 'RETRYABLE', 'HTTP_5XX'],
  ['HTML 404', gateway('Not Found'), 'PLACE', 404, 'NON_RETRYABLE', 'HTTP_4XX'],
  ['HTML 429', gateway('Too Many Requests'), 'PLACE', 429, 'RETRYABLE', 'NetworkException'],
  ['timeout on place', noResponse('ECONNABORTED'), 'PLACE', null, 'AMBIGUOUS', 'TIMEOUT'],
  ['timeout on a read', noResponse('ETIMEDOUT'), 'READ', null, 'RETRYABLE', 'TIMEOUT'],
  ['reset on place', noResponse('ECONNRESET'), 'PLACE', null, 'AMBIGUOUS', 'NETWORK'],
  ['reset on cancel', noResponse('ECONNRESET'), 'CANCEL', null, 'AMBIGUOUS', 'NETWORK'],
  ['broken pipe', noResponse('EPIPE'), 'PLACE', null, 'AMBIGUOUS', 'NETWORK'],
  ['refused: never sent', noResponse('ECONNREFUSED'), 'PLACE', null, 'RETRYABLE', 'NETWORK'],
  ['no such host: never sent', noResponse('ENOTFOUND'), 'PLACE', null, 'RETRYABLE', 'NETWORK'],
  [
    'socket hang up',
    Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    'PLACE',
    null,
    'AMBIGUOUS',
    'NETWORK',
  ],
  [
    'an Error without code',
    new Error('Cannot read properties of undefined'),
    'MODIFY',
    null,
    'AMBIGUOUS',
    'UNPARSEABLE',
  ],
  ['a string', 'garbage', 'PLACE', 200, 'AMBIGUOUS', 'UNPARSEABLE'],
  [
    'unknown content type',
    {
      error_type: 'DataException',
      message: 'Unknown content type (text/plain) with response: (ok)',
    },
    'PLACE',
    200,
    'AMBIGUOUS',
    'DataException',
  ],
  [
    'unknown content type on a read',
    { error_type: 'DataException', message: 'Unknown content type (text/plain)' },
    'READ',
    200,
    'RETRYABLE',
    'DataException',
  ],
];

describe('classifyKiteError', () => {
  it.each(TABLE)('%s', (_what, error, operation, httpStatus, kind, code) => {
    const failure = classifyKiteError(error, { operation, httpStatus });
    expect(failure.kind).toBe(kind);
    expect(failure.code).toBe(code);
  });

  it('keeps Kite’s message verbatim and the HTTP status it saw', () => {
    expect(
      classifyKiteError(kite('InputException', 'Markets are closed right now.'), {
        operation: 'PLACE',
        httpStatus: 400,
      }),
    ).toEqual({
      kind: 'NON_RETRYABLE',
      code: 'InputException',
      message: 'Markets are closed right now.',
      httpStatus: 400,
    });
  });

  it('reads the status of a gateway answer from its status text when it could not be seen', () => {
    expect(
      classifyKiteError(gateway('Bad Gateway'), { operation: 'PLACE', httpStatus: null }),
    ).toMatchObject({ httpStatus: 502, message: 'Bad Gateway' });
    expect(
      classifyKiteError(kite('NetworkException', 'Too many requests'), {
        operation: 'READ',
        httpStatus: null,
      }).httpStatus,
    ).toBe(429);
  });

  it('has no HTTP status when no answer came', () => {
    expect(
      classifyKiteError(noResponse('ECONNABORTED'), { operation: 'PLACE', httpStatus: null })
        .httpStatus,
    ).toBeNull();
  });

  it('never calls a write that may have happened a rejection', () => {
    const unknownOutcomes = TABLE.filter(
      ([, , operation, , kind]) => operation !== 'READ' && kind === 'RETRYABLE',
    ).map(([what]) => what);
    // Only answers that prove nothing happened may be retried blindly.
    expect(unknownOutcomes).toEqual([
      'busy cancel',
      'busy modify',
      'rate limited',
      'rate limited, status unseen',
      'HTML 429',
      'refused: never sent',
      'no such host: never sent',
    ]);
  });
});

describe('isKiteErrorPayload', () => {
  it('spots an error the client resolved instead of rejecting', () => {
    expect(isKiteErrorPayload({ error_type: 'DataException', message: 'x' })).toBe(true);
    expect(isKiteErrorPayload({ order_id: '1' })).toBe(false);
    expect(isKiteErrorPayload([])).toBe(false);
    expect(isKiteErrorPayload(null)).toBe(false);
  });
});
