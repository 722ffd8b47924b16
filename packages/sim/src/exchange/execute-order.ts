import { addPaise, mulPaise } from '@kavach/domain';
import type { ExchangeContext } from './exchange-context';
import { matchAgainstDepth } from './match-against-depth';
import { publish, saveOrder } from './save-order';
import type { OrderRecord, TradeRecord } from './order-record';

/**
 * Fills what the current depth allows. An incoming order ('level') pays each level's price;
 * a resting limit ('limit') is filled at its own price, because the counterparty crossed to
 * it. Marketable orders (protected MARKET, triggered SL-M) always take at the levels.
 */
export function executeOrder(
  context: ExchangeContext,
  order: OrderRecord,
  priceAt: 'level' | 'limit',
): OrderRecord {
  if (order.status !== 'OPEN' || order.workingPrice === null || order.pendingQuantity <= 0) {
    return order;
  }
  const quote = context.market.quote(order.instrumentToken);
  if (quote === undefined) return order;
  const bookSide = order.transactionType === 'BUY' ? 'SELL' : 'BUY';
  const { ledger } = context;
  const fills = matchAgainstDepth({
    side: order.transactionType,
    quantity: order.pendingQuantity,
    limit: order.workingPrice,
    levels: order.transactionType === 'BUY' ? quote.depth.sell : quote.depth.buy,
    taken: (price) => ledger.taken(quote, bookSide, price),
    priceAt: order.marketable ? 'level' : priceAt,
    lowerCircuit: quote.lowerCircuit,
    upperCircuit: quote.upperCircuit,
  });
  let current = order;
  for (const fill of fills) {
    ledger.take(quote, bookSide, fill.levelPrice, fill.quantity);
    current = recordFill(context, current, fill.price, fill.quantity);
  }
  return current;
}

function recordFill(
  context: ExchangeContext,
  order: OrderRecord,
  price: OrderRecord['price'],
  quantity: number,
): OrderRecord {
  const now = context.clock.now();
  const trade: TradeRecord = {
    tradeId: context.ids.nextTradeId(),
    orderId: order.orderId,
    exchangeOrderId: order.exchangeOrderId ?? '',
    exchange: order.exchange,
    tradingSymbol: order.tradingSymbol,
    instrumentToken: order.instrumentToken,
    product: order.product,
    transactionType: order.transactionType,
    price,
    quantity,
    fillTimestamp: now,
    orderTimestamp: now,
    exchangeTimestamp: now,
  };
  context.store.addTrade(trade);
  context.positions.apply(trade);
  const pendingQuantity = order.pendingQuantity - quantity;
  const filled = saveOrder(context, order, {
    status: pendingQuantity === 0 ? 'COMPLETE' : 'OPEN',
    filledQuantity: order.filledQuantity + quantity,
    filledValue: addPaise(order.filledValue, mulPaise(price, quantity)),
    pendingQuantity,
    exchangeUpdateTimestamp: now,
  });
  if (pendingQuantity === 0) publish(context, 'complete', filled, 'COMPLETE', trade);
  else publish(context, 'fill', filled, 'UPDATE', trade);
  return filled;
}
