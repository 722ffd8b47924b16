import type { Paise } from '@kavach/domain';
import type { PricePath } from '../scenario/price-path';
import type { Universe, UniverseEntry } from '../universe/build-universe';
import { derivativePrice, futureBand, optionBand, stockBand } from './derivative-pricing';
import type { Slot } from './market-slot';
import { createSeriesPricer } from './series-pricer';
import type { SeriesPricer } from './series-pricer';
import { initialOpenInterest, liquidityOf } from './trading-activity';

export interface SlotTable {
  /** In universe order: indices, stocks, futures, options (underlyings before derivatives). */
  readonly slots: readonly Slot[];
  readonly byToken: ReadonlyMap<number, Slot>;
  readonly byKey: ReadonlyMap<string, Slot>;
}

export interface CreateSlotsInput {
  readonly universe: Universe;
  readonly scripts: ReadonlyMap<string, PricePath>;
  /** Previous closes that replace the universe's (scenario overrides), by key. */
  readonly previousCloses: ReadonlyMap<string, Paise>;
  /** When the previous session closed: derivatives' closes are priced at that instant. */
  readonly previousCloseAt: number;
  /** Uniform draws in [0, 1) for the initial open interest. */
  readonly draw: () => number;
}

/** Futures of one underlying ranked by expiry: 0 for the near month. */
function rankFutures(entries: readonly UniverseEntry[]): Map<UniverseEntry, number> {
  const ranks = new Map<UniverseEntry, number>();
  for (const entry of entries) {
    if (entry.kind !== 'FUTURE') continue;
    const nearer = entries.filter(
      (other) =>
        other.kind === 'FUTURE' &&
        other.instrument.underlyingToken === entry.instrument.underlyingToken &&
        (other.instrument.expiry ?? '') < (entry.instrument.expiry ?? ''),
    );
    ranks.set(entry, nearer.length);
  }
  return ranks;
}

/** The day's starting state of every instrument: previous close, bands, open interest. */
export function createSlots(input: CreateSlotsInput): SlotTable {
  const { universe, scripts, previousCloses, previousCloseAt } = input;
  const slots: Slot[] = [];
  const byToken = new Map<number, Slot>();
  const byKey = new Map<string, Slot>();
  const pricers = new Map<string, SeriesPricer>();
  const ranks = rankFutures(universe.entries);

  /** One pricer per underlying and expiry, shared by the future and options of that expiry. */
  function pricerFor(entry: UniverseEntry, underlying: Slot): SeriesPricer | null {
    if (entry.kind !== 'FUTURE' && entry.kind !== 'OPTION') return null;
    const id = `${underlying.instrument.token}:${entry.expiresAt}`;
    let pricer = pricers.get(id);
    if (pricer === undefined) {
      pricer = createSeriesPricer({
        expiresAt: entry.expiresAt,
        rate: entry.spec.carryRate,
        atmVolatility: entry.spec.atmVolatility,
        skew: entry.spec.skew,
        curvature: entry.spec.curvature,
        spotVolElasticity: entry.spec.spotVolElasticity,
        referenceSpot: underlying.previousClose,
      });
      pricers.set(id, pricer);
    }
    return pricer;
  }

  for (const entry of universe.entries) {
    const { instrument } = entry;
    const key = `${instrument.exchange}:${instrument.tradingSymbol}`;
    const underlyingToken = instrument.underlyingToken;
    const underlying = underlyingToken === null ? null : (byToken.get(underlyingToken) ?? null);
    if (underlyingToken !== null && underlying === null) {
      throw new RangeError(`${key}: its underlying ${underlyingToken} is not listed`);
    }
    const listedClose =
      entry.kind === 'INDEX' || entry.kind === 'STOCK'
        ? entry.spec.previousClose
        : instrument.tickSize;
    const rank = ranks.get(entry) ?? 0;
    const slot: Slot = {
      entry,
      kind: entry.kind,
      instrument,
      key,
      tick: instrument.tickSize,
      lot: instrument.lotSize,
      underlying,
      derivatives: [],
      liquidity: liquidityOf(entry, underlying?.previousClose ?? listedClose, rank),
      script: scripts.get(key) ?? null,
      pricer: underlying === null ? null : pricerFor(entry, underlying),
      previousClose: listedClose,
      level: listedClose,
      last: listedClose,
      lastQuantity: 0,
      lastTradeTime: previousCloseAt,
      updatedAt: previousCloseAt,
      open: listedClose,
      high: listedClose,
      low: listedClose,
      traded: false,
      volume: 0,
      turnover: 0,
      oi: 0,
      oiHigh: 0,
      oiLow: 0,
      lower: 0 as Paise,
      upper: 0 as Paise,
      version: 0,
      quote: null,
      book: null,
    };
    if (underlying !== null) {
      slot.previousClose = derivativePrice(slot, underlying.previousClose, previousCloseAt);
      underlying.derivatives.push(slot);
    }
    slot.previousClose = previousCloses.get(key) ?? slot.previousClose;
    slot.level = slot.last = slot.open = slot.high = slot.low = slot.previousClose;

    if (entry.kind === 'STOCK') {
      [slot.lower, slot.upper] = stockBand(
        slot.previousClose,
        entry.spec.circuitPercent,
        slot.tick,
      );
    } else if (entry.kind === 'FUTURE') {
      [slot.lower, slot.upper] = futureBand(slot.previousClose, slot.tick);
    } else if (entry.kind === 'OPTION' && underlying !== null) {
      const [lower, upper] = optionBand(slot, underlying.previousClose, universe.session.open);
      slot.lower = Math.min(lower, slot.previousClose) as Paise;
      slot.upper = Math.max(upper, slot.previousClose) as Paise;
    }
    const underlyingClose = underlying?.previousClose ?? slot.previousClose;
    const oi = initialOpenInterest(entry, underlyingClose, rank, input.draw());
    slot.oi = slot.oiHigh = slot.oiLow = oi;

    slots.push(slot);
    byToken.set(instrument.token, slot);
    byKey.set(key, slot);
  }
  return { slots, byToken, byKey };
}
