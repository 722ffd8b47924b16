import { paise } from '@kavach/domain';
import type { OrderType, Paise, Product } from '@kavach/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHarness, INFY, NIFTY_CE, NIFTY_FUT } from './exchange.fixtures';
import type { FakeMarket } from './exchange.fixtures';
import { toKiteOrder } from './kite-order';
import type { OrderUpdateEvent } from './order-events';
import type { KiteValidity, PlaceOrderRequest } from './order-request';

const UNIVERSE = [INFY, NIFTY_FUT, NIFTY_CE] as const;
const BASE_PRICE = [paise(1500_00), paise(24550_00), paise(120_00)] as const;

type Action =
  | {
      readonly kind: 'place';
      readonly instrument: number;
      readonly side: 'BUY' | 'SELL';
      readonly orderType: OrderType;
      readonly product: Product;
      readonly validity: KiteValidity;
      readonly lots: number;
      readonly priceTicks: number;
      readonly triggerTicks: number;
      /** 0 puts the limit one paisa off the tick grid: an exchange rejection. */
      readonly offTick: number;
    }
  | {
      readonly kind: 'modify';
      readonly order: number;
      readonly priceTicks: number;
      readonly lots: number;
    }
  | { readonly kind: 'cancel'; readonly order: number }
  | {
      readonly kind: 'move';
      readonly instrument: number;
      readonly ticks: number;
      readonly levelLots: number;
      readonly spreadTicks: number;
      /** Circuit band half-width in ticks: narrow bands put depth levels outside them. */
      readonly bandTicks: number;
    };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('place' as const),
      instrument: fc.nat({ max: UNIVERSE.length - 1 }),
      side: fc.constantFrom('BUY' as const, 'SELL' as const),
      orderType: fc.constantFrom<OrderType>('MARKET', 'LIMIT', 'SL', 'SL-M'),
      product: fc.constantFrom<Product>('MIS', 'NRML', 'CNC'),
      validity: fc.constantFrom<KiteValidity>('DAY', 'DAY', 'IOC'),
      lots: fc.integer({ min: 1, max: 30 }),
      priceTicks: fc.integer({ min: -15, max: 15 }),
      triggerTicks: fc.integer({ min: -15, max: 15 }),
      offTick: fc.nat({ max: 15 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('modify' as const),
      order: fc.nat({ max: 40 }),
      priceTicks: fc.integer({ min: -15, max: 15 }),
      lots: fc.integer({ min: 1, max: 30 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('cancel' as const), order: fc.nat({ max: 40 }) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('move' as const),
      instrument: fc.nat({ max: UNIVERSE.length - 1 }),
      ticks: fc.integer({ min: -12, max: 12 }),
      levelLots: fc.integer({ min: 0, max: 12 }),
      spreadTicks: fc.integer({ min: 1, max: 4 }),
      bandTicks: fc.integer({ min: 2, max: 400 }),
    }),
  },
);

function toRequest(
  action: Extract<Action, { kind: 'place' }>,
  market: FakeMarket,
): PlaceOrderRequest {
  const instrument = UNIVERSE[action.instrument] ?? INFY;
  const lastPrice = market.quote(instrument.token)?.lastPrice ?? BASE_PRICE[0];
  const at = (ticks: number): Paise =>
    paise(Math.max(instrument.tickSize, lastPrice + ticks * instrument.tickSize));
  const trigger = at(
    action.side === 'BUY' ? Math.abs(action.triggerTicks) + 1 : -Math.abs(action.triggerTicks) - 1,
  );
  const stopLimit =
    action.side === 'BUY'
      ? paise(trigger + 2 * instrument.tickSize)
      : paise(trigger - 2 * instrument.tickSize);
  return {
    variety: 'regular',
    exchange: instrument.exchange,
    tradingsymbol: instrument.tradingSymbol,
    transaction_type: action.side,
    order_type: action.orderType,
    product:
      instrument.type === 'EQ'
        ? action.product
        : action.product === 'CNC'
          ? 'NRML'
          : action.product,
    validity: action.validity,
    quantity: action.lots * instrument.lotSize,
    market_protection: action.lots % 3 === 0 ? -1 : 3,
    ...(action.orderType === 'LIMIT'
      ? { price: paise(at(action.priceTicks) + (action.offTick === 0 ? 1 : 0)) }
      : {}),
    ...(action.orderType === 'SL' ? { price: stopLimit, trigger_price: trigger } : {}),
    ...(action.orderType === 'SL-M' ? { trigger_price: trigger } : {}),
  };
}

