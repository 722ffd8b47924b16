import { ORDER_SIDES, PRODUCTS } from '@kavach/domain';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { successBody } from '../kite/envelope';
import { positiveInteger } from '../http/form-fields';
import { parseInput } from '../http/parse-input';
import { unwrap } from '../trading/port-result';
import type { TradingPort } from '../trading/trading-port';

const convertBody = z.object({
  exchange: z.string().min(1),
  tradingsymbol: z.string().min(1),
  transaction_type: z.enum(ORDER_SIDES),
  position_type: z.enum(['day', 'overnight']),
  quantity: positiveInteger,
  old_product: z.enum(PRODUCTS),
  new_product: z.enum(PRODUCTS),
});

/** Positions, holdings (the simulated account holds no delivery stock) and conversion. */
export function registerPortfolioRoutes(app: FastifyInstance, trading: TradingPort): void {
  app.get('/portfolio/positions', () => successBody(trading.positions()));
  app.get('/portfolio/holdings', () => successBody([]));
  app.put('/portfolio/positions', (request) => {
    const body = parseInput(convertBody, request.body);
    return successBody(unwrap(trading.convertPosition(body)));
  });
}
