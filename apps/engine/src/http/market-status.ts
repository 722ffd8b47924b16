import { formatIstTimestamp, type MarketCalendar } from '@kavach/domain';

export type MarketStatus =
  | {
      readonly calendar: string;
      readonly covered: true;
      readonly now: string;
      readonly open: boolean;
      readonly minutesToClose: number | null;
      readonly nextOpen: string;
    }
  | {
      readonly calendar: string;
      readonly covered: false;
      readonly now: string;
      readonly reason: string;
    };

/** The IST session as the engine sees it; a calendar that does not cover today says so. */
export function describeMarket(calendar: MarketCalendar, now: number): MarketStatus {
  const stamp = formatIstTimestamp(now);
  try {
    return {
      calendar: calendar.name,
      covered: true,
      now: stamp,
      open: calendar.isMarketOpen(now),
      minutesToClose: calendar.minutesToClose(now),
      nextOpen: formatIstTimestamp(calendar.nextSessionOpen(now)),
    };
  } catch (error) {
    // The calendar refuses years it has no holiday data for: no trading until it is updated.
    if (error instanceof RangeError) {
      return { calendar: calendar.name, covered: false, now: stamp, reason: error.message };
    }
    throw error;
  }
}
