import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_CONFIG } from '../risk/risk-config';
import { canonicalJson, configSha } from './config-sha';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Reference writer. Not "sort, rebuild, JSON.stringify": a rebuilt object enumerates
 * integer-like keys ("0", "7") before all others, whatever order they were inserted in.
 */
function writeReference(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(writeReference).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const members = keys.map((k) => `${JSON.stringify(k)}:${writeReference(value[k] ?? null)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Same value, object keys inserted in a different order (seeded, deterministic shuffle). */
function shuffleKeysDeep(value: Json, seed: number): Json {
  let state = seed >>> 0 || 1;
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state;
  };
  const walk = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i > 0; i -= 1) {
        const j = next() % (i + 1);
        [entries[i], entries[j]] = [entries[j]!, entries[i]!];
      }
      // fromEntries defines own properties, so a "__proto__" key stays a key.
      return Object.fromEntries(entries.map(([k, child]) => [k, walk(child)]));
    }
    return v;
  };
  return walk(value);
}

type Path = (string | number)[];

/** Paths to every scalar and every empty array or object. */
function leafPaths(value: Json, path: Path = []): Path[] {
  if (Array.isArray(value) && value.length > 0) {
    return value.flatMap((v, i) => leafPaths(v, [...path, i]));
  }
  if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...path, k]));
  }
  return [path];
}

function replaceAt(value: Json, path: Path, leaf: Json): Json {
  const [head, ...rest] = path;
  if (head === undefined) return leaf;
  if (Array.isArray(value)) {
    return value.map((v, i) => (i === head ? replaceAt(v, rest, leaf) : v));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === head ? replaceAt(v, rest, leaf) : v]),
    );
  }
  throw new Error('path runs past a leaf');
}

function leafAt(value: Json, path: Path): Json {
  let node: unknown = value;
  for (const key of path) node = (node as Record<string | number, unknown>)[key];
  return node as Json;
}

const jsonArb = fc.jsonValue() as fc.Arbitrary<Json>;
const leafArb: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.string(),
);

describe('canonicalJson', () => {
  it('sorts keys recursively, keeps array order and writes no whitespace', () => {
    expect(canonicalJson({ b: [3, { z: 1, a: 2 }, 1], a: { d: null, c: 'x' } })).toBe(
      '{"a":{"c":"x","d":null},"b":[3,{"a":2,"z":1},1]}',
    );
  });

  it('orders keys by UTF-16 code units, as RFC 8785 does', () => {
    // RFC 8785 §3.2.3's example: the emoji (D83D DE00) sorts before U+FB33.
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const written = [...canonicalJson(value).matchAll(/"([^"]*)":/g)].map((m) => m[1]);
    expect(written).toEqual(['\\r', '1', '\u0080', 'ö', '€', '😀', '\ufb33']);
  });

  it('writes numbers in their shortest round-trip form', () => {
    expect(canonicalJson([1e21, 0.1, -0, 1.5e-7, 100, 2 ** 53])).toBe(
      '[1e+21,0.1,0,1.5e-7,100,9007199254740992]',
    );
  });

  it('accepts null-prototype objects, shared subtrees and a "__proto__" key', () => {
    const bare = Object.assign(Object.create(null) as object, { b: 1, a: 2 });
    const shared = { x: 1 };
    expect(canonicalJson(bare)).toBe('{"a":2,"b":1}');
    expect(canonicalJson({ p: shared, q: shared })).toBe('{"p":{"x":1},"q":{"x":1}}');
    expect(canonicalJson(JSON.parse('{"__proto__":1,"a":2}'))).toBe('{"__proto__":1,"a":2}');
  });

  const circular: Record<string, unknown> = {};
  circular.self = circular;
  const holey: number[] = [];
  holey[0] = 1;
  holey[2] = 3;
  class Limits {
    readonly heat = 600;
  }

  it.each<[string, unknown, RegExp]>([
    ['undefined at the root', undefined, /undefined .* at \(root\)/],
    ['an undefined property', { a: { b: undefined } }, /undefined .* at \["a"\]\["b"\]/],
    ['an undefined array item', [1, undefined], /undefined .* at \[1\]/],
    ['a hole in an array', holey, /undefined .* at \[1\]/],
    ['a function', { f: () => 1 }, /function at \["f"\]/],
    ['a symbol', [Symbol('s')], /symbol at \[0\]/],
    ['NaN', { x: Number.NaN }, /non-finite number NaN/],
    ['Infinity', { x: Number.POSITIVE_INFINITY }, /non-finite number Infinity/],
    ['a bigint', { x: 1n }, /bigint/],
    ['a Date', { at: new Date(0) }, /non-plain object \(\[object Date\]\)/],
    ['a Map', new Map(), /non-plain object \(\[object Map\]\)/],
    ['a class instance', new Limits(), /non-plain object/],
    ['a symbol key', { [Symbol('k')]: 1 }, /symbol-keyed property/],
    ['a cycle', circular, /circular reference at \["self"\]/],
  ])('refuses %s with a TypeError naming the path', (_name, value, message) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
    expect(() => canonicalJson(value)).toThrow(message);
  });

  it('agrees with a reference writer on every JSON value', () => {
    fc.assert(
      fc.property(jsonArb, (value) => {
        expect(canonicalJson(value)).toBe(writeReference(value));
      }),
      { numRuns: 500 },
    );
  });

  it('reads back to a value with the same canonical form', () => {
    fc.assert(
      fc.property(jsonArb, (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });
});

describe('configSha', () => {
  it('is the SHA-256 of the canonical text (vector from sha256sum)', () => {
    // printf '%s' '{"a":1,"b":[true,null,"x"]}' | sha256sum
    expect(configSha({ b: [true, null, 'x'], a: 1 })).toBe(
      'eca8cfb31ab74533e1eb2f4c74d2d55dfe3c79ac704787e54be8647ea7777eb1',
    );
    // printf '%s' '""' | sha256sum
    expect(configSha('')).toBe('12ae32cb1ec02d01eda3581b127c1fee3b0dc53572ed6baf239721a03d82e126');
  });

  it('hashes the UTF-8 bytes of non-ASCII text', () => {
    // printf '%s' '{"name":"₹"}' | sha256sum
    expect(configSha({ name: '₹' })).toBe(
      '6245b147db3a9a8b6b40c9cd58fffb4122f25d0051155b9e57ab6ff0b36cf23a',
    );
  });

  it('fingerprints the default risk config', () => {
    expect(configSha(DEFAULT_RISK_CONFIG)).toMatch(/^[0-9a-f]{64}$/);
    expect(configSha({ ...DEFAULT_RISK_CONFIG, maxOpenPositions: 6 })).not.toBe(
      configSha(DEFAULT_RISK_CONFIG),
    );
  });

  it('never depends on key order', () => {
    fc.assert(
      fc.property(jsonArb, fc.integer(), (value, seed) => {
        expect(configSha(shuffleKeysDeep(value, seed))).toBe(configSha(value));
      }),
      { numRuns: 500 },
    );
  });

  it('changes when any leaf value changes', () => {
    fc.assert(
      fc.property(jsonArb, fc.nat(), leafArb, (value, pick, replacement) => {
        const paths = leafPaths(value);
        const path = paths[pick % paths.length]!;
        // -0 and 0 are one JSON number: only a change the canonical text can see counts.
        fc.pre(canonicalJson(leafAt(value, path)) !== canonicalJson(replacement));
        expect(configSha(replaceAt(value, path, replacement))).not.toBe(configSha(value));
      }),
      { numRuns: 500 },
    );
  });

  it('changes when a key is renamed or an array item is added', () => {
    expect(configSha({ a: 1 })).not.toBe(configSha({ b: 1 }));
    expect(configSha([1, 2])).not.toBe(configSha([1, 2, 2]));
    expect(configSha({ a: '1' })).not.toBe(configSha({ a: 1 }));
  });
});
