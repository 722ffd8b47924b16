import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { paise } from '@kavach/domain';
import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createEngineMetrics } from './engine-metrics';

function findPromtool(): string | null {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '');
  for (const dir of [...dirs, '/usr/bin']) {
    const candidate = join(dir, 'promtool');
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

function exercise(metrics: ReturnType<typeof createEngineMetrics>): void {
  metrics.signalGenerated('orb');
  metrics.signalGenerated('orb');
  metrics.signalsRanked(3);
  metrics.decision(true);
  metrics.decision(false, 'PORTFOLIO_HEAT');
  metrics.orderPlaced('ENTRY');
  metrics.orderFilled('ENTRY');
  metrics.orderRejected('STOP');
  metrics.observeOrderAck(0.042);
  metrics.observeProtectiveStop(0.18);
  metrics.setOpenPositions(2);
  metrics.setPnl(paise(1_234_50), paise(-500_25));
  metrics.setHeat(paise(30_000_00), paise(60_000_00));
  metrics.riskEvent('HEAT_LIMIT', 'CRITICAL');
  metrics.ticksReceived([{ mode: 'full' }, { mode: 'quote' }, { mode: 'full' }]);
  metrics.ticksReceived([{ mode: 'full' }]);
  metrics.tickerReconnected();
  metrics.setMarketDataState('CONNECTED');
  metrics.observeApiRequest('POST', '/pause', 200, 0.003);
  metrics.observeScanCycle(0.02);
  metrics.setTradingState('HALTED');
  metrics.setTradingMode('LIVE');
  metrics.setKillSwitchEngaged(true);
  metrics.setKiteSessionValid(true);
  metrics.setReconciliation(true, 1_780_000_000_000);
}

describe('engine metrics', () => {
  it('records every helper under a kavach_ name, money in rupees', async () => {
    const metrics = createEngineMetrics({ collectDefault: false });
    exercise(metrics);
    const text = await metrics.render();
    expect(sample(text, 'kavach_signals_generated_total{strategy="orb"}')).toBe(2);
    expect(sample(text, 'kavach_signals_ranked_total')).toBe(3);
    expect(sample(text, 'kavach_decisions_total{outcome="approved",reason=""}')).toBe(1);
    expect(sample(text, 'kavach_decisions_total{outcome="rejected",reason="PORTFOLIO_HEAT"}')).toBe(
      1,
    );
    expect(sample(text, 'kavach_orders_placed_total{role="ENTRY"}')).toBe(1);
    expect(sample(text, 'kavach_orders_filled_total{role="ENTRY"}')).toBe(1);
    expect(sample(text, 'kavach_orders_rejected_total{role="STOP"}')).toBe(1);
    expect(sample(text, 'kavach_order_ack_latency_seconds_bucket{le="0.05"}')).toBe(1);
    expect(sample(text, 'kavach_protective_stop_latency_seconds_count')).toBe(1);
    expect(sample(text, 'kavach_open_positions')).toBe(2);
    expect(sample(text, 'kavach_realised_pnl_rupees')).toBe(1234.5);
    expect(sample(text, 'kavach_unrealised_pnl_rupees')).toBe(-500.25);
    expect(sample(text, 'kavach_daily_pnl_rupees')).toBe(734.25);
    expect(sample(text, 'kavach_portfolio_heat_rupees')).toBe(30000);
    expect(sample(text, 'kavach_portfolio_heat_ratio')).toBe(0.5);
    expect(sample(text, 'kavach_risk_events_total{kind="HEAT_LIMIT",severity="CRITICAL"}')).toBe(1);
    expect(sample(text, 'kavach_ticks_received_total{mode="full"}')).toBe(3);
    expect(sample(text, 'kavach_ticks_received_total{mode="quote"}')).toBe(1);
    expect(sample(text, 'kavach_ticker_reconnects_total')).toBe(1);
    expect(sample(text, 'kavach_market_data_state{state="CONNECTED"}')).toBe(1);
    expect(sample(text, 'kavach_market_data_state{state="CLOSED"}')).toBe(0);
    expect(
      sample(text, 'kavach_api_requests_total{method="POST",route="/pause",status="200"}'),
    ).toBe(1);
    expect(
      sample(text, 'kavach_api_request_duration_seconds_count{method="POST",route="/pause"}'),
    ).toBe(1);
    expect(sample(text, 'kavach_scan_cycle_duration_seconds_count')).toBe(1);
    expect(sample(text, 'kavach_trading_state{state="HALTED"}')).toBe(1);
    expect(sample(text, 'kavach_trading_state{state="ACTIVE"}')).toBe(0);
    expect(sample(text, 'kavach_trading_mode{mode="LIVE"}')).toBe(1);
    expect(sample(text, 'kavach_kill_switch_engaged')).toBe(1);
    expect(sample(text, 'kavach_kite_session_valid')).toBe(1);
    expect(sample(text, 'kavach_reconciliation_clean')).toBe(1);
    expect(sample(text, 'kavach_reconciliation_last_run_timestamp_seconds')).toBe(1_780_000_000);
  });

  it('starts with every state gauge present and zero where nothing is known', async () => {
    const text = await createEngineMetrics({ collectDefault: false }).render();
    expect(sample(text, 'kavach_trading_state{state="ACTIVE"}')).toBe(1);
    expect(sample(text, 'kavach_trading_mode{mode="PAPER"}')).toBe(1);
    expect(sample(text, 'kavach_kite_session_valid')).toBe(0);
  });

  it('keeps separate registries apart and the global one empty', async () => {
    const a = createEngineMetrics();
    const b = createEngineMetrics();
    a.tickerReconnected();
    expect(sample(await a.render(), 'kavach_ticker_reconnects_total')).toBe(1);
    expect(sample(await b.render(), 'kavach_ticker_reconnects_total')).toBe(0);
    expect(await a.render()).toContain('process_cpu_user_seconds_total');
    expect(globalRegistry.getMetricsAsArray()).toEqual([]);
    expect(a.contentType).toContain('text/plain');
  });

  const promtool = findPromtool();
  it.skipIf(promtool === null)(
    'passes promtool check metrics (skipped without promtool: apt-get install prometheus)',
    async () => {
      const metrics = createEngineMetrics();
      exercise(metrics);
      const result = spawnSync(promtool ?? 'promtool', ['check', 'metrics'], {
        input: await metrics.render(),
        encoding: 'utf8',
      });
      expect(result.error).toBeUndefined();
      expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
      expect(result.status).toBe(0);
    },
  );
});
