import { ORDER_SIDES, ORDER_TYPES, PRODUCTS, rupeesToPaise } from '@kavach/domain';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { successBody } from '../kite/envelope';
import { inputError } from '../kite/kite-error';
import { parseInput } from '../http/parse-input';
import { unwrap } from '../trading/port-result';
import type { OrderMarginInput, TradingPort } from '../trading/trading-port';

/** Margin requests are JSON, prices in rupees as numbers. */
const rupees = z
  .number()
  .min(0)
  .transform((value) => rupeesToPaise(value));

const orderMarginRow = z.object({
  exchange: z.string().min(1),
  tradingsymbol: z.string().min(1),
  transaction_type: z.enum(ORDER_SIDES),
  variety: z.string().min(1).default('regular'),
  product: z.enum(PRODUCTS),
  order_type: z.enum(ORDER_TYPES),
  quantity: z.number().int().positive(),
  price: rupees.optional(),
  trigger_price: rupees.optional(),
});

const SEGMENTS = new Set(['equity', 'commodity']);

/** GET /user/margins[/:segment] and POST /margins/orders. */
export function registerMarginRoutes(app: FastifyInstance, trading: TradingPort): void {
  app.get('/user/margins', () => successBody(trading.margins()));

  app.get<{ Params: { segment: string } }>('/user/margins/:segment', (request) => {
    const { segment } = request.params;
    if (!SEGMENTS.has(segment)) throw inputError('Invalid segment.');
    const margins = trading.margins();
    return successBody(segment === 'equity' ? margins.equity : margins.commodity);
  });

  app.post('/margins/orders', (request) => {
    if (!Array.isArray(request.body)) throw inputError('Invalid orders: expected a JSON array.');
    const rows = request.body.map((row: unknown, i) => {
      try {
        return parseInput(orderMarginRow, row);
      } catch (error) {
        throw error instanceof Error ? inputError(`orders[${i}]: ${error.message}`) : error;
      }
    });
    return successBody(unwrap(trading.orderMargins(rows as OrderMarginInput[])));
  });
}
