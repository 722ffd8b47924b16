import { istDayStart } from '@kavach/domain';
import type { SimInstrument } from '../market/market-view';
import { stockBand } from '../market/derivative-pricing';
import type { Universe, UniverseEntry } from '../universe/build-universe';
import { createPricePath } from './price-path';
import type { PricePath } from './price-path';
import type { Scenario } from './scenario';

function keyOf(instrument: SimInstrument): string {
  return `${instrument.exchange}:${instrument.tradingSymbol}`;
}

function rupees(paise: number): string {
  return (paise / 100).toFixed(2);
}

/**
 * Checks a scenario against the session's instruments and turns its paths into price
 * functions keyed like the scenario ('NSE:INFY'). Throws a RangeError naming the scenario
 * field when an instrument is not listed that day, a price is off its tick, or a stock's
 * scripted price lies outside its circuit (which no exchange would print).
 */
export function compileScenario(scenario: Scenario, universe: Universe): Map<string, PricePath> {
  const entries = new Map<string, UniverseEntry>(
    universe.entries.map((entry) => [keyOf(entry.instrument), entry]),
  );
  const requireEntry = (key: string, field: string): UniverseEntry => {
    const entry = entries.get(key);
    if (entry === undefined) {
      throw new RangeError(`scenario ${field}: ${key} is not listed on ${universe.sessionDate}`);
    }
    return entry;
  };
  const requireOnTick = (price: number, instrument: SimInstrument, field: string): void => {
    if (price % instrument.tickSize !== 0) {
      throw new RangeError(
        `scenario ${field}: ${rupees(price)} is not on the ${rupees(instrument.tickSize)} tick`,
      );
    }
  };

  for (const [key, price] of scenario.previousClose) {
    const field = `previousClose["${key}"]`;
    requireOnTick(price, requireEntry(key, field).instrument, field);
  }

  const dayStart = istDayStart(scenario.sessionDate);
  const compiled = new Map<string, PricePath>();
  for (const [key, path] of scenario.paths) {
    const entry = requireEntry(key, `paths["${key}"]`);
    const { instrument } = entry;
    const band =
      entry.kind === 'STOCK'
        ? stockBand(
            scenario.previousClose.get(key) ?? entry.spec.previousClose,
            entry.spec.circuitPercent,
            instrument.tickSize,
          )
        : null;
    const points = path.points.map((point, i) => {
      const field = `paths["${key}"][${i}]`;
      requireOnTick(point.price, instrument, field);
      if (band !== null && (point.price < band[0] || point.price > band[1])) {
        throw new RangeError(
          `scenario ${field}: ${rupees(point.price)} is outside the circuit ` +
            `${rupees(band[0])}–${rupees(band[1])}`,
        );
      }
      return { atMs: dayStart + point.secondOfDay * 1_000, price: point.price };
    });
    compiled.set(key, createPricePath(points, path.interpolation, instrument.tickSize));
  }
  return compiled;
}
