import { isIsoDate, rupeesToPaise } from '@kavach/domain';
import type { Paise } from '@kavach/domain';
import type {
  Interpolation,
  Scenario,
  ScenarioPath,
  ScenarioPoint,
  UnscriptedMode,
} from './scenario';

/** A scenario file that does not say what it must; `field` names the offending part. */
export class ScenarioError extends Error {
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`scenario ${field}: ${problem}`);
    this.name = 'ScenarioError';
    this.field = field;
  }
}

const KEY = /^(NSE|NFO|BSE|BFO):\S(.*\S)?$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;
const DEFAULT_START = 9 * 3_600 + 15 * 60;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}

function readString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ScenarioError(field, `expected a non-empty string, got ${describe(value)}`);
  }
  return value;
}

function readTime(value: unknown, field: string): number {
  const text = readString(value, field);
  const match = TIME.exec(text);
  if (match === null) {
    throw new ScenarioError(field, `expected a time as HH:MM or HH:MM:SS, got "${text}"`);
  }
  return Number(match[1]) * 3_600 + Number(match[2]) * 60 + Number(match[3] ?? 0);
}

function readPrice(value: unknown, field: string): Paise {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ScenarioError(field, `expected a price in rupees above 0, got ${describe(value)}`);
  }
  const price = rupeesToPaise(value);
  if (Math.abs(price - value * 100) > 1e-6) {
    throw new ScenarioError(field, `${value} has more than two decimals (whole paise only)`);
  }
  return price;
}

function readOneOf<T extends string>(
  value: unknown,
  field: string,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
    return value as T;
  throw new ScenarioError(field, `expected one of ${allowed.join(', ')}, got ${describe(value)}`);
}

function readKey(key: string, field: string): string {
  if (!KEY.test(key)) {
    throw new ScenarioError(field, `expected an instrument key like "NSE:INFY", got "${key}"`);
  }
  return key;
}

function readPoints(value: unknown, field: string): ScenarioPoint[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ScenarioError(field, `expected a non-empty array of [time, price] points`);
  }
  const points: ScenarioPoint[] = [];
  value.forEach((point: unknown, i) => {
    const where = `${field}[${i}]`;
    if (!Array.isArray(point) || point.length !== 2) {
      throw new ScenarioError(where, `expected a [time, price] pair, got ${describe(point)}`);
    }
    const secondOfDay = readTime(point[0], `${where}[0]`);
    const price = readPrice(point[1], `${where}[1]`);
    const previous = points.at(-1);
    if (previous !== undefined && secondOfDay <= previous.secondOfDay) {
      throw new ScenarioError(`${where}[0]`, `times must increase; ${String(point[0])} does not`);
    }
    points.push({ secondOfDay, price });
  });
  return points;
}

function readPath(value: unknown, field: string, fallback: Interpolation): ScenarioPath {
  if (Array.isArray(value)) return { interpolation: fallback, points: readPoints(value, field) };
  if (!isObject(value)) {
    throw new ScenarioError(field, `expected [[time, price], ...] or { interpolation, points }`);
  }
  for (const name of Object.keys(value)) {
    if (name !== 'interpolation' && name !== 'points') {
      throw new ScenarioError(`${field}.${name}`, 'unknown field');
    }
  }
  return {
    interpolation: readOneOf(
      value.interpolation,
      `${field}.interpolation`,
      ['step', 'linear'],
      fallback,
    ),
    points: readPoints(value.points, `${field}.points`),
  };
}

const TOP_LEVEL = new Set([
  'name',
  'description',
  'sessionDate',
  'start',
  'unscripted',
  'interpolation',
  'previousClose',
  'paths',
]);

/**
 * Reads a scenario from JSON text or an already parsed value, checking every field. Throws a
 * ScenarioError naming the first bad field, e.g. `scenario paths["NSE:INFY"][2][1]: ...`.
 * Whether the instruments exist and prices sit on their tick is checked when a market loads
 * the scenario, because that needs the session's universe.
 *
 *   {
 *     "name": "INFY breakout", "sessionDate": "2026-02-02", "start": "09:15",
 *     "unscripted": "flat", "interpolation": "step",
 *     "previousClose": { "NSE:INFY": 1490 },
 *     "paths": {
 *       "NSE:INFY": [["09:15:00", 1500], ["09:16:00", 1502.5]],
 *       "NSE:NIFTY 50": { "interpolation": "linear", "points": [["09:15", 26000], ["10:15", 26100]] }
 *     }
 *   }
 */
export function loadScenario(input: unknown): Scenario {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ScenarioError('(file)', `is not valid JSON: ${reason}`);
    }
  }
  if (!isObject(value))
    throw new ScenarioError('(file)', `expected an object, got ${describe(value)}`);
  for (const name of Object.keys(value)) {
    if (!TOP_LEVEL.has(name)) throw new ScenarioError(name, 'unknown field');
  }

  const name = readString(value.name, 'name');
  const description =
    value.description === undefined ? null : readString(value.description, 'description');
  const sessionDate = readString(value.sessionDate, 'sessionDate');
  if (!isIsoDate(sessionDate)) {
    throw new ScenarioError('sessionDate', `expected a date as YYYY-MM-DD, got "${sessionDate}"`);
  }
  const startSecondOfDay =
    value.start === undefined ? DEFAULT_START : readTime(value.start, 'start');
  const unscripted: UnscriptedMode = readOneOf(
    value.unscripted,
    'unscripted',
    ['flat', 'generator'],
    'flat',
  );
  const interpolation: Interpolation = readOneOf(
    value.interpolation,
    'interpolation',
    ['step', 'linear'],
    'step',
  );

  const previousClose = new Map<string, Paise>();
  if (value.previousClose !== undefined) {
    if (!isObject(value.previousClose)) {
      throw new ScenarioError('previousClose', 'expected an object of { "NSE:INFY": price }');
    }
    for (const [key, price] of Object.entries(value.previousClose)) {
      const field = `previousClose["${key}"]`;
      previousClose.set(readKey(key, field), readPrice(price, field));
    }
  }

  if (!isObject(value.paths)) {
    throw new ScenarioError('paths', 'expected an object of { "NSE:INFY": [[time, price], ...] }');
  }
  const paths = new Map<string, ScenarioPath>();
  for (const [key, path] of Object.entries(value.paths)) {
    const field = `paths["${key}"]`;
    paths.set(readKey(key, field), readPath(path, field, interpolation));
  }

  return { name, description, sessionDate, startSecondOfDay, unscripted, previousClose, paths };
}
