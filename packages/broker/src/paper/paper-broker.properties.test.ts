import { paise } from '@kavach/domain';
import type { OrderSide } from '@kavach/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BrokerOrderReport, PlaceOrderCommand } from '../broker';
import type { PaperHarness } from './paper.fixtures';
import { createPaperHarness, expectOk, INFY, orderOf } from './paper.fixtures';

const TICK = INFY.tickSize;
const START = 1500_00;

type Step =
  | { readonly kind: 'move'; readonly ticks: number }
  | {
      readonly kind: 'bracket';
      readonly side: OrderSide;
      readonly market: boolean;
      readonly quantity: number;
      /** Entry limit, in ticks from the last price (positive: more aggressive). */
      readonly entryTicks: number;
      readonly stopTicks: number;
      readonly targetTicks: number;
      /** A stop-limit with this many ticks of room, or an SL-M when null. */
      readonly stopLimitTicks: number | null;
    }
  | { readonly kind: 'cancel'; readonly pick: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('move' as const),
      ticks: fc.integer({ min: -12, max: 12 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('bracket' as const),
      side: fc.constantFrom<OrderSide>('BUY', 'SELL'),
      market: fc.boolean(),
      quantity: fc.integer({ min: 1, max: 40 }),
      entryTicks: fc.integer({ min: -6, max: 6 }),
      stopTicks: fc.integer({ min: 1, max: 15 }),
      targetTicks: fc.integer({ min: 1, max: 15 }),
      stopLimitTicks: fc.option(fc.integer({ min: 0, max: 4 })),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat({ max: 30 }) }),
  },
);

const opposite = (side: OrderSide): OrderSide => (side === 'BUY' ? 'SELL' : 'BUY');
/** Ticks in the side's favourable direction: down for a buyer, up for a seller. */
const against = (side: OrderSide, ticks: number): number => (side === 'BUY' ? ticks : -ticks);

interface Bracket {
  readonly side: OrderSide;
  readonly stopTicks: number;
  readonly targetTicks: number;
  readonly stopLimitTicks: number | null;
  readonly legs: string[];
}

/**
 * A bracket engine in miniature: when an entry fills, it places a stop and a target for the
 * filled quantity; when either exit fills, it cancels the other. Exits that race each other
 * or the entry's later fills are allowed to overfill: the property is about the broker's
 * accounting, not the engine's.
 */
