import { parseIsoDate } from '../time/iso-date';
import type { Exchange, Instrument, InstrumentType, Segment } from './instrument';

export type DerivativeType = 'FUT' | 'CE' | 'PE';
export type OptionType = 'CE' | 'PE';

export function isDerivative(type: InstrumentType): type is DerivativeType {
  return type === 'FUT' || type === 'CE' || type === 'PE';
}

export function isOption(type: InstrumentType): type is OptionType {
  return type === 'CE' || type === 'PE';
}

/** Cash exchanges list equities and indices; derivative exchanges list futures and options. */
export function isListedOn(exchange: Exchange, type: InstrumentType): boolean {
  const derivativeExchange = exchange === 'NFO' || exchange === 'BFO';
  return derivativeExchange === isDerivative(type);
}

/**
 * The segment (the low byte of instrument_token) an instrument of this kind lives in: an
 * index is in INDICES whichever exchange computes it; everything else in its exchange's own.
 */
export function resolveSegment(exchange: Exchange, type: InstrumentType): Segment {
  if (!isListedOn(exchange, type)) {
    throw new RangeError(`${exchange} does not list instruments of type ${type}`);
  }
  return type === 'INDEX' ? 'INDICES' : exchange;
}

/**
 * Whether orders can be placed in the instrument: never for an index, and for a derivative
 * only up to its expiry day (inclusive) when the IST date is given.
 */
export function isTradable(
  instrument: Pick<Instrument, 'type' | 'expiry'>,
  onIstDate?: string,
): boolean {
  if (instrument.type === 'INDEX') return false;
  if (!isDerivative(instrument.type) || onIstDate === undefined) return true;
  parseIsoDate(onIstDate);
  if (instrument.expiry === null) {
    throw new RangeError(`a ${instrument.type} instrument must have an expiry`);
  }
  parseIsoDate(instrument.expiry);
  return instrument.expiry >= onIstDate;
}
