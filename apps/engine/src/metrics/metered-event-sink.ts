import type { EventSink } from '../control/ports';
import type { EngineMetrics } from './engine-metrics';

type ControlMetrics = Pick<
  EngineMetrics,
  'riskEvent' | 'setTradingState' | 'setKillSwitchEngaged' | 'setTradingMode'
>;

/**
 * An EventSink that also keeps the control gauges and the risk event counter current, so
 * every service that publishes is counted without knowing about metrics.
 */
export function createMeteredEventSink(inner: EventSink, metrics: ControlMetrics): EventSink {
  return {
    event: (type, message, data) => {
      if (type === 'trading_state.changed') {
        const state = data.state;
        if (state === 'ACTIVE' || state === 'PAUSED' || state === 'HALTED') {
          metrics.setTradingState(state);
          metrics.setKillSwitchEngaged(state === 'HALTED');
        }
      }
      if (type === 'trading_mode.changed' && (data.to === 'PAPER' || data.to === 'LIVE')) {
        metrics.setTradingMode(data.to);
      }
      inner.event(type, message, data);
    },
    risk: (kind, severity, message, data) => {
      metrics.riskEvent(kind, severity);
      inner.risk(kind, severity, message, data);
    },
  };
}