function runBrackets(h: PaperHarness, lastPrice: () => number) {
  const brackets = new Map<string, Bracket>();
  const siblings = new Map<string, string>();
  const placed: string[] = [];

  const place = (command: PlaceOrderCommand): void => {
    void h.broker.placeOrder(command).then((result) => {
      if (result.ok) placed.push(result.value.brokerOrderId);
    });
  };

  const placeExits = (entry: BrokerOrderReport, bracket: Bracket, quantity: number): void => {
    const exit = opposite(bracket.side);
    const ltp = lastPrice();
    const stopTrigger = ltp - against(bracket.side, bracket.stopTicks) * TICK;
    const targetPrice = ltp + against(bracket.side, bracket.targetTicks) * TICK;
    if (stopTrigger <= 0 || targetPrice <= 0) return;
    const stopId = `S${entry.clientOrderId ?? ''}${bracket.legs.length}`;
    const targetId = `P${entry.clientOrderId ?? ''}${bracket.legs.length}`;
    bracket.legs.push(stopId, targetId);
    siblings.set(stopId, targetId);
    siblings.set(targetId, stopId);
    const limit =
      bracket.stopLimitTicks === null
        ? null
        : paise(stopTrigger - against(bracket.side, bracket.stopLimitTicks) * TICK);
    place(
      orderOf({
        clientOrderId: stopId,
        side: exit,
        quantity,
        orderType: limit === null ? 'SL-M' : 'SL',
        price: limit,
        triggerPrice: paise(stopTrigger),
      }),
    );
    place(orderOf({ clientOrderId: targetId, side: exit, quantity, price: paise(targetPrice) }));
  };

  const exitFilled = new Set<string>();
  const entryFilled = new Map<string, number>();
  const byClientId = new Map<string, string>();
  h.broker.onEvent((event) => {
    if (event.type !== 'order' || event.report.clientOrderId === null) return;
    const report = event.report;
    const clientId = report.clientOrderId;
    if (clientId === null) return;
    byClientId.set(clientId, report.brokerOrderId);
    const bracket = brackets.get(clientId);
    if (bracket !== undefined) {
      const before = entryFilled.get(clientId) ?? 0;
      if (report.filledQuantity > before) {
        entryFilled.set(clientId, report.filledQuantity);
        placeExits(report, bracket, report.filledQuantity - before);
      }
      return;
    }
    const sibling = siblings.get(clientId);
    if (sibling !== undefined && report.filledQuantity > 0 && !exitFilled.has(clientId)) {
      exitFilled.add(clientId);
      const siblingOrder = byClientId.get(sibling);
      if (siblingOrder !== undefined) void h.broker.cancelOrder(siblingOrder);
    }
  });

  return {
    placed,
    openBracket: (step: Extract<Step, { kind: 'bracket' }>, id: string): void => {
      brackets.set(id, { ...step, legs: [] });
      const price = lastPrice() + against(step.side, -step.entryTicks) * TICK;
      place(
        orderOf({
          clientOrderId: id,
          side: step.side,
          quantity: step.quantity,
          orderType: step.market ? 'MARKET' : 'LIMIT',
          price: step.market ? null : paise(price),
        }),
      );
    },
  };
}

describe('PaperBroker properties', () => {
  it('keeps position = signed sum of fills, never fills beyond a limit, reports every fill', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArb, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 3, max: 60 }),
        async (steps, levelQuantity) => {
          const h = await createPaperHarness({ levelQuantity });
          let ltp = START;
          const brackets = runBrackets(h, () => ltp);
          let count = 0;
          for (const step of steps) {
            if (step.kind === 'move') {
              ltp = Math.max(1300_00, Math.min(1700_00, ltp + step.ticks * TICK));
              h.tick(INFY, ltp);
            } else if (step.kind === 'bracket') {
              count += 1;
              brackets.openBracket(step, `E${count}`);
            } else {
              const target = brackets.placed[step.pick % Math.max(brackets.placed.length, 1)];
              if (target !== undefined) await h.broker.cancelOrder(target);
            }
            await Promise.resolve();
          }

          const orders = expectOk(await h.broker.getOrders());
          const trades = expectOk(await h.broker.getTrades());
          const positions = expectOk(await h.broker.getPositions());
          const signed = trades.reduce(
            (sum, t) => sum + (t.side === 'BUY' ? t.quantity : -t.quantity),
            0,
          );
          const position = positions.find((p) => p.instrumentToken === INFY.token);
          expect(position?.quantity ?? 0).toBe(signed);

          const reported = new Map<string, number>();
          for (const report of h.reports()) {
            expect(report.filledQuantity).toBeLessThanOrEqual(report.quantity);
            const seen = reported.get(report.brokerOrderId) ?? 0;
            reported.set(report.brokerOrderId, Math.max(seen, report.filledQuantity));
          }
          for (const order of orders) {
            const fills = trades.filter((t) => t.brokerOrderId === order.brokerOrderId);
            const filled = fills.reduce((sum, t) => sum + t.quantity, 0);
            expect(filled).toBe(order.filledQuantity);
            expect(reported.get(order.brokerOrderId) ?? 0).toBe(filled);
            if (order.price === null) continue;
            for (const fill of fills) {
              if (order.side === 'BUY') expect(fill.price).toBeLessThanOrEqual(order.price);
              else expect(fill.price).toBeGreaterThanOrEqual(order.price);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
