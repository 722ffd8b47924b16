import { nseCalendar2026 } from '@kavach/domain';
import { NIFTY50_STOCKS } from '../universe/nifty50-stocks';
import { NIFTY_50, NIFTY_BANK } from '../universe/nse-indices';
import type { IndexSpec, StockSpec, UniverseSpec } from '../universe/universe-spec';
import { buildUniverse } from '../universe/build-universe';

/** A few stocks and narrow chains: the full generator, fast enough for property tests. */
function narrow(index: IndexSpec, strikesEachSide: number): IndexSpec {
  if (index.derivatives === null) return index;
  return { ...index, derivatives: { ...index.derivatives, strikesEachSide } };
}

function pickStocks(...symbols: string[]): StockSpec[] {
  return NIFTY50_STOCKS.filter((s) => symbols.includes(s.symbol));
}

export const SMALL_UNIVERSE: UniverseSpec = {
  indices: [narrow(NIFTY_50, 6), narrow(NIFTY_BANK, 3)],
  stocks: pickStocks('INFY', 'TATASTEEL', 'HDFCBANK', 'RELIANCE'),
};

export const SESSION_DATE = '2026-02-02';

/** When each contract of a session settles, by token. */
export function expiryTimes(spec: UniverseSpec, sessionDate: string): Map<number, number> {
  const universe = buildUniverse(spec, { sessionDate, calendar: nseCalendar2026 });
  const times = new Map<number, number>();
  for (const entry of universe.entries) {
    if (entry.kind === 'FUTURE' || entry.kind === 'OPTION') {
      times.set(entry.instrument.token, entry.expiresAt);
    }
  }
  return times;
}
