import {
  checkInstrument,
  EXCHANGES,
  INSTRUMENT_TYPES,
  MAX_INSTRUMENT_TOKEN,
  SEGMENT_IDS,
} from '@kavach/domain';
import type { Instrument, InstrumentProblem } from '@kavach/domain';

/** Why an instrument is left out of the cache and the database. */
export type SkipReason =
  | 'TOKEN_OUT_OF_RANGE'
  | 'UNKNOWN_EXCHANGE'
  | 'UNKNOWN_SEGMENT'
  | 'UNKNOWN_TYPE'
  | 'FIELD_TOO_LONG'
  | 'RESERVED_CHARACTER'
  | 'NUMBER_TOO_LARGE'
  | 'DUPLICATE_TOKEN'
  | 'DUPLICATE_SYMBOL'
  | InstrumentProblem;

/** The widest values the Instrument table's columns hold. */
const INT4_MAX = 2_147_483_647;
const MAX_LENGTH = { exchange: 8, segment: 16, tradingSymbol: 64, name: 128 } as const;

/** Marks a row whose symbol a newer instrument took; never part of a real symbol. */
export const RETIRED_MARK = '~';

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

function isTooLong(instrument: Instrument): boolean {
  return (Object.keys(MAX_LENGTH) as (keyof typeof MAX_LENGTH)[]).some(
    (field) => instrument[field].length > MAX_LENGTH[field],
  );
}

function isTooLarge(instrument: Instrument): boolean {
  const numbers = [
    instrument.tickSize,
    instrument.lotSize,
    instrument.freezeQuantity ?? 0,
    instrument.strike ?? 0,
  ];
  return numbers.some((value) => Math.abs(value) > INT4_MAX);
}

/**
 * The first reason this instrument cannot be stored or traded, or null. Tokens are unsigned
 * 32-bit (Kite's ticker carries them so); fields must fit their columns, and the record must
 * agree with itself (checkInstrument).
 */
export function findSkipReason(instrument: Instrument): SkipReason | null {
  const { token } = instrument;
  if (!Number.isSafeInteger(token) || token < 0 || token > MAX_INSTRUMENT_TOKEN) {
    return 'TOKEN_OUT_OF_RANGE';
  }
  if (!isOneOf(EXCHANGES, instrument.exchange)) return 'UNKNOWN_EXCHANGE';
  if (!Object.hasOwn(SEGMENT_IDS, instrument.segment)) return 'UNKNOWN_SEGMENT';
  if (!isOneOf(INSTRUMENT_TYPES, instrument.type)) return 'UNKNOWN_TYPE';
  if (isTooLong(instrument)) return 'FIELD_TOO_LONG';
  if (isTooLarge(instrument)) return 'NUMBER_TOO_LARGE';
  if (instrument.tradingSymbol.includes(RETIRED_MARK)) return 'RESERVED_CHARACTER';
  return checkInstrument(instrument)[0] ?? null;
}

export interface ScreenedInstruments {
  readonly valid: readonly Instrument[];
  readonly skipped: number;
  readonly skippedByReason: Readonly<Partial<Record<SkipReason, number>>>;
}

/**
 * Keeps the instruments that can be stored, each token and each exchange:symbol once (the
 * first wins: the table holds one row per token and per symbol), and counts the rest.
 */
export function screenInstruments(instruments: readonly Instrument[]): ScreenedInstruments {
  const valid: Instrument[] = [];
  const skippedByReason: Partial<Record<SkipReason, number>> = {};
  const tokens = new Set<number>();
  const symbols = new Set<string>();
  for (const instrument of instruments) {
    const key = `${instrument.exchange}:${instrument.tradingSymbol}`;
    const reason =
      findSkipReason(instrument) ??
      (tokens.has(instrument.token) ? 'DUPLICATE_TOKEN' : null) ??
      (symbols.has(key) ? 'DUPLICATE_SYMBOL' : null);
    if (reason !== null) {
      skippedByReason[reason] = (skippedByReason[reason] ?? 0) + 1;
      continue;
    }
    tokens.add(instrument.token);
    symbols.add(key);
    valid.push(instrument);
  }
  return { valid, skipped: instruments.length - valid.length, skippedByReason };
}