/** Runs a flow and checks every fill as it happens; returns the harness for end-state checks. */
function runFlow(actions: readonly Action[]): {
  readonly harness: ReturnType<typeof createHarness>;
  readonly fillProblems: string[];
} {
  const harness = createHarness({ funds: paise(1_00_00_00_000_00) });
  const { exchange, market } = harness;
  const fillProblems: string[] = [];
  exchange.subscribe((event: OrderUpdateEvent) => {
    const { trade, order } = event;
    if (trade === null) return;
    const quote = market.quote(trade.instrumentToken);
    const limit = order.workingPrice;
    if (limit === null) fillProblems.push(`${order.orderId} filled without a working price`);
    else if (trade.transactionType === 'BUY' ? trade.price > limit : trade.price < limit) {
      fillProblems.push(
        `${order.orderId} ${trade.transactionType} at ${trade.price} beyond ${limit}`,
      );
    }
    if (order.requestedOrderType === 'LIMIT' || order.requestedOrderType === 'SL') {
      const beyond =
        trade.transactionType === 'BUY' ? trade.price > order.price : trade.price < order.price;
      if (beyond) fillProblems.push(`${order.orderId} beyond its own limit ${order.price}`);
    }
    if (
      quote === undefined ||
      trade.price < quote.lowerCircuit ||
      trade.price > quote.upperCircuit
    ) {
      fillProblems.push(`${order.orderId} filled at ${trade.price} outside the circuit band`);
    }
  });
  const placed: string[] = [];
  for (const action of actions) {
    switch (action.kind) {
      case 'place': {
        const result = exchange.placeOrder(toRequest(action, market));
        if (result.ok) placed.push(result.orderId);
        break;
      }
      case 'modify': {
        const id = placed[action.order % Math.max(placed.length, 1)];
        const order = id === undefined ? undefined : exchange.order(id);
        if (order === undefined) break;
        const instrument = market.instrument(order.instrumentToken) ?? INFY;
        const lastPrice = market.quote(instrument.token)?.lastPrice ?? order.price;
        exchange.modifyOrder(order.orderId, {
          quantity: action.lots * instrument.lotSize,
          ...(order.requestedOrderType === 'LIMIT'
            ? {
                price: paise(
                  Math.max(
                    instrument.tickSize,
                    lastPrice + action.priceTicks * instrument.tickSize,
                  ),
                ),
              }
            : {}),
        });
        break;
      }
      case 'cancel': {
        const id = placed[action.order % Math.max(placed.length, 1)];
        if (id !== undefined) exchange.cancelOrder(id);
        break;
      }
      case 'move': {
        const instrument = UNIVERSE[action.instrument] ?? INFY;
        const tick = instrument.tickSize;
        const previous = market.quote(instrument.token)?.lastPrice ?? BASE_PRICE[0];
        const lastPrice = paise(Math.max(50 * tick, previous + action.ticks * tick));
        market.setQuote(instrument.token, {
          lastPrice,
          bid: paise(lastPrice - action.spreadTicks * tick),
          ask: paise(lastPrice + action.spreadTicks * tick),
          levelQuantity: action.levelLots * instrument.lotSize,
          lowerCircuit: paise(Math.max(tick, lastPrice - action.bandTicks * tick)),
          upperCircuit: paise(lastPrice + action.bandTicks * tick),
        });
        exchange.onMarketUpdate([instrument.token]);
        break;
      }
    }
  }
  return { harness, fillProblems };
}

const flows = fc.array(actionArb, { minLength: 5, maxLength: 80, size: 'max' });
const RUNS = { numRuns: 100 };

describe('matching engine invariants over random order flows and price paths', () => {
  it('never fills a BUY above (a SELL below) its limit, nor outside the circuit band', () => {
    fc.assert(
      fc.property(flows, (actions) => {
        expect(runFlow(actions).fillProblems).toEqual([]);
      }),
      RUNS,
    );
  });

  it('keeps filled + pending + cancelled = quantity for every order', () => {
    fc.assert(
      fc.property(flows, (actions) => {
        const { exchange } = runFlow(actions).harness;
        for (const order of exchange.orders()) {
          if (order.status === 'REJECTED') {
            // Kite reports a rejected order with nothing filled, pending or cancelled.
            expect([order.filledQuantity, order.pendingQuantity]).toEqual([0, 0]);
            continue;
          }
          expect(order.filledQuantity + order.pendingQuantity + order.cancelledQuantity).toBe(
            order.quantity,
          );
          expect(order.filledQuantity).toBeLessThanOrEqual(order.quantity);
        }
      }),
      RUNS,
    );
  });

  it('makes every net position the sum of signed trade quantities', () => {
    fc.assert(
      fc.property(flows, (actions) => {
        const { exchange } = runFlow(actions).harness;
        const expected = new Map<string, number>();
        for (const trade of exchange.trades()) {
          const key = `${trade.instrumentToken}:${trade.product}`;
          const signed = trade.transactionType === 'BUY' ? trade.quantity : -trade.quantity;
          expected.set(key, (expected.get(key) ?? 0) + signed);
        }
        const actual = new Map(
          exchange.positions().net.map((p) => [`${p.instrumentToken}:${p.product}`, p.quantity]),
        );
        expect(actual).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('reports each order average price as the VWAP of its trades', () => {
    fc.assert(
      fc.property(flows, (actions) => {
        const { exchange } = runFlow(actions).harness;
        for (const order of exchange.orders()) {
          const trades = exchange.orderTrades(order.orderId);
          const list = trades.ok ? trades.value : [];
          const quantity = list.reduce((sum, t) => sum + t.quantity, 0);
          const value = list.reduce((sum, t) => sum + t.price * t.quantity, 0);
          expect(quantity).toBe(order.filledQuantity);
          const kite = toKiteOrder(order);
          if (quantity === 0) expect(kite.average_price).toBe(0);
          else expect(kite.average_price).toBeCloseTo(value / quantity / 100, 9);
        }
      }),
      RUNS,
    );
  });

  it('keeps every order history starting at PUT ORDER REQ RECEIVED and ending at the order', () => {
    fc.assert(
      fc.property(flows, (actions) => {
        const { exchange } = runFlow(actions).harness;
        for (const order of exchange.orders()) {
          const history = exchange.orderHistory(order.orderId);
          const snapshots = history.ok ? history.value : [];
          expect(snapshots[0]?.status).toBe('PUT ORDER REQ RECEIVED');
          expect(snapshots.at(-1)).toBe(order);
        }
      }),
      RUNS,
    );
  });
});
