import type { EventSink, RiskSeverity } from './ports';

export interface RecordedEvent {
  readonly channel: 'events' | 'risk';
  readonly type: string;
  readonly severity: RiskSeverity | null;
  readonly message: string;
  readonly data: Record<string, unknown>;
}

export interface RecordingEventSink extends EventSink {
  readonly published: readonly RecordedEvent[];
  ofType(type: string): RecordedEvent[];
}

/** An EventSink that keeps what it was given: for tests and for the engine's own replay tools. */
export function createRecordingEventSink(): RecordingEventSink {
  const published: RecordedEvent[] = [];
  return {
    published,
    ofType: (type) => published.filter((event) => event.type === type),
    event: (type, message, data) => {
      published.push({ channel: 'events', type, severity: null, message, data });
    },
    risk: (kind, severity, message, data) => {
      published.push({ channel: 'risk', type: kind, severity, message, data });
    },
  };
}
