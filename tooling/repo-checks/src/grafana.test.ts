import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mountsOf, parsePort, parseYaml, readRepoFile, service } from './deploy-files';
import { expectKnownMetrics, expectUpdatedByEngine } from './known-metrics';
import { repoRoot } from './repo-root';

const PROVISIONING = 'deploy/grafana/provisioning';
const DASHBOARDS = 'deploy/grafana/dashboards';

interface Datasource {
  uid: string;
  type: string;
  url: string;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { uid: string };
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: { expr: string; datasource?: { uid: string } }[];
}

const yamlFiles = (dir: string) =>
  readdirSync(join(repoRoot, dir))
    .filter((file) => file.endsWith('.yml'))
    .map((file) => parseYaml(readRepoFile(`${dir}/${file}`)));

const datasources = yamlFiles(`${PROVISIONING}/datasources`).flatMap(
  (file) => (file as { datasources: Datasource[] }).datasources,
);
const providers = yamlFiles(`${PROVISIONING}/dashboards`).flatMap(
  (file) => (file as { providers: { options: { path: string } }[] }).providers,
);
const dashboards = readdirSync(join(repoRoot, DASHBOARDS))
  .filter((file) => file.endsWith('.json'))
  .map((file) => {
    const json = JSON.parse(readRepoFile(`${DASHBOARDS}/${file}`)) as {
      uid: string;
      panels: Panel[];
    };
    return [file, json] as const;
  });
const grafanaMounts = mountsOf(service('grafana'));

describe('Grafana provisioning', () => {
  it('is mounted where Grafana reads provisioning', () => {
    const mount = grafanaMounts.find((m) => m.source === `./${PROVISIONING}`);
    expect(mount?.target).toBe('/etc/grafana/provisioning');
  });

  it('gives Grafana the Prometheus service as its datasource', () => {
    expect(datasources).toHaveLength(1);
    const [prometheus] = datasources;
    expect(prometheus?.type).toBe('prometheus');
    const published = parsePort(service('prometheus').ports?.[0] ?? '');
    expect(prometheus?.url).toBe(`http://prometheus:${published?.containerPort}`);
  });

  it('loads dashboards from where the dashboards directory is mounted', () => {
    const mount = grafanaMounts.find((m) => m.source === `./${DASHBOARDS}`);
    expect(providers.map((p) => p.options.path)).toEqual([mount?.target]);
    const home = service('grafana').environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH;
    expect(dashboards.map(([file]) => `${mount?.target}/${file}`)).toContain(home);
  });

  it('keeps anonymous users out and takes the admin password from .env', () => {
    const env = service('grafana').environment ?? {};
    expect(env.GF_AUTH_ANONYMOUS_ENABLED).toBe('false');
    expect(env.GF_SECURITY_ADMIN_PASSWORD).toMatch(/^\$\{GRAFANA_ADMIN_PASSWORD:\?/);
  });
});

describe.each(dashboards)('the %s dashboard', (_, dashboard) => {
  const panels = dashboard.panels.filter((panel) => panel.type !== 'row');
  const uids = new Set(datasources.map((d) => d.uid));

  it('queries only the provisioned datasource', () => {
    expect(panels.length).toBeGreaterThan(0);
    for (const panel of panels) {
      expect(uids, panel.title).toContain(panel.datasource?.uid);
      for (const target of panel.targets ?? []) {
        expect(uids, panel.title).toContain(target.datasource?.uid);
      }
    }
  });

  it('reads only metrics and labels the engine exports', () => {
    for (const panel of panels) {
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) expectKnownMetrics(target.expr);
    }
  });

  it('reads metrics the engine keeps current', () => {
    for (const panel of panels) {
      for (const target of panel.targets ?? []) expectUpdatedByEngine(target.expr);
    }
  });

  it('shows the engine, the lease, the kill switch, P&L and order latency', () => {
    const exprs = panels.flatMap((panel) => (panel.targets ?? []).map((t) => t.expr)).join('\n');
    for (const metric of [
      'up{job="kavach-engine"}',
      'kavach_engine_lease_held',
      'kavach_kill_switch_engaged',
      'kavach_trading_state',
      'kavach_kite_session_valid',
      'kavach_reconciliation_clean',
      'kavach_daily_pnl_rupees',
      'kavach_order_ack_latency_seconds_bucket',
    ]) {
      expect(exprs).toContain(metric);
    }
  });

  it('lays its panels out on the 24-column grid, each with its own id', () => {
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { title, gridPos } of dashboard.panels) {
      expect(gridPos.x + gridPos.w, title).toBeLessThanOrEqual(24);
    }
  });
});
