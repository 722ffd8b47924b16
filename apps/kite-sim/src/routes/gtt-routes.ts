import { ORDER_SIDES, ORDER_TYPES, PRODUCTS, rupeesToPaise } from '@kavach/domain';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { successBody } from '../kite/envelope';
import { inputError, KiteError } from '../kite/kite-error';
import { parseInput } from '../http/parse-input';
import type { GttBook } from '../gtt/gtt-book';
import type { GttDraft } from '../gtt/gtt-types';
import { toKiteGtt } from '../gtt/gtt-wire';
import type { MarketView } from '../market/market-contract';
import { SIM_USER } from '../session/sim-user';
import type { Clock } from '@kavach/domain';

const rupees = z
  .number()
  .positive()
  .transform((value) => rupeesToPaise(value));

const conditionSchema = z.object({
  exchange: z.string().min(1),
  tradingsymbol: z.string().min(1),
  trigger_values: z.array(rupees).min(1).max(2),
  last_price: rupees,
});

const orderSchema = z.object({
  exchange: z.string().min(1),
  tradingsymbol: z.string().min(1),
  transaction_type: z.enum(ORDER_SIDES),
  order_type: z.enum(ORDER_TYPES),
  product: z.enum(PRODUCTS),
  quantity: z.number().int().positive(),
  price: rupees,
});

const formSchema = z.object({
  type: z.enum(['single', 'two-leg']),
  condition: z.string().min(1),
  orders: z.string().min(1),
});

function parseJsonField(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw inputError(`Invalid \`${field}\`.`);
  }
}

/** The form Kite's client sends (`condition` and `orders` as JSON strings) to a trigger draft. */
export function readGttDraft(body: unknown, market: MarketView): GttDraft {
  const form = parseInput(formSchema, body);
  const condition = parseInput(conditionSchema, parseJsonField(form.condition, 'condition'));
  const rawOrders = parseJsonField(form.orders, 'orders');
  if (!Array.isArray(rawOrders)) throw inputError('Invalid `orders`.');
  const orders = rawOrders.map((order: unknown) => parseInput(orderSchema, order));
  const legs = form.type === 'single' ? 1 : 2;
  if (condition.trigger_values.length !== legs || orders.length !== legs) {
    throw inputError(`A ${form.type} trigger needs ${legs} trigger value(s) and ${legs} order(s).`);
  }
  const [lower, upper] = condition.trigger_values;
  if (form.type === 'two-leg' && lower !== undefined && upper !== undefined && lower >= upper) {
    throw inputError('The lower trigger value must be below the upper one.');
  }
  const instrument = market.instrumentBySymbol(condition.exchange, condition.tradingsymbol);
  if (instrument === undefined) throw inputError('Invalid `tradingsymbol`.');
  return {
    type: form.type,
    condition: {
      exchange: condition.exchange,
      tradingsymbol: condition.tradingsymbol,
      instrumentToken: instrument.token,
      triggerValues: condition.trigger_values,
      lastPrice: condition.last_price,
    },
    orders: orders.map((o) => ({
      exchange: o.exchange,
      tradingsymbol: o.tradingsymbol,
      transactionType: o.transaction_type,
      orderType: o.order_type,
      product: o.product,
      quantity: o.quantity,
      price: o.price,
    })),
  };
}

function readId(text: string): number {
  if (!/^\d+$/.test(text)) throw inputError('Invalid `trigger_id`.');
  return Number(text);
}

const notFound = (): KiteError => new KiteError('GeneralException', 'Trigger not found.');

export interface GttRouteDeps {
  readonly gtt: GttBook;
  readonly market: MarketView;
  readonly clock: Clock;
}

/** GTT triggers: list, read, create, modify, delete. They fire from the simulator's ticks. */
export function registerGttRoutes(app: FastifyInstance, deps: GttRouteDeps): void {
  const { gtt, market, clock } = deps;
  const wire = (record: Parameters<typeof toKiteGtt>[0]) =>
    toKiteGtt(record, SIM_USER.userId, SIM_USER.appId);

  app.get('/gtt/triggers', () => successBody(gtt.list().map(wire)));

  app.get<{ Params: { id: string } }>('/gtt/triggers/:id', (request) => {
    const record = gtt.get(readId(request.params.id));
    if (record === undefined) throw notFound();
    return successBody(wire(record));
  });

  app.post('/gtt/triggers', (request) => {
    const record = gtt.create(readGttDraft(request.body, market), clock.now());
    return successBody({ trigger_id: record.id });
  });

  app.put<{ Params: { id: string } }>('/gtt/triggers/:id', (request) => {
    const id = readId(request.params.id);
    const record = gtt.modify(id, readGttDraft(request.body, market), clock.now());
    if (record === null) {
      throw gtt.get(id) === undefined
        ? notFound()
        : inputError('Only an active trigger can be modified.');
    }
    return successBody({ trigger_id: record.id });
  });

  app.delete<{ Params: { id: string } }>('/gtt/triggers/:id', (request) => {
    const record = gtt.remove(readId(request.params.id), clock.now());
    if (record === null) throw notFound();
    return successBody({ trigger_id: record.id });
  });
}
