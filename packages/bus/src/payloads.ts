import type { z } from 'zod';
import type { BusChannel, NamedChannel, TickChannel } from './channels';
import { isTickChannel } from './channels';
import { decisionMessageSchema } from './schemas/decision-message';
import type { DecisionMessage } from './schemas/decision-message';
import { eventMessageSchema } from './schemas/event-message';
import type { EventMessage } from './schemas/event-message';
import { orderMessageSchema } from './schemas/order-message';
import type { OrderMessage } from './schemas/order-message';
import { riskMessageSchema } from './schemas/risk-message';
import type { RiskMessage } from './schemas/risk-message';
import { signalMessageSchema } from './schemas/signal-message';
import type { SignalMessage } from './schemas/signal-message';
import { tickMessageSchema } from './schemas/tick-message';
import type { TickMessage } from './schemas/tick-message';

export interface NamedChannelPayloads {
  signals: SignalMessage;
  decisions: DecisionMessage;
  orders: OrderMessage;
  risk: RiskMessage;
  events: EventMessage;
}

/** The payload type a channel carries: `PayloadOf<'signals'>` is SignalMessage. */
export type PayloadOf<C extends BusChannel> = C extends TickChannel
  ? TickMessage
  : C extends NamedChannel
    ? NamedChannelPayloads[C]
    : never;

const NAMED_SCHEMAS: { readonly [C in NamedChannel]: z.ZodType<NamedChannelPayloads[C]> } = {
  signals: signalMessageSchema,
  decisions: decisionMessageSchema,
  orders: orderMessageSchema,
  risk: riskMessageSchema,
  events: eventMessageSchema,
};

/** The zod schema of a channel's payloads. */
export function schemaFor<C extends BusChannel>(channel: C): z.ZodType<PayloadOf<C>> {
  return findSchema(channel) as z.ZodType<PayloadOf<C>>;
}

function findSchema(channel: BusChannel): z.ZodType {
  return isTickChannel(channel) ? tickMessageSchema : NAMED_SCHEMAS[channel];
}
