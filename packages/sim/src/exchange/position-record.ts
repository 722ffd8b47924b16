import { addPaise, mulPaise, subPaise, ZERO_PAISE } from '@kavach/domain';
import type { Exchange, Paise, Product } from '@kavach/domain';
import type { MarketView } from '../market/market-view';
import type { PositionEntry } from './position-book';

/**
 * A position as Kite reports it, amounts in paise. Averages are plain numbers of paise
 * because a volume-weighted average is fractional (Kite prints such prices unrounded).
 * The simulator keeps no overnight book: every position is today's, so net = day and the
 * overnight fields are zero.
 */
export interface PositionRecord {
  readonly instrumentToken: number;
  readonly exchange: Exchange;
  readonly tradingSymbol: string;
  readonly product: Product;
  readonly quantity: number;
  readonly overnightQuantity: number;
  readonly multiplier: number;
  /** Buy average while long, sell average while short, 0 when flat (as Kite shows it). */
  readonly averagePrice: number;
  readonly closePrice: Paise;
  readonly lastPrice: Paise;
  /** sell value − buy value. */
  readonly value: Paise;
  /** value + quantity × last price × multiplier. */
  readonly pnl: Paise;
  readonly m2m: Paise;
  readonly unrealised: Paise;
  /** 0 for positions closed today, as Kite reports; the P&L sits in pnl / unrealised. */
  readonly realised: Paise;
  readonly buyQuantity: number;
  readonly buyPrice: number;
  readonly buyValue: Paise;
  readonly buyM2m: Paise;
  readonly sellQuantity: number;
  readonly sellPrice: number;
  readonly sellValue: Paise;
  readonly sellM2m: Paise;
  readonly dayBuyQuantity: number;
  readonly dayBuyPrice: number;
  readonly dayBuyValue: Paise;
  readonly daySellQuantity: number;
  readonly daySellPrice: number;
  readonly daySellValue: Paise;
}

export interface PositionsView {
  readonly net: readonly PositionRecord[];
  readonly day: readonly PositionRecord[];
}

function averageOf(value: Paise, quantity: number): number {
  return quantity === 0 ? 0 : value / quantity;
}

export function describePosition(entry: PositionEntry, market: MarketView): PositionRecord {
  const { position } = entry;
  const quote = market.quote(entry.instrumentToken);
  const lastPrice = quote?.lastPrice ?? ZERO_PAISE;
  const multiplier = 1;
  const quantity = position.buyQuantity - position.sellQuantity;
  const value = subPaise(position.sellValue, position.buyValue);
  const pnl = addPaise(value, mulPaise(lastPrice, quantity * multiplier));
  const buyPrice = averageOf(position.buyValue, position.buyQuantity);
  const sellPrice = averageOf(position.sellValue, position.sellQuantity);
  return {
    instrumentToken: entry.instrumentToken,
    exchange: entry.exchange,
    tradingSymbol: entry.tradingSymbol,
    product: entry.product,
    quantity,
    overnightQuantity: 0,
    multiplier,
    averagePrice: quantity > 0 ? buyPrice : quantity < 0 ? sellPrice : 0,
    closePrice: quote?.close ?? ZERO_PAISE,
    lastPrice,
    value,
    pnl,
    m2m: pnl,
    unrealised: pnl,
    realised: ZERO_PAISE,
    buyQuantity: position.buyQuantity,
    buyPrice,
    buyValue: position.buyValue,
    buyM2m: position.buyValue,
    sellQuantity: position.sellQuantity,
    sellPrice,
    sellValue: position.sellValue,
    sellM2m: position.sellValue,
    dayBuyQuantity: position.buyQuantity,
    dayBuyPrice: buyPrice,
    dayBuyValue: position.buyValue,
    daySellQuantity: position.sellQuantity,
    daySellPrice: sellPrice,
    daySellValue: position.sellValue,
  };
}

export function describePositions(
  entries: readonly PositionEntry[],
  market: MarketView,
): PositionsView {
  const records = entries.map((entry) => describePosition(entry, market));
  return { net: records, day: records };
}
