import { paise } from '@kavach/domain';
import type { Quote } from '../market/market-view';
import type { ExchangeContext } from './exchange-context';
import type { OrderRecord } from './order-record';
import {
  computeProtectionPrice,
  describeProtectionTags,
  resolveProtectionPercent,
} from './protection-price';

/** The working-price fields of an order that is (now) live at the exchange. */
export function describeWorkingPrice(
  context: ExchangeContext,
  order: OrderRecord,
  quote: Quote,
): Pick<OrderRecord, 'workingPrice' | 'marketable' | 'orderType' | 'price' | 'tags'> {
  const type = order.requestedOrderType;
  if (type === 'LIMIT' || type === 'SL') {
    return {
      workingPrice: order.price,
      marketable: false,
      orderType: type,
      price: order.price,
      tags: baseTags(order),
    };
  }
  const instrument = context.market.instrument(order.instrumentToken);
  const percent = resolveProtectionPercent(
    order.marketProtection,
    quote.lastPrice,
    context.config.autoProtection,
  );
  const protection = computeProtectionPrice({
    side: order.transactionType,
    lastPrice: quote.lastPrice,
    percent,
    tickSize: instrument?.tickSize ?? paise(1),
    lowerCircuit: quote.lowerCircuit,
    upperCircuit: quote.upperCircuit,
  });
  const tags = [...baseTags(order), ...describeProtectionTags(percent)];
  // Kite stores a protected MARKET order as a LIMIT at the protection price; SL-M keeps its type.
  return type === 'MARKET'
    ? { workingPrice: protection, marketable: true, orderType: 'LIMIT', price: protection, tags }
    : { workingPrice: protection, marketable: true, orderType: 'SL-M', price: order.price, tags };
}

function baseTags(order: OrderRecord): readonly string[] {
  return order.tag === null ? [] : [order.tag];
}
