import fc from 'fast-check';

/**
 * Random requests for the engine API's fuzz tests (test/fuzz-*.test.ts): well-formed bodies
 * with one or more fields made wrong, raw bodies (bytes, truncated JSON, wrong content types,
 * deep nesting, over the size limit), and valid-shaped bodies with random values. Each request
 * is text on the wire, so keys such as `__proto__` and numbers such as `1e999` (which JSON.parse
 * reads as Infinity) reach the server as a client could send them.
 */

export interface FuzzRequest {
  readonly method: 'POST' | 'PUT' | 'GET';
  readonly url: string;
  /** null: no content-type header. */
  readonly contentType: string | null;
  /** undefined: no body at all. */
  readonly payload: string | Buffer | undefined;
  /** What kind of case this is, for the figures and the failure message. */
  readonly label: string;
}

export type Json = null | boolean | number | string | Json[] | JsonObject;
/** An interface, since Record<string, Json> would reference Json circularly. */
export interface JsonObject {
  [key: string]: Json;
}

export const JSON_TYPE = 'application/json';

/** A string value that becomes the raw JSON token after it in the request text (e.g. 1e999). */
const RAW = '\u0001RAW:';
const RAW_IN_TEXT = /"\\u0001RAW:([^"]*)"/g;

/** JSON text of a value, with raw tokens put in and every own key kept (`__proto__` too). */
export function toJsonText(value: Json): string {
  return JSON.stringify(value).replace(RAW_IN_TEXT, '$1');
}

/** Sets an own enumerable key, even `__proto__`, the way JSON.parse would have made it. */
function withKey(target: JsonObject, key: string, value: Json): JsonObject {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return target;
}

function copy(value: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const field = value[key];
    if (field !== undefined) withKey(out, key, field);
  }
  return out;
}

const rawNumber = fc
  .constantFrom(
    '1e999',
    '-1e999',
    '-0',
    '1e-400',
    '12345678901234567890123456789',
    '1.0000000000000001',
    '0.1e1',
    '5e-324',
    '1.7976931348623157e308',
  )
  .map((token): Json => RAW + token);

const nastyStrings: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff x',
  '\uffff',
  '\u202eRTL',
  '🙂🙂',
  'ÀÉÎõü',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e999',
  '0x10',
  '12,50',
  '{{close}}',
  '__proto__',
  'constructor',
  "'; DROP TABLE audit_log; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '\r\n\t',
];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...nastyStrings) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(10_000), 'é'.repeat(5_000), '9'.repeat(400)) },
);

export const nastyNumber: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(
    0,
    -1,
    1,
    0.5,
    0.001,
    1.005,
    0.1 + 0.2,
    24_500,
    1e21,
    -1e21,
    2 ** 53 + 2,
    Number.MAX_SAFE_INTEGER,
    Number.MIN_VALUE,
    Number.MAX_VALUE,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  rawNumber,
);

/** Any value of any JSON type, weighted toward what breaks parsers and validators. */
export const wrongValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 3, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant<Json>(null) },
  { weight: 1, arbitrary: fc.constant<Json>([]) },
  { weight: 1, arbitrary: fc.constant<Json>({}) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Json>(
      { __proto__: null } as unknown as Json,
      withKey({}, '__proto__', { polluted: true }),
      { constructor: { prototype: { polluted: true } } },
    ),
  },
);

export const oddKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'valueOf',
    '',
    ' ',
    'PRICE',
    'secret ',
    '\u0000',
  ),
  fc.string({ maxLength: 20 }),
);

type Path = readonly (string | number)[];

function setAt(body: Json, path: Path, value: Json | undefined): Json {
  const [head, ...rest] = path;
  if (head === undefined) return value ?? null;
  if (Array.isArray(body) && typeof head === 'number') {
    const out = [...body];
    if (rest.length === 0 && value === undefined) out.splice(head, 1);
    else out[head] = setAt(out[head] ?? null, rest, value);
    return out;
  }
  const object: JsonObject =
    typeof body === 'object' && body !== null && !Array.isArray(body) ? copy(body) : {};
  const key = String(head);
  if (rest.length === 0 && value === undefined) {
    const without: JsonObject = {};
    for (const name of Object.keys(object)) {
      const field = object[name];
      if (name !== key && field !== undefined) withKey(without, name, field);
    }
    return without;
  }
  return withKey(object, key, setAt(object[key] ?? null, rest, value));
}

type Mutation =
  | { readonly kind: 'replace'; readonly path: Path; readonly value: Json }
  | { readonly kind: 'delete'; readonly path: Path }
  | { readonly kind: 'add'; readonly key: string; readonly value: Json };

function mutation(paths: readonly Path[]): fc.Arbitrary<Mutation> {
  const path = fc.constantFrom(...paths);
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({ kind: fc.constant('replace' as const), path, value: wrongValue }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), path }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('add' as const), key: oddKey, value: wrongValue }),
    },
  );
}

