import type { FastifyInstance, FastifyReply } from 'fastify';
import type { KiteSimServices } from '../services';
import { toInstrumentsCsv } from '../market/instruments-csv';
import type { SimInstrument } from '../market/market-contract';

/**
 * GET /instruments[/:exchange]: the CSV dump. Public, as on Kite. The Content-Type must be
 * exactly `text/csv` (no charset): the official client parses the CSV only then.
 */
export function registerInstrumentRoutes(app: FastifyInstance, services: KiteSimServices): void {
  const { market } = services;
  const send = (reply: FastifyReply, instruments: readonly SimInstrument[]): FastifyReply => {
    const csv = toInstrumentsCsv(instruments, (token) => market.quote(token)?.close ?? 0);
    return reply.header('content-type', 'text/csv').send(csv);
  };

  app.get('/instruments', (_request, reply) => send(reply, market.instruments()));

  app.get<{ Params: { exchange: string } }>('/instruments/:exchange', (request, reply) => {
    const exchange = request.params.exchange.toUpperCase();
    return send(
      reply,
      market.instruments().filter((instrument) => instrument.exchange === exchange),
    );
  });
}
