import { istDayStart, isIsoDate, MS_PER_DAY, parseIstTimestamp } from '@kavach/domain';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { successBody } from '../kite/envelope';
import { inputError } from '../kite/kite-error';
import { toCandleTimestamp, toRupees } from '../kite/wire-format';
import { parseInput } from '../http/parse-input';
import { CANDLE_INTERVALS, isCandleInterval } from '../market/candle-interval';
import type { Candle } from '../market/candle-source';
import type { KiteSimServices } from '../services';

const flag = z.enum(['0', '1', 'true', 'false']).optional();

const historicalQuery = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  continuous: flag,
  oi: flag,
});

/** `yyyy-mm-dd hh:mm:ss` or `yyyy-mm-dd`, IST. */
function parseKiteTime(text: string, field: string): number {
  const trimmed = text.trim();
  try {
    return isIsoDate(trimmed) ? istDayStart(trimmed) : parseIstTimestamp(trimmed);
  } catch {
    throw inputError(`Invalid \`${field}\` date.`);
  }
}

/** One candle as Kite sends it: [time, open, high, low, close, volume(, oi)]. */
export function toKiteCandle(candle: Candle, withOi: boolean): (string | number)[] {
  const row: (string | number)[] = [
    toCandleTimestamp(candle.time),
    toRupees(candle.open),
    toRupees(candle.high),
    toRupees(candle.low),
    toRupees(candle.close),
    candle.volume,
  ];
  if (withOi) row.push(candle.oi);
  return row;
}

/** GET /instruments/historical/:instrument_token/:interval. */
export function registerHistoricalRoutes(app: FastifyInstance, services: KiteSimServices): void {
  app.get<{ Params: { token: string; interval: string } }>(
    '/instruments/historical/:token/:interval',
    (request) => {
      const { token, interval } = request.params;
      const query = parseInput(historicalQuery, request.query);
      if (!isCandleInterval(interval)) throw inputError('invalid interval');
      const instrument = /^\d+$/.test(token)
        ? services.market.instrument(Number(token))
        : undefined;
      if (instrument === undefined) throw inputError('invalid token');
      const from = parseKiteTime(query.from, 'from');
      const to = parseKiteTime(query.to, 'to');
      if (from > to) throw inputError('from date cannot be after to date');
      const { maxDays } = CANDLE_INTERVALS[interval];
      if (to - from > maxDays * MS_PER_DAY) {
        throw inputError(`interval exceeds max limit: ${maxDays} days`);
      }
      const withOi = query.oi === '1' || query.oi === 'true';
      const candles = services.candles.candles(instrument, interval, {
        from,
        to,
        now: services.clock.now(),
      });
      return successBody({ candles: candles.map((c) => toKiteCandle(c, withOi)) });
    },
  );
}
