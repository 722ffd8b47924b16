import type { Logger } from '@kavach/config';
import { newRowId, toJson } from '@kavach/db';
import type { Clock } from '@kavach/domain';
import type { EventSink } from '../control/ports';
import type { EngineMetrics } from '../metrics/engine-metrics';
import type { RecordLog } from '../storage/record-log';
import type { BusPublisher } from './bus-publisher';

type EventData = Parameters<BusPublisher['event']>[2];

/**
 * The control services' EventSink: events go to the bus; risk events are also stored (the
 * record must survive a bus outage) and counted.
 */
export function createEventSink(options: {
  readonly publisher: BusPublisher;
  /** Where risk events are stored (batched; kept while PostgreSQL is away, ADR 7). */
  readonly records: Pick<RecordLog, 'risk'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: EngineMetrics;
}): EventSink {
  const { publisher, records, clock, logger, metrics } = options;
  return {
    event: (type, message, data) => {
      publisher.event(type, message, JSON.parse(JSON.stringify(data)) as EventData, clock.now());
    },
    risk: (kind, severity, message, data) => {
      const at = clock.now();
      const id = newRowId();
      metrics.riskEvent(kind, severity);
      publisher.risk({
        id,
        kind,
        severity,
        message,
        token: null,
        clientOrderId: null,
        groupId: null,
        correlationId: null,
        at,
      });
      const row = { id, kind, severity, message, payload: toJson(data), at: new Date(at) };
      records.risk(row).catch((error: unknown) => {
        logger.error({ error, kind }, 'risk event not stored');
      });
    },
  };
}
