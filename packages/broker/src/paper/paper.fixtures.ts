import { atIst, paise, VirtualClock } from '@kavach/domain';
import type { Instrument } from '@kavach/domain';
import { INFY, NIFTY_FUT, NIFTY_INDEX } from '@kavach/testkit';
import type {
  BrokerEvent,
  BrokerOrderReport,
  BrokerResult,
  PlaceOrderCommand,
  Tick,
} from '../broker';
import { createPaperBroker } from './paper-broker';
import type { PaperBroker, PaperBrokerOptions } from './paper-broker';

/** Test data for the paper broker; imported only by *.test.ts. */

/** A Friday in the NSE 2026 calendar, mid-session. */
export const AT_10_00 = atIst('10:00', '2026-11-20');

export { INFY, NIFTY_FUT, NIFTY_INDEX };

export const UNIVERSE: readonly Instrument[] = [INFY, NIFTY_FUT, NIFTY_INDEX];

/** A tick with only what its mode needs; the rest null unless given. */
export function tickOf(
  instrument: Instrument,
  lastPrice: number,
  at: number,
  extra: Partial<Tick> = {},
): Tick {
  return {
    token: instrument.token,
    mode: 'ltp',
    lastPrice: paise(lastPrice),
    at,
    lastQuantity: null,
    averagePrice: null,
    volume: null,
    buyQuantity: null,
    sellQuantity: null,
    open: null,
    high: null,
    low: null,
    close: null,
    bestBid: null,
    bestAsk: null,
    ...extra,
  };
}

let sequence = 0;

/** A LIMIT DAY MIS order of INFY unless told otherwise, with a fresh client order id. */
export function orderOf(overrides: Partial<PlaceOrderCommand> = {}): PlaceOrderCommand {
  sequence += 1;
  return {
    clientOrderId: `T${sequence}`,
    exchange: INFY.exchange,
    tradingSymbol: INFY.tradingSymbol,
    side: 'BUY',
    orderType: 'LIMIT',
    product: 'MIS',
    validity: 'DAY',
    quantity: 10,
    price: paise(1500_00),
    triggerPrice: null,
    marketProtection: null,
    ...overrides,
  };
}

export interface PaperHarness {
  readonly clock: VirtualClock;
  readonly broker: PaperBroker;
  readonly events: BrokerEvent[];
  /** Order reports received as events, oldest first. */
  readonly reports: () => BrokerOrderReport[];
  /** Moves the clock a second on and pushes one tick of the instrument at this price. */
  readonly tick: (instrument: Instrument, lastPrice: number, extra?: Partial<Tick>) => void;
}

/** 10:00 IST on a trading day, ₹10,00,000, started, INFY at ₹1,500 and NIFTY FUT at ₹24,550. */
export async function createPaperHarness(
  options: Partial<Omit<PaperBrokerOptions, 'clock'>> = {},
): Promise<PaperHarness> {
  const clock = new VirtualClock(AT_10_00);
  const broker = createPaperBroker({
    clock,
    instruments: UNIVERSE,
    accountFunds: paise(10_00_000_00),
    ...options,
  });
  const events: BrokerEvent[] = [];
  broker.onEvent((event) => events.push(event));
  await broker.start();
  const tick = (instrument: Instrument, lastPrice: number, extra: Partial<Tick> = {}): void => {
    clock.advance(1_000);
    broker.pushTicks([tickOf(instrument, lastPrice, clock.now(), extra)]);
  };
  tick(INFY, 1500_00);
  tick(NIFTY_FUT, 24550_00);
  return {
    clock,
    broker,
    events,
    reports: () => events.flatMap((e) => (e.type === 'order' ? [e.report] : [])),
    tick,
  };
}

/** The value of a successful result; fails the test otherwise. */
export function expectOk<T>(result: BrokerResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** The latest book entry of an order. */
export async function findOrder(broker: PaperBroker, brokerOrderId: string) {
  const order = expectOk(await broker.getOrders()).find((o) => o.brokerOrderId === brokerOrderId);
  if (order === undefined) throw new Error(`order ${brokerOrderId} is not in the book`);
  return order;
}
