import type { Bus, NamedChannel, PayloadOf } from '@kavach/bus';
import { paise } from '@kavach/domain';
import { tickOf } from './ticks';

/**
 * What a busy engine publishes on the bus, for load checks: every instrument ticking at a fixed
 * cadence with a rising price (so the conflator never skips a tick as unchanged, and order is
 * visible in the prices), and order, trade, position and risk messages between the ticks,
 * each tagged with a sequence number a receiver reads back with `sequenceOf`.
 */
export interface StreamPlan {
  readonly tokens: readonly number[];
  readonly durationMs: number;
  /** Every instrument ticks once per step. */
  readonly stepMs: number;
  /** One order/trade/position/risk message every this many steps. */
  readonly eventEverySteps: number;
}

export interface PublishedStream {
  /** The sequence-tagged messages in publish order, with performance.now() at publish. */
  readonly events: { readonly seq: number; readonly channel: NamedChannel; readonly at: number }[];
  /** Each instrument's last published price, paise. */
  readonly lastPrices: Map<number, number>;
  /** performance.now() at publish, by `tickKey`: one entry per tick published. */
  readonly tickPublishedAt: Map<string, number>;
}

const BASE_PRICE = 1_500_00;
const CORRELATION = 'load-';

export const tickKey = (token: number, price: number) => `${token}:${price}`;

/** Publishes the plan's stream in real time; resolves once the last message is on the wire. */
export async function publishStream(bus: Bus, plan: StreamPlan): Promise<PublishedStream> {
  const stream: PublishedStream = {
    events: [],
    lastPrices: new Map(),
    tickPublishedAt: new Map(),
  };
  const started = performance.now();
  const steps = Math.floor(plan.durationMs / plan.stepMs);
  for (let step = 0; step < steps; step += 1) {
    // Fired together: the bus hands them to one Redis connection in call order.
    const sent = plan.tokens.map((token) => publishTick(bus, stream, token, step));
    if (step % plan.eventEverySteps === 0) {
      const seq = stream.events.length;
      const { channel, payload } = engineMessage(seq);
      stream.events.push({ seq, channel, at: performance.now() });
      sent.push(bus.publish(channel, payload as never));
    }
    await Promise.all(sent);
    // On a schedule from the start, so a slow step is caught up rather than stretching the run.
    const due = started + (step + 1) * plan.stepMs;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
  }
  return stream;
}

function publishTick(bus: Bus, stream: PublishedStream, token: number, step: number) {
  const price = BASE_PRICE + step * 5;
  stream.lastPrices.set(token, price);
  stream.tickPublishedAt.set(tickKey(token, price), performance.now());
  return bus.publish(`ticks.${token}`, { ...tickOf(token, price), at: Date.now() });
}

/** The sequence number of a message `engineMessage` made, or -1 for any other message. */
export function sequenceOf(payload: unknown): number {
  const tagged = payload as { correlationId?: unknown; data?: { correlationId?: unknown } };
  const id = tagged.correlationId ?? tagged.data?.correlationId;
  if (typeof id !== 'string' || !id.startsWith(CORRELATION)) return -1;
  return Number(id.slice(CORRELATION.length));
}

/** An order going out and filling, the trade, the position it left, a risk note: in turn. */
function engineMessage(seq: number): { channel: NamedChannel; payload: unknown } {
  const correlationId = `${CORRELATION}${seq}`;
  const at = Date.now();
  switch (seq % 5) {
    case 0:
    case 1:
      return { channel: 'orders', payload: orderOf(seq, correlationId, at) };
    case 2:
    case 3: {
      const type = seq % 5 === 2 ? 'trade' : 'position';
      const payload: PayloadOf<'events'> = {
        type,
        message: `${type} ${seq}`,
        data: { correlationId, quantity: 10, realisedPnl: seq * 100 },
        at,
      };
      return { channel: 'events', payload };
    }
    default: {
      const payload: PayloadOf<'risk'> = {
        id: `risk-${seq}`,
        kind: 'HEAT',
        severity: 'INFO',
        message: `open risk at ${seq % 100} % of the heat limit`,
        token: null,
        clientOrderId: null,
        groupId: null,
        correlationId,
        at,
      };
      return { channel: 'risk', payload };
    }
  }
}

function orderOf(seq: number, correlationId: string, at: number): PayloadOf<'orders'> {
  const filled = seq % 5 === 1;
  return {
    clientOrderId: `order-${Math.floor(seq / 5)}`,
    brokerOrderId: `2611230000${seq}`,
    groupId: null,
    role: 'ENTRY',
    token: 408_065,
    tradingSymbol: 'INFY',
    side: 'BUY',
    orderType: 'LIMIT',
    quantity: 10,
    filledQuantity: filled ? 10 : 0,
    averagePrice: filled ? paise(BASE_PRICE) : null,
    price: paise(BASE_PRICE),
    triggerPrice: null,
    status: filled ? 'FILLED' : 'OPEN',
    statusMessage: null,
    correlationId,
    at,
  };
}
