import type { PositionRecord, PositionsView } from './position-record';

/** One entry of Kite's GET /portfolio/positions `net` or `day`. */
export interface KitePosition {
  readonly tradingsymbol: string;
  readonly exchange: string;
  readonly instrument_token: number;
  readonly product: string;
  readonly quantity: number;
  readonly overnight_quantity: number;
  readonly multiplier: number;
  readonly average_price: number;
  readonly close_price: number;
  readonly last_price: number;
  readonly value: number;
  readonly pnl: number;
  readonly m2m: number;
  readonly unrealised: number;
  readonly realised: number;
  readonly buy_quantity: number;
  readonly buy_price: number;
  readonly buy_value: number;
  readonly buy_m2m: number;
  readonly sell_quantity: number;
  readonly sell_price: number;
  readonly sell_value: number;
  readonly sell_m2m: number;
  readonly day_buy_quantity: number;
  readonly day_buy_price: number;
  readonly day_buy_value: number;
  readonly day_sell_quantity: number;
  readonly day_sell_price: number;
  readonly day_sell_value: number;
}

const rupees = (amountPaise: number): number => amountPaise / 100;

export function toKitePosition(p: PositionRecord): KitePosition {
  return {
    tradingsymbol: p.tradingSymbol,
    exchange: p.exchange,
    instrument_token: p.instrumentToken,
    product: p.product,
    quantity: p.quantity,
    overnight_quantity: p.overnightQuantity,
    multiplier: p.multiplier,
    average_price: rupees(p.averagePrice),
    close_price: rupees(p.closePrice),
    last_price: rupees(p.lastPrice),
    value: rupees(p.value),
    pnl: rupees(p.pnl),
    m2m: rupees(p.m2m),
    unrealised: rupees(p.unrealised),
    realised: rupees(p.realised),
    buy_quantity: p.buyQuantity,
    buy_price: rupees(p.buyPrice),
    buy_value: rupees(p.buyValue),
    buy_m2m: rupees(p.buyM2m),
    sell_quantity: p.sellQuantity,
    sell_price: rupees(p.sellPrice),
    sell_value: rupees(p.sellValue),
    sell_m2m: rupees(p.sellM2m),
    day_buy_quantity: p.dayBuyQuantity,
    day_buy_price: rupees(p.dayBuyPrice),
    day_buy_value: rupees(p.dayBuyValue),
    day_sell_quantity: p.daySellQuantity,
    day_sell_price: rupees(p.daySellPrice),
    day_sell_value: rupees(p.daySellValue),
  };
}

export function toKitePositions(view: PositionsView): {
  readonly net: readonly KitePosition[];
  readonly day: readonly KitePosition[];
} {
  return { net: view.net.map(toKitePosition), day: view.day.map(toKitePosition) };
}