function apply(body: JsonObject, mutations: readonly Mutation[]): Json {
  let out: Json = body;
  for (const m of mutations) {
    if (m.kind === 'add') {
      out =
        typeof out === 'object' && out !== null && !Array.isArray(out)
          ? withKey(copy(out), m.key, m.value)
          : out;
    } else {
      out = setAt(out, m.path, m.kind === 'replace' ? m.value : undefined);
    }
  }
  return out;
}

/** A documented body with 1 to 3 of its fields (`paths`) replaced, removed, or keys added. */
export function mutatedBody(valid: JsonObject, paths: readonly Path[]): fc.Arbitrary<Json> {
  return fc
    .array(mutation(paths), { minLength: 1, maxLength: 3 })
    .map((mutations) => apply(valid, mutations));
}

/** Every path to a leaf of the body, arrays' items included. */
export function leafPaths(value: Json, prefix: Path = []): Path[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => leafPaths(item, [...prefix, index]));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.keys(value).flatMap((key) => {
      const item = value[key];
      return item === undefined ? [] : [[...prefix, key], ...leafPaths(item, [...prefix, key])];
    });
  }
  return prefix.length === 0 ? [] : [prefix];
}

function nested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/**
 * Raw bodies: random bytes, truncated or broken JSON, JSON that is not an object, deep nesting,
 * the valid body under the wrong content type, no body at all, and a body over `limitBytes`.
 */
export function rawBody(
  valid: JsonObject,
  limitBytes: number,
): fc.Arbitrary<Pick<FuzzRequest, 'contentType' | 'payload' | 'label'>> {
  const text = toJsonText(valid);
  const json = (payload: string | Buffer, label: string) => ({
    contentType: JSON_TYPE,
    payload,
    label,
  });
  return fc.oneof(
    fc.uint8Array({ maxLength: 300 }).map((bytes) => json(Buffer.from(bytes), 'raw: random bytes')),
    fc
      .integer({ min: 0, max: Math.max(0, text.length - 1) })
      .map((cut) => json(text.slice(0, cut), 'raw: truncated JSON')),
    fc
      .constantFrom(
        'null',
        '[]',
        '"text"',
        '42',
        'true',
        '{',
        '}',
        '{"a":}',
        "{'a':1}",
        '{"a":1,}',
        'NaN',
        '\ufeff{}',
        '{"__proto__":{"x":1}}',
        '{"constructor":{"prototype":{"x":1}}}',
        '{"a":1}{"b":2}',
        ' ',
      )
      .map((payload) => json(payload, 'raw: not an object / broken JSON')),
    fc.integer({ min: 1, max: 20_000 }).map((depth) => json(nested(depth), 'raw: deep nesting')),
    fc
      .integer({ min: 1, max: 5_000 })
      .map((depth) => json(`{"__proto__":${nested(depth)}}`, 'raw: deep nesting with __proto__')),
    fc
      .constantFrom(
        'text/plain',
        'text/plain; charset=utf-8',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/json; charset=latin1',
        'application/json; charset=utf-16',
        'application/jsonx',
        'APPLICATION/JSON',
        '',
        ';;;',
        'application/octet-stream',
      )
      .map((contentType) => ({ contentType, payload: text, label: 'raw: wrong content type' })),
    fc.constant({ contentType: null, payload: text, label: 'raw: no content type' }),
    fc.constant({ contentType: JSON_TYPE, payload: undefined, label: 'raw: no body' }),
    fc.constant({ contentType: JSON_TYPE, payload: '', label: 'raw: empty body' }),
    fc.constant(
      json(
        toJsonText({ ...valid, padding: 'x'.repeat(limitBytes + 1) }),
        'raw: over the body limit',
      ),
    ),
  );
}

/** Query strings for the GET list endpoints: wrong types, repeated keys, unknown keys. */
export const queryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '0',
    '-1',
    '1',
    '500',
    '501',
    '1e3',
    '1.5',
    'NaN',
    'Infinity',
    'true',
    'false',
    'TRUE',
    '%00',
    '%ZZ',
    '%F0%9F%99%82',
    '%ED%A0%80',
    'x'.repeat(5_000),
    'ACCEPTED',
    'REJECTED',
    '0x10',
    ' 7',
    '[]',
    '{}',
  ),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
  fc.integer().map(String),
);

export function queryString(keys: readonly string[]): fc.Arbitrary<string> {
  const pair = fc.tuple(
    fc.oneof(fc.constantFrom(...keys), oddKey.map(encodeURIComponent)),
    queryValue,
  );
  return fc
    .array(pair, { maxLength: 4 })
    .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`));
}

/** Which bodies the properties ran, by label: the figures of a reliability row. */
export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
