import type {
  Broker,
  BrokerListener,
  BrokerOrderReport,
  BrokerResult,
  ModifyOrderCommand,
  PlaceOrderCommand,
  PlacedOrder,
} from '@kavach/broker';
import type { OrderStatus, Paise } from '@kavach/domain';

export type BrokerCall =
  | { readonly type: 'place'; readonly command: PlaceOrderCommand; readonly brokerOrderId: string }
  | {
      readonly type: 'modify';
      readonly brokerOrderId: string;
      readonly command: ModifyOrderCommand;
    }
  | { readonly type: 'cancel'; readonly brokerOrderId: string };

/**
 * A broker whose answers the test scripts: every call is recorded, places succeed with
 * sequential ids unless `nextPlace` says otherwise, and `report()` builds the order report the
 * venue would send for a placed order.
 */
export interface ScriptedBroker extends Broker {
  readonly calls: BrokerCall[];
  /** Runs inside placeOrder before it answers (e.g. to look at the database). */
  onPlace: ((command: PlaceOrderCommand) => Promise<void>) | null;
  /** Runs inside modifyOrder, after the call is recorded and before it answers. */
  onModify: ((command: ModifyOrderCommand) => Promise<void>) | null;
  /** Answers for the next placeOrder calls, in order; empty = success. */
  readonly nextPlace: BrokerResult<PlacedOrder>[];
  readonly nextCancel: BrokerResult<PlacedOrder>[];
  readonly nextModify: BrokerResult<PlacedOrder>[];
  readonly placed: (role?: string) => Extract<BrokerCall, { type: 'place' }>[];
  readonly report: (
    brokerOrderId: string,
    status: OrderStatus,
    filledQuantity: number,
    averagePrice: Paise | null,
    at: number,
    quantity?: number,
  ) => BrokerOrderReport;
}

const ROLE_BY_CODE: Readonly<Record<string, string>> = {
  E: 'ENTRY',
  S: 'STOP',
  A: 'TP1',
  B: 'TP2',
  X: 'EXIT',
};

/** `idPrefix` names the orders: B1, B2, … by default (the paper broker's are "P<run>-…"). */
export function createScriptedBroker(idPrefix = 'B'): ScriptedBroker {
  const calls: BrokerCall[] = [];
  let sequence = 0;
  const listeners = new Set<BrokerListener>();
  const ok = (brokerOrderId: string): BrokerResult<PlacedOrder> => ({
    ok: true,
    value: { brokerOrderId },
  });
  const broker: ScriptedBroker = {
    kind: 'PAPER',
    calls,
    onPlace: null,
    onModify: null,
    nextPlace: [],
    nextCancel: [],
    nextModify: [],
    placeOrder: async (command) => {
      if (broker.onPlace !== null) await broker.onPlace(command);
      const scripted = broker.nextPlace.shift();
      sequence += 1;
      const brokerOrderId =
        scripted?.ok === true ? scripted.value.brokerOrderId : `${idPrefix}${sequence}`;
      calls.push({ type: 'place', command, brokerOrderId });
      return scripted ?? ok(brokerOrderId);
    },
    modifyOrder: async (brokerOrderId, command) => {
      calls.push({ type: 'modify', brokerOrderId, command });
      if (broker.onModify !== null) await broker.onModify(command);
      return broker.nextModify.shift() ?? ok(brokerOrderId);
    },
    cancelOrder: (brokerOrderId) => {
      calls.push({ type: 'cancel', brokerOrderId });
      return Promise.resolve(broker.nextCancel.shift() ?? ok(brokerOrderId));
    },
    cancelAllOrders: () => Promise.resolve({ ok: true, value: [] }),
    getOrders: () => Promise.resolve({ ok: true, value: [] }),
    getTrades: () => Promise.resolve({ ok: true, value: [] }),
    getOrderTrades: () => Promise.resolve({ ok: true, value: [] }),
    getPositions: () => Promise.resolve({ ok: true, value: [] }),
    getInstruments: () => Promise.resolve({ ok: true, value: [] }),
    subscribe: () => undefined,
    unsubscribe: () => undefined,
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
    placed: (role) =>
      calls.filter(
        (c): c is Extract<BrokerCall, { type: 'place' }> =>
          c.type === 'place' &&
          (role === undefined || ROLE_BY_CODE[c.command.clientOrderId.charAt(1)] === role),
      ),
    report: (brokerOrderId, status, filledQuantity, averagePrice, at, quantity) => {
      const call = calls.find(
        (c): c is Extract<BrokerCall, { type: 'place' }> =>
          c.type === 'place' && c.brokerOrderId === brokerOrderId,
      );
      if (call === undefined) throw new Error(`no order ${brokerOrderId}`);
      const c = call.command;
      return {
        brokerOrderId,
        clientOrderId: c.clientOrderId,
        exchangeOrderId: null,
        exchange: c.exchange,
        tradingSymbol: c.tradingSymbol,
        instrumentToken: 408065,
        side: c.side,
        orderType: c.orderType,
        product: c.product,
        status,
        venueStatus: status,
        quantity: quantity ?? c.quantity,
        filledQuantity,
        averagePrice,
        price: c.price,
        triggerPrice: c.triggerPrice,
        statusMessage: status === 'REJECTED' ? 'rejected by the test' : null,
        statusMessageRaw: null,
        updatedAt: at,
      };
    },
  };
  return broker;
}
