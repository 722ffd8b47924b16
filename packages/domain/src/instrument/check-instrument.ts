import { isIsoDate } from '../time/iso-date';
import type { Instrument } from './instrument';
import { isDerivative, isListedOn, isOption, resolveSegment } from './instrument-kind';
import { encodeInstrumentToken, MAX_EXCHANGE_TOKEN } from './instrument-token';

/** Ways an instrument record can contradict itself; adapters skip such rows and log them. */
export type InstrumentProblem =
  | 'EMPTY_TRADING_SYMBOL'
  | 'NOT_LISTED_ON_EXCHANGE'
  | 'SEGMENT_MISMATCH'
  | 'BAD_EXCHANGE_TOKEN'
  | 'TOKEN_MISMATCH'
  | 'BAD_TICK_SIZE'
  | 'BAD_LOT_SIZE'
  | 'BAD_FREEZE_QUANTITY'
  | 'MISSING_EXPIRY'
  | 'UNEXPECTED_EXPIRY'
  | 'BAD_EXPIRY'
  | 'MISSING_STRIKE'
  | 'UNEXPECTED_STRIKE'
  | 'BAD_STRIKE';

function isPositiveInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}

/** Every problem found, in a fixed order; an empty list means the record is consistent. */
export function checkInstrument(instrument: Instrument): readonly InstrumentProblem[] {
  const problems: InstrumentProblem[] = [];
  const { exchange, type, segment, exchangeToken } = instrument;

  if (instrument.tradingSymbol.trim() === '') problems.push('EMPTY_TRADING_SYMBOL');
  if (!isListedOn(exchange, type)) problems.push('NOT_LISTED_ON_EXCHANGE');
  else if (resolveSegment(exchange, type) !== segment) problems.push('SEGMENT_MISMATCH');

  const validExchangeToken =
    Number.isSafeInteger(exchangeToken) &&
    exchangeToken >= 0 &&
    exchangeToken <= MAX_EXCHANGE_TOKEN;
  if (!validExchangeToken) problems.push('BAD_EXCHANGE_TOKEN');
  else if (encodeInstrumentToken(exchangeToken, segment) !== instrument.token) {
    problems.push('TOKEN_MISMATCH');
  }

  if (!isPositiveInteger(instrument.tickSize)) problems.push('BAD_TICK_SIZE');
  if (!isPositiveInteger(instrument.lotSize)) problems.push('BAD_LOT_SIZE');
  const freeze = instrument.freezeQuantity;
  if (freeze !== null && (!Number.isSafeInteger(freeze) || freeze < instrument.lotSize)) {
    problems.push('BAD_FREEZE_QUANTITY');
  }

  if (isDerivative(type)) {
    if (instrument.expiry === null) problems.push('MISSING_EXPIRY');
    else if (!isIsoDate(instrument.expiry)) problems.push('BAD_EXPIRY');
  } else if (instrument.expiry !== null) {
    problems.push('UNEXPECTED_EXPIRY');
  }

  if (isOption(type)) {
    if (instrument.strike === null) problems.push('MISSING_STRIKE');
    else if (!isPositiveInteger(instrument.strike)) problems.push('BAD_STRIKE');
  } else if (instrument.strike !== null) {
    problems.push('UNEXPECTED_STRIKE');
  }

  return problems;
}
