import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describePath(path: readonly (string | number)[]): string {
  return path.length === 0 ? '(root)' : path.map((key) => `[${JSON.stringify(key)}]`).join('');
}

function writeCanonical(value: unknown, path: (string | number)[], seen: Set<object>): string {
  const fail = (what: string): never => {
    throw new TypeError(`canonicalJson: ${what} at ${describePath(path)}`);
  };
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) fail(`non-finite number ${value}`);
      // ECMAScript's shortest round-trip form, as RFC 8785 prescribes; -0 becomes 0.
      return JSON.stringify(value);
    case 'bigint':
      // Not encoded as a string: { a: 1n } and { a: '1' } would then share a SHA.
      return fail('bigint (convert it explicitly to a number or a string)');
    case 'undefined':
      // JSON.stringify drops it in objects and writes null in arrays; both hide a typo.
      return fail('undefined (use null for "not set")');
    case 'function':
    case 'symbol':
      return fail(typeof value);
    case 'object':
      break;
  }
  if (value === null) return 'null';
  if (seen.has(value)) fail('circular reference');
  seen.add(value);
  let text: string;
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (let i = 0; i < value.length; i += 1) {
      // Holes read as undefined and are refused with it.
      items.push(writeCanonical(value[i], [...path, i], seen));
    }
    text = `[${items.join(',')}]`;
  } else {
    if (!isPlainObject(value)) {
      return fail(`non-plain object (${Object.prototype.toString.call(value)})`);
    }
    if (Object.getOwnPropertySymbols(value).length > 0) return fail('symbol-keyed property');
    // Default sort compares UTF-16 code units, the order RFC 8785 specifies.
    const keys = Object.keys(value).sort();
    const members = keys.map(
      (key) => `${JSON.stringify(key)}:${writeCanonical(value[key], [...path, key], seen)}`,
    );
    text = `{${members.join(',')}}`;
  }
  seen.delete(value);
  return text;
}

/**
 * A byte-stable JSON text for a config value: object keys sorted recursively, arrays in order,
 * no whitespace, numbers and strings written as JSON.stringify writes them. For the values it
 * accepts this is the JSON Canonicalization Scheme (RFC 8785).
 *
 * Accepted: null, booleans, finite numbers, strings, arrays and plain objects of these.
 * Anything JSON would silently drop, alter or cannot represent (undefined, functions,
 * symbols, NaN, ±Infinity, BigInt, Dates, Maps, class instances, cycles) is a TypeError
 * naming the path, because a SHA over a silently altered config would vouch for a config
 * that never existed.
 */
export function canonicalJson(value: unknown): string {
  return writeCanonical(value, [], new Set());
}

/** Lowercase hex SHA-256 of canonicalJson(value): what every decision records. */
export function configSha(value: unknown): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(value))));
}
