import { checkInstrument, encodeInstrumentToken, nseCalendar2026, paise } from '@kavach/domain';
import type { MarketCalendar, Paise, TradingSession } from '@kavach/domain';
import type { SimInstrument } from '../market/market-view';
import { encodeDerivativeExchangeToken } from './derivative-token';
import { isMonthlyExpiry, listMonthlyExpiries, listWeeklyExpiries } from './expiries';
import { formatFutureSymbol, formatOptionSymbol } from './trading-symbol';
import type { IndexDerivativesSpec, IndexSpec, StockSpec, UniverseSpec } from './universe-spec';

/** One listed instrument of a session with what the market needs to price it. */
export type UniverseEntry =
  | { readonly kind: 'INDEX'; readonly instrument: SimInstrument; readonly spec: IndexSpec }
  | { readonly kind: 'STOCK'; readonly instrument: SimInstrument; readonly spec: StockSpec }
  | {
      readonly kind: 'FUTURE';
      readonly instrument: SimInstrument;
      readonly spec: IndexDerivativesSpec;
      /** The contract settles at this instant: the session close of its expiry day. */
      readonly expiresAt: number;
    }
  | {
      readonly kind: 'OPTION';
      readonly instrument: SimInstrument;
      readonly spec: IndexDerivativesSpec;
      readonly expiresAt: number;
      readonly optionType: 'CE' | 'PE';
      readonly strike: Paise;
      /** 0 for the nearest expiry listed, 1 for the next, ... */
      readonly seriesRank: number;
    };

/** The instruments listed on one session day. */
export interface Universe {
  readonly sessionDate: string;
  readonly session: TradingSession;
  readonly calendar: MarketCalendar;
  readonly entries: readonly UniverseEntry[];
  /** Contracts that could not be listed, e.g. an expiry beyond the calendar's years. */
  readonly warnings: readonly string[];
}

export interface BuildUniverseOptions {
  readonly sessionDate: string;
  /** Holidays for expiries and the session; NSE 2026 by default. */
  readonly calendar?: MarketCalendar;
}

function requireSession(date: string, calendar: MarketCalendar): TradingSession {
  if (!calendar.covers(date)) {
    throw new RangeError(`session date ${date} is outside the ${calendar.name} calendar`);
  }
  const session = calendar.sessionOn(date);
  if (session === null) {
    const holiday = calendar.holidayOn(date);
    const why = holiday === null ? 'a weekend' : `a holiday (${holiday.name})`;
    throw new RangeError(`session date ${date} is not a trading day: it is ${why}`);
  }
  return session;
}

function requireClose(date: string, calendar: MarketCalendar): number {
  const close = calendar.sessionCloseOn(date);
  if (close === null) throw new RangeError(`expiry ${date} is not a trading day`);
  return close;
}

function indexEntry(spec: IndexSpec): UniverseEntry {
  return {
    kind: 'INDEX',
    spec,
    instrument: {
      token: encodeInstrumentToken(spec.exchangeToken, 'INDICES'),
      exchangeToken: spec.exchangeToken,
      exchange: 'NSE',
      segment: 'INDICES',
      tradingSymbol: spec.symbol,
      name: spec.name,
      type: 'INDEX',
      tickSize: spec.tickSize,
      lotSize: 1,
      freezeQuantity: null,
      expiry: null,
      strike: null,
      underlyingToken: null,
    },
  };
}

function stockEntry(spec: StockSpec): UniverseEntry {
  return {
    kind: 'STOCK',
    spec,
    instrument: {
      token: encodeInstrumentToken(spec.exchangeToken, 'NSE'),
      exchangeToken: spec.exchangeToken,
      exchange: 'NSE',
      segment: 'NSE',
      tradingSymbol: spec.symbol,
      name: spec.name,
      type: 'EQ',
      tickSize: spec.tickSize,
      lotSize: 1,
      freezeQuantity: null,
      expiry: null,
      strike: null,
      underlyingToken: null,
    },
  };
}

function nfoInstrument(
  spec: IndexDerivativesSpec,
  underlyingToken: number,
  fields: Pick<SimInstrument, 'tradingSymbol' | 'type' | 'tickSize' | 'expiry' | 'strike'>,
  exchangeToken: number,
): SimInstrument {
  return {
    ...fields,
    token: encodeInstrumentToken(exchangeToken, 'NFO'),
    exchangeToken,
    exchange: 'NFO',
    segment: 'NFO',
    name: spec.name,
    lotSize: spec.lotSize,
    freezeQuantity: spec.freezeQuantity,
    underlyingToken,
  };
}

/** The strikes listed around the underlying's reference level, lowest first. */
function listStrikes(reference: Paise, spec: IndexDerivativesSpec): readonly Paise[] {
  const atm = Math.round(reference / spec.strikeStep);
  const strikes: Paise[] = [];
  for (let offset = -spec.strikesEachSide; offset <= spec.strikesEachSide; offset++) {
    const steps = atm + offset;
    if (steps > 0) strikes.push(paise(steps * spec.strikeStep));
  }
  return strikes;
}

