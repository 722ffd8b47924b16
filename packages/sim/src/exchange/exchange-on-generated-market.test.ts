import { atIst, paise, VirtualClock } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { createMarket } from '../market';
import type { SimInstrument } from '../market';
import { createExchange } from './create-exchange';
import type { OrderUpdateEvent } from './order-events';

const DAY = '2026-11-20';

function pick(instruments: readonly SimInstrument[], type: SimInstrument['type']): SimInstrument {
  const found = instruments.find((i) => i.type === type);
  if (found === undefined) throw new Error(`no ${type} in the universe`);
  return found;
}

describe('the exchange on the seeded market generator', () => {
  it('trades a generated hour with fills inside limits and circuits, positions = trades', () => {
    const clock = new VirtualClock(atIst('09:15', DAY));
    const market = createMarket({ seed: 7, sessionDate: DAY, stepMs: 5_000 });
    const exchange = createExchange({
      market,
      clock,
      accountFunds: paise(1_00_00_000_00),
      userId: 'AB1234',
    });
    const problems: string[] = [];
    exchange.subscribe(({ trade, order }: OrderUpdateEvent) => {
      if (trade === null) return;
      const quote = market.quote(trade.instrumentToken);
      const limit = order.workingPrice ?? 0;
      if (trade.transactionType === 'BUY' ? trade.price > limit : trade.price < limit) {
        problems.push(`fill ${trade.price} beyond ${limit}`);
      }
      if (
        quote === undefined ||
        trade.price < quote.lowerCircuit ||
        trade.price > quote.upperCircuit
      ) {
        problems.push(`fill ${trade.price} outside the circuit`);
      }
    });
    const instruments = market.instruments();
    const traded = [pick(instruments, 'EQ'), pick(instruments, 'FUT')];
    market.advanceTo(clock.now());

    for (let step = 1; step <= 720; step += 1) {
      clock.advance(5_000);
      exchange.onMarketUpdate(market.advanceTo(clock.now()));
      if (step % 6 !== 0) continue;
      const instrument = traded[step % traded.length]!;
      const quote = market.quote(instrument.token)!;
      const side = step % 12 === 0 ? 'BUY' : 'SELL';
      const offset = ((step / 6) % 7) - 3;
      const price = paise(quote.lastPrice + offset * instrument.tickSize);
      const result = exchange.placeOrder({
        variety: 'regular',
        exchange: instrument.exchange,
        tradingsymbol: instrument.tradingSymbol,
        transaction_type: side,
        order_type: step % 18 === 0 ? 'MARKET' : 'LIMIT',
        product: 'MIS',
        quantity: instrument.lotSize * (1 + (step % 4)),
        price,
        market_protection: -1,
      });
      expect(result).toMatchObject({ ok: true });
    }

    expect(problems).toEqual([]);
    const trades = exchange.trades();
    expect(trades.length).toBeGreaterThan(20);
    const expected = new Map<string, number>();
    for (const t of trades) {
      const key = `${t.instrumentToken}:${t.product}`;
      expected.set(
        key,
        (expected.get(key) ?? 0) + (t.transactionType === 'BUY' ? t.quantity : -t.quantity),
      );
    }
    expect(
      new Map(
        exchange.positions().net.map((p) => [`${p.instrumentToken}:${p.product}`, p.quantity]),
      ),
    ).toEqual(expected);
    for (const order of exchange.orders()) {
      expect(order.filledQuantity + order.pendingQuantity + order.cancelledQuantity).toBe(
        order.quantity,
      );
    }
  });
});
