import type { FastifyInstance } from 'fastify';
import { successBody } from '../kite/envelope';
import { inputError } from '../kite/kite-error';
import { asList } from '../http/parse-input';
import type { MarketView, Quote, SimInstrument } from '../market/market-contract';
import { toKiteLtp, toKiteOhlc, toKiteQuote } from '../market/quote-payloads';
import type { KiteSimServices } from '../services';

/** Kite's per-request caps: 500 instruments for full quotes, 1000 for OHLC and LTP. */
const MAX_QUOTE_INSTRUMENTS = 500;
const MAX_LIGHT_INSTRUMENTS = 1000;

/** `EXCHANGE:TRADINGSYMBOL` (or a bare instrument token) to the instrument. */
export function resolveInstrument(market: MarketView, key: string): SimInstrument | undefined {
  if (/^\d+$/.test(key)) return market.instrument(Number(key));
  const colon = key.indexOf(':');
  if (colon <= 0) return undefined;
  return market.instrumentBySymbol(key.slice(0, colon).toUpperCase(), key.slice(colon + 1));
}

function resolveQuote(market: MarketView, key: string): Quote | undefined {
  const instrument = resolveInstrument(market, key);
  return instrument === undefined ? undefined : market.quote(instrument.token);
}

/** Data keyed by the `i` values as sent; unknown instruments are left out, as Kite does. */
function collect<T>(
  market: MarketView,
  query: unknown,
  limit: number,
  toPayload: (quote: Quote) => T,
): Record<string, T> {
  const keys = asList((query as { i?: unknown } | undefined)?.i);
  if (keys.length > limit) throw inputError(`Maximum of ${limit} instruments allowed`);
  const data: Record<string, T> = {};
  for (const key of keys) {
    const quote = resolveQuote(market, key);
    if (quote !== undefined) data[key] = toPayload(quote);
  }
  return data;
}

export function registerQuoteRoutes(app: FastifyInstance, services: KiteSimServices): void {
  const { market } = services;
  app.get('/quote', (request) =>
    successBody(collect(market, request.query, MAX_QUOTE_INSTRUMENTS, toKiteQuote)),
  );
  app.get('/quote/ohlc', (request) =>
    successBody(collect(market, request.query, MAX_LIGHT_INSTRUMENTS, toKiteOhlc)),
  );
  app.get('/quote/ltp', (request) =>
    successBody(collect(market, request.query, MAX_LIGHT_INSTRUMENTS, toKiteLtp)),
  );
}
