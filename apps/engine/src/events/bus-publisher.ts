import type { Tick } from '@kavach/broker';
import type { Bus, EventMessage } from '@kavach/bus';
import { tickChannel } from '@kavach/bus';
import type { Logger } from '@kavach/config';
import { ZERO_PAISE } from '@kavach/domain';
import type { RiskRaised, TrackedOrder } from '../oco/oco-types';
import type {
  DecisionMessage as PipelineDecision,
  SignalMessage as PipelineSignal,
} from '../orchestrator/entry-pipeline';

/**
 * Turns the engine's own objects into bus messages. Publishing is fire-and-forget: the bus
 * feeds live views, the database is the record, so a bus failure is logged and never
 * reaches trading code.
 */
export function createBusPublisher(bus: Bus, logger: Logger) {
  let failures = 0;
  const send = (what: string, published: Promise<void>): void => {
    published.catch((error: unknown) => {
      failures += 1;
      // One line per 100 failures: a Redis outage must not flood the log.
      if (failures % 100 === 1) logger.warn({ error, what, failures }, 'bus publish failed');
    });
  };

  return {
    tick: (tick: Tick): void => {
      send('tick', bus.publish(tickChannel(tick.token), tick));
    },
    order: (order: TrackedOrder): void => {
      const { state } = order;
      send(
        'order',
        bus.publish('orders', {
          clientOrderId: order.clientOrderId,
          brokerOrderId: order.brokerOrderId,
          groupId: order.groupId,
          role: order.role,
          token: order.instrument.token,
          tradingSymbol: order.instrument.tradingSymbol,
          side: order.side,
          orderType: order.orderType,
          quantity: state.quantity,
          filledQuantity: state.filledQuantity,
          averagePrice: state.averageFillPrice,
          price: order.price,
          triggerPrice: order.triggerPrice,
          status: state.status,
          statusMessage: state.statusMessage,
          correlationId: order.correlationId,
          at: state.updatedAt,
        }),
      );
    },
    risk: (risk: RiskRaised): void => {
      send('risk', bus.publish('risk', risk));
    },
    signal: (message: PipelineSignal): void => {
      const o = message.opportunity;
      send(
        'signal',
        bus.publish('signals', {
          id: message.id,
          strategy: o.strategy,
          token: o.token,
          exchange: message.instrument.exchange,
          tradingSymbol: message.instrument.tradingSymbol,
          side: o.side,
          entry: o.entry,
          stop: o.stop,
          tp1: o.tp1,
          tp2: o.tp2,
          score: o.score,
          rank: o.rank,
          features: { ...o.features },
          featureScores: { ...o.featureScores },
          configSha: message.configSha,
          correlationId: message.correlationId,
          at: message.at,
        }),
      );
    },
    decision: (message: PipelineDecision): void => {
      const d = message.decision;
      send(
        'decision',
        bus.publish('decisions', {
          id: message.id,
          signalId: message.signalId,
          approved: d.approved,
          reason: d.approved ? null : (message.untakenReason ?? d.reason),
          detail: d.approved ? null : d.detail,
          quantity: d.approved ? d.quantity : 0,
          lots: d.approved ? d.lots : 0,
          riskAmount: d.approved ? d.riskAmount : ZERO_PAISE,
          heatBefore: d.approved ? d.heatBefore : ZERO_PAISE,
          heatAfter: d.approved ? d.heatAfter : ZERO_PAISE,
          configSha: message.configSha,
          clientPlanId: message.clientPlanId,
          correlationId: message.correlationId,
          at: message.at,
        }),
      );
    },
    event: (type: string, message: string, data: EventMessage['data'], at: number): void => {
      send('event', bus.publish('events', { type, message, data, at }));
    },
  };
}

export type BusPublisher = ReturnType<typeof createBusPublisher>;
