/** What a secret's value becomes in a log line. */
export const REDACTED = '[redacted]';

/**
 * Key names whose values are secrets, compared without case, `_` or `-`: access_token,
 * accessToken and Access-Token are one name.
 */
const SECRET_NAMES = new Set(
  [
    'access_token',
    'refresh_token',
    'request_token',
    'session_token',
    'token',
    'enctoken',
    'api_secret',
    'client_secret',
    'secret',
    'password',
    'current_password',
    'new_password',
    'authorization',
    'cookie',
    'set-cookie',
    'checksum',
  ].map(normalize),
);

/**
 * Deeper than pino prints (its depthLimit is 5 below each top-level key): what is not
 * printed needs no walk.
 */
const MAX_DEPTH = 8;
/** pino's edgeLimit: it prints no more keys or items of one object than this. */
const MAX_EDGES = 100;

function normalize(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

/** Kite's instrument tokens are numbers named `token`: ids, not secrets, and worth logging. */
function isSecret(key: string, value: unknown): boolean {
  const name = normalize(key);
  if (!SECRET_NAMES.has(name)) return false;
  return !(name === 'token' && typeof value === 'number');
}

/**
 * `value` with the value of every secret-named key, at any depth pino prints and inside
 * arrays, replaced by REDACTED. Copy on write: an object with nothing to hide comes back as
 * it is (no allocation for the usual log line), and the caller's objects are never changed.
 * Walked are the object given, arrays, plain objects, errors, and what a `toJSON` returns;
 * other class instances (a request, a socket) are left to their serializers: their graphs
 * are large, and pino prints them through serializers or not at all.
 */
export function redactSecrets<T>(value: T): T {
  return walk(value, 1, new Map()) as T;
}

/** Each object → what it became; an object met again is the same (redacted) copy. */
type Walked = Map<object, unknown>;

/** pino's own word for a reference back to an ancestor. */
const CIRCULAR = '[Circular]';

function walk(value: unknown, depth: number, walked: Walked): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
  if (walked.has(value)) return walked.get(value);
  // Until its walk ends, a reference to it is a cycle: the original would print its secrets.
  walked.set(value, CIRCULAR);
  const result = walkAny(value, depth, walked);
  walked.set(value, result);
  return result;
}

function walkAny(value: object, depth: number, walked: Walked): unknown {
  if (Array.isArray(value)) return walkArray(value, depth, walked);
  if (ArrayBuffer.isView(value) || value instanceof Date) return value;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    // Printed as what toJSON returns (axios headers: a plain object of them).
    const printed: unknown = toJSON.call(value);
    const result = walk(printed, depth, walked);
    return result === printed ? value : result;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  const walkable =
    depth === 1 || prototype === Object.prototype || prototype === null || value instanceof Error;
  return walkable ? walkObject(value, depth, walked) : value;
}

function walkArray(items: readonly unknown[], depth: number, walked: Walked): unknown {
  let copy: unknown[] | null = null;
  const edges = Math.min(items.length, MAX_EDGES);
  for (let i = 0; i < edges; i += 1) {
    const item = items[i];
    const result = walk(item, depth + 1, walked);
    if (result === item) continue;
    copy ??= [...items];
    copy[i] = result;
  }
  return copy ?? items;
}

function walkObject(source: object, depth: number, walked: Walked): unknown {
  let copy: Record<string, unknown> | null = null;
  const keys = Object.keys(source).slice(0, MAX_EDGES);
  for (const key of keys) {
    const field = (source as Record<string, unknown>)[key];
    const result = isSecret(key, field) ? REDACTED : walk(field, depth + 1, walked);
    if (result === field) continue;
    // Same prototype: an Error or a class instance prints as it would have.
    copy ??= Object.assign(
      Object.create(Object.getPrototypeOf(source) as object | null) as Record<string, unknown>,
      source,
    );
    copy[key] = result;
  }
  return copy ?? source;
}
