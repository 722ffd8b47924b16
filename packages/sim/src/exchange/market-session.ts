import { atIstOn, istDate, istMinutesOfDay, istParts } from '@kavach/domain';
import type { Exchange, MarketCalendar } from '@kavach/domain';

const FALLBACK_OPEN_MINUTES = 9 * 60 + 15;
const FALLBACK_CLOSE_MINUTES = 15 * 60 + 30;

/**
 * When the simulated exchange trades. The calendar decides for the years it covers; outside
 * them (a replay of an old date, a demo years ahead) weekdays 09:15–15:30 IST, because the
 * simulator must keep running where the engine's calendar would rightly refuse. The control
 * API can force the market open or closed.
 */
export interface MarketSession {
  readonly isOpen: (now: number) => boolean;
  /** Today's close (epoch ms), or null on a day without a session. */
  readonly closeOn: (now: number) => number | null;
  readonly setOverride: (state: 'open' | 'closed' | null) => void;
  readonly override: () => 'open' | 'closed' | null;
}

function isWeekday(now: number): boolean {
  const { weekday } = istParts(now);
  return weekday !== 0 && weekday !== 6;
}

export function createMarketSession(calendar: MarketCalendar | undefined): MarketSession {
  let override: 'open' | 'closed' | null = null;

  function covered(now: number): MarketCalendar | null {
    return calendar?.covers(istDate(now)) === true ? calendar : null;
  }

  function closeOn(now: number): number | null {
    const known = covered(now);
    if (known !== null) return known.sessionCloseOn(istDate(now));
    return isWeekday(now) ? atIstOn(now, '15:30') : null;
  }

  return {
    isOpen: (now) => {
      if (override !== null) return override === 'open';
      const known = covered(now);
      if (known !== null) return known.isMarketOpen(now);
      const minutes = istMinutesOfDay(now);
      return isWeekday(now) && minutes >= FALLBACK_OPEN_MINUTES && minutes < FALLBACK_CLOSE_MINUTES;
    },
    closeOn,
    setOverride: (state) => {
      override = state;
    },
    override: () => override,
  };
}

/** NSE equity squares off at the equity time; NFO derivatives at the later one. */
export function squareOffSegment(exchange: Exchange): 'equity' | 'derivatives' {
  return exchange === 'NFO' || exchange === 'BFO' ? 'derivatives' : 'equity';
}
