import type { Instrument } from '@kavach/domain';
import { toInstrument } from './map-instrument';
import { parseCsvRecords } from './parse-csv';
import { isWireRecord } from './wire-fields';

export interface ParsedInstruments {
  readonly instruments: readonly Instrument[];
  readonly blank: number;
  readonly unsupported: number;
  /** Why each malformed row was skipped (the first few, for the log). */
  readonly malformed: readonly string[];
  readonly malformedCount: number;
}

const MALFORMED_KEPT = 20;

/**
 * The kiteconnect client hands the dump back parsed (papaparse, with numbers, Dates for
 * expiries and an empty trailing row from Kite's final CRLF) when the answer's Content-Type is
 * exactly text/csv, and as raw text otherwise. Both come back to the same string cells here.
 */
function toCell(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  // new Date('YYYY-MM-DD') is UTC midnight, so the UTC date is the text it came from.
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  }
  return '';
}

function toRows(payload: unknown): Record<string, string>[] | null {
  if (typeof payload === 'string') return parseCsvRecords(payload);
  if (!Array.isArray(payload)) return null;
  return payload.map((entry) =>
    isWireRecord(entry)
      ? Object.fromEntries(Object.entries(entry).map(([key, value]) => [key, toCell(value)]))
      : {},
  );
}

/** The instrument master, or null when the payload is neither CSV text nor parsed rows. */
export function parseInstruments(payload: unknown): ParsedInstruments | null {
  const rows = toRows(payload);
  if (rows === null) return null;
  const instruments: Instrument[] = [];
  const malformed: string[] = [];
  let blank = 0;
  let unsupported = 0;
  let malformedCount = 0;
  for (const row of rows) {
    const result = toInstrument(row);
    if (result.ok) instruments.push(result.value);
    else if (result.reason === 'BLANK') blank += 1;
    else if (result.reason === 'UNSUPPORTED') unsupported += 1;
    else {
      malformedCount += 1;
      if (malformed.length < MALFORMED_KEPT) malformed.push(result.message);
    }
  }
  return { instruments, blank, unsupported, malformed, malformedCount };
}
