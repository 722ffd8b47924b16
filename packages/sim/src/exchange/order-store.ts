import type { OrderRecord, TradeRecord } from './order-record';
import { isFinished } from './order-record';

/**
 * Orders, their history and trades. Every `save` appends the snapshot to the order's history,
 * which is exactly what GET /orders/:id returns. Working orders are indexed by instrument so a
 * market update touches only its own instrument's orders.
 */
export interface OrderStore {
  readonly save: (order: OrderRecord) => void;
  readonly get: (orderId: string) => OrderRecord | undefined;
  readonly history: (orderId: string) => readonly OrderRecord[];
  readonly all: () => readonly OrderRecord[];
  /** Unfinished orders on an instrument, in placement order. */
  readonly workingOn: (token: number) => readonly OrderRecord[];
  readonly working: () => readonly OrderRecord[];
  readonly addTrade: (trade: TradeRecord) => void;
  readonly trades: () => readonly TradeRecord[];
  readonly tradesOf: (orderId: string) => readonly TradeRecord[];
  readonly clear: () => void;
}

export function createOrderStore(): OrderStore {
  const current = new Map<string, OrderRecord>();
  const histories = new Map<string, OrderRecord[]>();
  const workingByToken = new Map<number, Map<string, OrderRecord>>();
  const trades: TradeRecord[] = [];
  const tradesByOrder = new Map<string, TradeRecord[]>();

  function index(order: OrderRecord): void {
    let onToken = workingByToken.get(order.instrumentToken);
    if (onToken === undefined) {
      onToken = new Map();
      workingByToken.set(order.instrumentToken, onToken);
    }
    if (isFinished(order.status)) onToken.delete(order.orderId);
    else onToken.set(order.orderId, order);
  }

  function bySequence(a: OrderRecord, b: OrderRecord): number {
    return a.sequence - b.sequence;
  }

  return {
    save: (order) => {
      current.set(order.orderId, order);
      const history = histories.get(order.orderId);
      if (history === undefined) histories.set(order.orderId, [order]);
      else history.push(order);
      index(order);
    },
    get: (orderId) => current.get(orderId),
    history: (orderId) => histories.get(orderId) ?? [],
    all: () => [...current.values()],
    workingOn: (token) => [...(workingByToken.get(token)?.values() ?? [])].sort(bySequence),
    working: () =>
      [...workingByToken.values()].flatMap((orders) => [...orders.values()]).sort(bySequence),
    addTrade: (trade) => {
      trades.push(trade);
      const ofOrder = tradesByOrder.get(trade.orderId);
      if (ofOrder === undefined) tradesByOrder.set(trade.orderId, [trade]);
      else ofOrder.push(trade);
    },
    trades: () => [...trades],
    tradesOf: (orderId) => [...(tradesByOrder.get(orderId) ?? [])],
    clear: () => {
      current.clear();
      histories.clear();
      workingByToken.clear();
      trades.length = 0;
      tradesByOrder.clear();
    },
  };
}
