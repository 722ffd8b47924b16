import { randomUUID } from 'node:crypto';
import type { Logger } from '@kavach/config';
import type { PrismaClient } from '@kavach/db';
import { recordRiskEvent, toJson } from '@kavach/db';
import type { Clock } from '@kavach/domain';
import type { EventSink } from '../control/ports';
import type { EngineMetrics } from '../metrics/engine-metrics';
import type { BusPublisher } from './bus-publisher';

type EventData = Parameters<BusPublisher['event']>[2];

/**
 * The control services' EventSink: events go to the bus; risk events are also stored (the
 * record must survive a bus outage) and counted.
 */
export function createEventSink(options: {
  readonly publisher: BusPublisher;
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: EngineMetrics;
}): EventSink {
  const { publisher, prisma, clock, logger, metrics } = options;
  return {
    event: (type, message, data) => {
      publisher.event(type, message, JSON.parse(JSON.stringify(data)) as EventData, clock.now());
    },
    risk: (kind, severity, message, data) => {
      const at = clock.now();
      metrics.riskEvent(kind, severity);
      publisher.risk({
        id: randomUUID(),
        kind,
        severity,
        message,
        token: null,
        clientOrderId: null,
        groupId: null,
        correlationId: null,
        at,
      });
      recordRiskEvent(prisma, {
        kind,
        severity,
        message,
        payload: toJson(data),
        at: new Date(at),
      }).catch((error: unknown) => {
        logger.error({ error, kind }, 'risk event not stored');
      });
    },
  };
}
