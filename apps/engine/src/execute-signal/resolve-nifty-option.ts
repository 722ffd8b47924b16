import { paise, parseIsoDate } from '@kavach/domain';
import type { Instrument, OptionType, Paise } from '@kavach/domain';

export const NIFTY_UNDERLYING = 'NIFTY';

/** How many listed strikes an unknown-strike error offers instead. */
const NEAREST_STRIKES_SHOWN = 4;

/** No contract matches the signal; `nearestStrikes` (paise, ascending) lists what does exist. */
export class UnknownContractError extends Error {
  readonly code = 'UNKNOWN_CONTRACT';
  override readonly name = 'UnknownContractError';

  constructor(
    message: string,
    readonly nearestStrikes: readonly Paise[],
  ) {
    super(message);
  }
}

/** The chain has no strike far enough out of the money to hedge with. */
export class NoHedgeStrikeError extends Error {
  readonly code = 'NO_HEDGE_STRIKE';
  override readonly name = 'NoHedgeStrikeError';
}

export interface NiftyOptionQuery {
  readonly strike: Paise;
  readonly optionType: OptionType;
  /** Today's IST date, YYYY-MM-DD, from the caller's clock. */
  readonly todayIst: string;
}

/** NIFTY option with a known strike and expiry: what every lookup below works on. */
type ListedOption = Instrument & {
  readonly type: OptionType;
  readonly strike: Paise;
  readonly expiry: string;
};

function isNiftyOption(instrument: Instrument): instrument is ListedOption {
  return (
    instrument.exchange === 'NFO' &&
    instrument.name === NIFTY_UNDERLYING &&
    (instrument.type === 'CE' || instrument.type === 'PE') &&
    instrument.strike !== null &&
    instrument.expiry !== null
  );
}

function formatStrike(strike: Paise): string {
  return String(strike / 100);
}

function chainOf(
  instruments: readonly Instrument[],
  expiry: string,
  optionType: OptionType,
): readonly ListedOption[] {
  return instruments
    .filter(isNiftyOption)
    .filter((option) => option.expiry === expiry && option.type === optionType)
    .sort((a, b) => a.strike - b.strike);
}

/**
 * The nearest NIFTY expiry on or after today, across calls and puts alike so a CE and a PE
 * signal of the same day land on the same weekly contract. Taken from the master rather than
 * computed from a weekday: the exchange moves an expiry that falls on a holiday (to the
 * trading day before) and has changed the weekday itself, and the master already says so.
 * Today's expiry counts: the contract trades until the close, and the engine's entry window
 * refuses entries near the close anyway.
 */
export function nearestNiftyExpiry(
  instruments: readonly Instrument[],
  todayIst: string,
): string | null {
  parseIsoDate(todayIst);
  let nearest: string | null = null;
  for (const instrument of instruments) {
    if (!isNiftyOption(instrument) || instrument.expiry < todayIst) continue;
    if (nearest === null || instrument.expiry < nearest) nearest = instrument.expiry;
  }
  return nearest;
}

function nearestStrikes(chain: readonly ListedOption[], strike: Paise): readonly Paise[] {
  const strikes = [...new Set(chain.map((option) => option.strike))];
  return strikes
    .sort((a, b) => Math.abs(a - strike) - Math.abs(b - strike) || a - b)
    .slice(0, NEAREST_STRIKES_SHOWN)
    .sort((a, b) => a - b);
}

/**
 * The NFO NIFTY option of the given strike and type in the nearest expiry (the current weekly
 * contract). Throws UnknownContractError when the chain has no such strike, naming the nearest
 * strikes it does have.
 */
export function resolveNiftyOption(
  instruments: readonly Instrument[],
  query: NiftyOptionQuery,
): Instrument {
  const expiry = nearestNiftyExpiry(instruments, query.todayIst);
  const label = `NIFTY ${formatStrike(query.strike)} ${query.optionType}`;
  if (expiry === null) {
    throw new UnknownContractError(
      `no ${label}: no NIFTY option in the instrument master expires on or after ${query.todayIst}`,
      [],
    );
  }
  const chain = chainOf(instruments, expiry, query.optionType);
  const match = chain.find((option) => option.strike === query.strike);
  if (match !== undefined) return match;
  const nearest = nearestStrikes(chain, query.strike);
  const offer =
    nearest.length === 0
      ? `no ${query.optionType} strikes are listed for it`
      : `nearest strikes: ${nearest.map(formatStrike).join(', ')}`;
  throw new UnknownContractError(`no ${label} expiring ${expiry}; ${offer}`, nearest);
}

/**
 * The protective option for a main leg: same expiry and type, `distancePoints` rupees further
 * out of the money (CE: above, PE: below). When that exact strike is not listed, the next
 * listed strike further out is taken: a hedge nearer the money would cost more than asked
 * for, one further out only protects from further away. Throws NoHedgeStrikeError when the
 * chain ends first.
 */
export function pickHedgeStrike(
  instruments: readonly Instrument[],
  main: Instrument,
  distancePoints = 500,
): Instrument {
  if (!Number.isSafeInteger(distancePoints) || distancePoints <= 0) {
    throw new RangeError(
      `hedge distance must be a positive whole number of points, got ${distancePoints}`,
    );
  }
  if (!isNiftyOption(main)) {
    throw new RangeError(`${main.tradingSymbol} is not a NIFTY option`);
  }
  const distance = paise(distancePoints * 100);
  const chain = chainOf(instruments, main.expiry, main.type);
  const hedge =
    main.type === 'CE'
      ? chain.find((option) => option.strike >= main.strike + distance)
      : chain.findLast((option) => option.strike <= main.strike - distance);
  if (hedge !== undefined) return hedge;
  const direction = main.type === 'CE' ? 'at or above' : 'at or below';
  const wanted = main.type === 'CE' ? main.strike + distance : main.strike - distance;
  throw new NoHedgeStrikeError(
    `no NIFTY ${main.type} expiring ${main.expiry} ${direction} ${formatStrike(paise(wanted))} ` +
      `to hedge ${main.tradingSymbol} with`,
  );
}
