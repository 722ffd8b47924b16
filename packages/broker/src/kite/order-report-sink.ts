import type { BrokerOrderReport, OrderReportSource } from '../broker';
import type { BrokerLogger } from './broker-logger';
import type { EventHub } from './event-hub';
import { toBrokerOrderReport } from './map-order-report';
import type { ReportDeduper } from './report-deduper';

export interface OrderReportSink {
  /** Emits the report unless it repeats the last one emitted for its order. */
  readonly emitReport: (report: BrokerOrderReport, source: OrderReportSource) => void;
  /** Raises `invalidUpdate`: nothing is applied. */
  readonly emitInvalid: (source: OrderReportSource, message: string) => void;
  /** A raw Kite order payload: mapped and emitted, or refused as invalid. */
  readonly acceptPayload: (
    payload: unknown,
    source: OrderReportSource,
  ) => { readonly ok: true } | { readonly ok: false; readonly reason: string };
}

const MAX_REMEMBERED_INVALID = 1_000;

/** Where order reports from the ticker, postbacks and polling meet and are de-duplicated. */
export function createOrderReportSink(
  hub: EventHub,
  deduper: ReportDeduper,
  logger: BrokerLogger,
): OrderReportSink {
  const emitReport = (report: BrokerOrderReport, source: OrderReportSource): void => {
    if (!deduper.admit(report)) return;
    hub.emit({ type: 'order', report, source });
  };
  // Every poll re-reads the whole book: an unreadable order is raised once, not every round.
  const raisedFromPolls = new Set<string>();
  const emitInvalid = (source: OrderReportSource, message: string): void => {
    if (source === 'POLL') {
      if (raisedFromPolls.has(message)) return;
      if (raisedFromPolls.size >= MAX_REMEMBERED_INVALID) raisedFromPolls.clear();
      raisedFromPolls.add(message);
    }
    logger.warn({ source, message }, 'invalid order update');
    hub.emit({ type: 'invalidUpdate', source, message });
  };
  return {
    emitReport,
    emitInvalid,
    acceptPayload: (payload, source) => {
      const mapped = toBrokerOrderReport(payload);
      if (!mapped.ok) {
        emitInvalid(source, mapped.message);
        return { ok: false, reason: mapped.message };
      }
      emitReport(mapped.value, source);
      return { ok: true };
    },
  };
}