/** Option expiries listed: the nearest weekly and monthly; in a monthly week, also the next weekly. */
function listOptionExpiries(
  date: string,
  spec: IndexDerivativesSpec,
  calendar: MarketCalendar,
): readonly string[] {
  const monthly = listMonthlyExpiries(date, 1, spec.expiryWeekday, calendar);
  if (!spec.weeklyOptions) return monthly;
  const weekly = listWeeklyExpiries(date, 2, spec.expiryWeekday, calendar);
  const nearestIsMonthly = weekly[0] !== undefined && weekly[0] === monthly[0];
  const listed = new Set([...weekly.slice(0, nearestIsMonthly ? 2 : 1), ...monthly]);
  return [...listed].sort();
}

function derivativeEntries(
  index: IndexSpec,
  underlyingToken: number,
  sessionDate: string,
  calendar: MarketCalendar,
  warnings: string[],
): UniverseEntry[] {
  const spec = index.derivatives;
  if (spec === null) return [];
  const entries: UniverseEntry[] = [];
  const futureExpiries = listMonthlyExpiries(
    sessionDate,
    spec.futureMonths,
    spec.expiryWeekday,
    calendar,
  );
  if (futureExpiries.length < spec.futureMonths) {
    warnings.push(
      `${spec.name}: ${spec.futureMonths - futureExpiries.length} future(s) not listed: ` +
        `their expiry is beyond the ${calendar.name} calendar`,
    );
  }
  for (const expiry of futureExpiries) {
    const exchangeToken = encodeDerivativeExchangeToken({
      tokenSlot: spec.tokenSlot,
      kind: 'FUT',
      expiry,
      strike: null,
      strikeStep: spec.strikeStep,
    });
    const instrument = nfoInstrument(
      spec,
      underlyingToken,
      {
        tradingSymbol: formatFutureSymbol(spec.name, expiry),
        type: 'FUT',
        tickSize: spec.futureTickSize,
        expiry,
        strike: null,
      },
      exchangeToken,
    );
    entries.push({ kind: 'FUTURE', instrument, spec, expiresAt: requireClose(expiry, calendar) });
  }

  const optionExpiries = listOptionExpiries(sessionDate, spec, calendar);
  if (optionExpiries.length === 0) {
    warnings.push(`${spec.name}: no options listed: the next expiry is beyond the calendar`);
  }
  const strikes = listStrikes(index.previousClose, spec);
  optionExpiries.forEach((expiry, seriesRank) => {
    const monthly = isMonthlyExpiry(expiry, spec.expiryWeekday, calendar);
    const expiresAt = requireClose(expiry, calendar);
    for (const strike of strikes) {
      for (const optionType of ['CE', 'PE'] as const) {
        const exchangeToken = encodeDerivativeExchangeToken({
          tokenSlot: spec.tokenSlot,
          kind: optionType,
          expiry,
          strike,
          strikeStep: spec.strikeStep,
        });
        const instrument = nfoInstrument(
          spec,
          underlyingToken,
          {
            tradingSymbol: formatOptionSymbol(spec.name, expiry, monthly, strike, optionType),
            type: optionType,
            tickSize: spec.optionTickSize,
            expiry,
            strike,
          },
          exchangeToken,
        );
        entries.push({
          kind: 'OPTION',
          instrument,
          spec,
          expiresAt,
          optionType,
          strike,
          seriesRank,
        });
      }
    }
  });
  return entries;
}

function checkUnique(entries: readonly UniverseEntry[]): void {
  const tokens = new Set<number>();
  const symbols = new Set<string>();
  for (const { instrument } of entries) {
    const key = `${instrument.exchange}:${instrument.tradingSymbol}`;
    if (tokens.has(instrument.token))
      throw new RangeError(`token ${instrument.token} is listed twice`);
    if (symbols.has(key)) throw new RangeError(`${key} is listed twice`);
    tokens.add(instrument.token);
    symbols.add(key);
    const problems = checkInstrument(instrument);
    if (problems.length > 0) throw new RangeError(`${key} is inconsistent: ${problems.join(', ')}`);
  }
}

function checkSpec(spec: UniverseSpec): void {
  if (spec.indices.length === 0) throw new RangeError('a universe needs at least one index');
  const indexSymbols = new Set(spec.indices.map((index) => index.symbol));
  for (const stock of spec.stocks) {
    if (!indexSymbols.has(stock.factor)) {
      throw new RangeError(
        `${stock.symbol}: factor index "${stock.factor}" is not in the universe`,
      );
    }
  }
}

/**
 * The instruments listed on a session day: indices, stocks, and the index futures and option
 * chains whose expiries follow from the date and the calendar. Strikes are centred on each
 * index's previous close. Throws on a non-trading day or an inconsistent record.
 */
export function buildUniverse(spec: UniverseSpec, options: BuildUniverseOptions): Universe {
  const calendar = options.calendar ?? nseCalendar2026;
  const { sessionDate } = options;
  const session = requireSession(sessionDate, calendar);
  checkSpec(spec);
  const warnings: string[] = [];
  const indices = spec.indices.map(indexEntry);
  const stocks = spec.stocks.map(stockEntry);
  const derivatives = spec.indices.flatMap((index) =>
    derivativeEntries(
      index,
      encodeInstrumentToken(index.exchangeToken, 'INDICES'),
      sessionDate,
      calendar,
      warnings,
    ),
  );
  const entries = [...indices, ...stocks, ...derivatives];
  checkUnique(entries);
  return { sessionDate, session, calendar, entries, warnings };
}
