import { describe, expect, it } from 'vitest';
import { createRecordingEventSink } from '../control/recording-event-sink';
import { createEngineMetrics } from './engine-metrics';
import { createMeteredEventSink } from './metered-event-sink';

describe('metered event sink', () => {
  it('forwards everything and keeps the control gauges current', async () => {
    const inner = createRecordingEventSink();
    const metrics = createEngineMetrics({ collectDefault: false });
    const sink = createMeteredEventSink(inner, metrics);
    sink.event('trading_state.changed', 'Trading HALTED', { state: 'HALTED' });
    sink.event('trading_mode.changed', 'PAPER → LIVE', { to: 'LIVE' });
    sink.risk('HEAT_LIMIT', 'CRITICAL', 'heat', {});
    sink.event('other', 'x', {});
    expect(inner.published.map((e) => e.type)).toEqual([
      'trading_state.changed',
      'trading_mode.changed',
      'HEAT_LIMIT',
      'other',
    ]);
    const text = await metrics.render();
    expect(text).toContain('kavach_trading_state{state="HALTED"} 1');
    expect(text).toContain('kavach_kill_switch_engaged 1');
    expect(text).toContain('kavach_trading_mode{mode="LIVE"} 1');
    expect(text).toContain('kavach_risk_events_total{kind="HEAT_LIMIT",severity="CRITICAL"} 1');

    sink.event('trading_state.changed', 'Trading PAUSED', { state: 'PAUSED' });
    expect(await metrics.render()).toContain('kavach_kill_switch_engaged 0');
  });
});
