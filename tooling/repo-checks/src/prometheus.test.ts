import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appOf,
  interpolate,
  mountsOf,
  parseYaml,
  readRepoFile,
  repoPathExists,
  service,
  which,
} from './deploy-files';
import { engineCode, expectKnownMetrics, expectUpdatedByEngine } from './known-metrics';
import { repoRoot } from './repo-root';

const DIR = 'deploy/prometheus';

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const config = parseYaml(readRepoFile(`${DIR}/prometheus.yml`)) as {
  rule_files: string[];
  scrape_configs: {
    job_name: string;
    metrics_path?: string;
    static_configs: { targets: string[]; labels?: Record<string, string> }[];
  }[];
};
const rules = (
  parseYaml(readRepoFile(`${DIR}/alerts.yml`)) as { groups: { rules: Rule[] }[] }
).groups.flatMap((group) => group.rules);
const unitTests = parseYaml(readRepoFile(`${DIR}/alerts.test.yml`)) as {
  tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
};

/** The alerts each promtool unit test expects to fire, and those it expects to stay quiet. */
const firingTested = new Set<string>();
const quietTested = new Set<string>();
for (const test of unitTests.tests) {
  for (const check of test.alert_rule_test) {
    (check.exp_alerts.length > 0 ? firingTested : quietTested).add(check.alertname);
  }
}

describe('deploy/prometheus/prometheus.yml', () => {
  it('is what the prometheus service mounts and runs', () => {
    const mount = mountsOf(service('prometheus')).find((m) => m.source === `./${DIR}`);
    expect(mount?.target).toBe('/etc/prometheus');
    expect(service('prometheus').command).toContain('--config.file=/etc/prometheus/prometheus.yml');
  });

  it('loads rule files that exist beside it', () => {
    expect(config.rule_files).toContain('alerts.yml');
    for (const file of config.rule_files) expect(repoPathExists(`${DIR}/${file}`), file).toBe(true);
  });

  it('scrapes every engine service on its port and metrics path, and nothing else', () => {
    const targets = config.scrape_configs.flatMap((job) =>
      job.static_configs.flatMap((group) => group.targets.map((t) => ({ job, group, target: t }))),
    );
    const scraped = targets.map(({ target }) => target);
    const engineServices = ['engine', 'engine-standby'];
    for (const name of engineServices) {
      expect(appOf(service(name))).toBe('engine');
      const port = interpolate(String(service(name).environment?.ENGINE_PORT), {});
      expect(scraped).toContain(`${name}:${port}`);
    }
    expect(scraped).toHaveLength(engineServices.length);
    for (const { job, group, target } of targets) {
      expect(job.job_name).toBe('kavach-engine');
      expect(job.metrics_path ?? '/metrics').toBe('/metrics');
      // The `service` label the alerts and the dashboard tell the engines apart by.
      expect(group.labels?.service).toBe(target.split(':')[0]);
    }
    expect(readRepoFile('apps/engine/src/http/routes.ts')).toMatch(
      /url: '\/metrics',\s+auth: 'none'/,
    );
  });
});

describe('deploy/prometheus/alerts.yml', () => {
  it('has an alert for each failure issue 7 names', () => {
    expect(rules.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'KavachEngineDown',
        'KavachKillSwitchEngaged',
        'KavachDailyLossStopHit',
        'KavachReconciliationFailing',
        'KavachKiteSessionExpired',
        'KavachOrderLatencyHigh',
      ]),
    );
  });

  it.each(rules.map((rule) => [rule.alert, rule] as const))(
    '%s has a duration, a severity, a summary and what to do',
    (_, rule) => {
      expect(rule.for).toMatch(/^\d+[smh]$/);
      expect(['critical', 'warning']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary?.length).toBeGreaterThan(10);
      expect(rule.annotations?.description?.length).toBeGreaterThan(60);
    },
  );

  it.each(rules.map((rule) => [rule.alert, rule] as const))(
    '%s reads only metrics and labels the engine exports',
    (_, rule) => {
      expectKnownMetrics(rule.expr);
    },
  );

  it.each(rules.map((rule) => [rule.alert, rule] as const))(
    '%s reads metrics the engine keeps current',
    (_, rule) => {
      expectUpdatedByEngine(rule.expr);
    },
  );

  it('reads a Kite session gauge the engine sets valid as well as invalid', () => {
    // The gauge starts at 0: an engine that only ever reports expiry keeps the alert firing.
    const calls = [...engineCode.matchAll(/\.setKiteSessionValid\(([^)]*)\)/g)];
    const args = calls.map(([, arg = '']) => arg.trim());
    expect(
      args.some((arg) => arg !== 'false'),
      `setKiteSessionValid(${args.join(' | ')})`,
    ).toBe(true);
  });

  it('matches the daily loss stop as the engine counts it', () => {
    // auto-pause records a risk event whose kind is the pause code.
    expect(readRepoFile('apps/engine/src/control/auto-pause.ts')).toContain(
      'events.risk(trigger.code,',
    );
    expect(readRepoFile('apps/engine/src/control/trading-state-model.ts')).toContain(
      "'DAILY_LOSS_STOP'",
    );
    const rule = rules.find((r) => r.alert === 'KavachDailyLossStopHit');
    expect(rule?.expr).toContain('kind="DAILY_LOSS_STOP"');
  });

  it.each(rules.map((rule) => rule.alert))(
    '%s has promtool unit tests, firing and quiet',
    (alert) => {
      expect(firingTested).toContain(alert);
      expect(quietTested).toContain(alert);
    },
  );
});

const promtool = which('promtool');

function runPromtool(args: string[], cwd = join(repoRoot, DIR)) {
  const result = spawnSync(promtool ?? 'promtool', args, { cwd, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

// promtool runs the unit tests at Prometheus's own 15 s evaluation interval over a day of
// series: several seconds.
const PROMTOOL_TIMEOUT_MS = 60_000;

describe.skipIf(promtool === null)(
  promtool === null ? 'promtool: SKIPPED, not on PATH (apt-get install prometheus)' : 'promtool',
  { timeout: PROMTOOL_TIMEOUT_MS },
  () => {
    it('accepts the configuration', () => {
      const { status, output } = runPromtool(['check', 'config', 'prometheus.yml']);
      expect(status, output).toBe(0);
    });

    it('accepts the rules', () => {
      const { status, output } = runPromtool(['check', 'rules', 'alerts.yml']);
      expect(status, output).toBe(0);
    });

    it('passes the unit tests of the alerts', () => {
      const { status, output } = runPromtool(['test', 'rules', 'alerts.test.yml']);
      expect(status, output).toBe(0);
    });

    it('fails the unit tests when the alerts never fire', () => {
      // The unit tests must be able to fail: with every expression emptied, they do.
      const dir = mkdtempSync(join(tmpdir(), 'kavach-alerts-'));
      try {
        cpSync(join(repoRoot, DIR), dir, { recursive: true });
        const alerts = readFileSync(join(dir, 'alerts.yml'), 'utf8');
        const silenced = alerts.replace(
          /expr: >-\n(?: {10}.*\n)+|expr: .*\n/g,
          'expr: vector(0) > 1\n',
        );
        expect(silenced).not.toBe(alerts);
        writeFileSync(join(dir, 'alerts.yml'), silenced);
        const { status, output } = runPromtool(['test', 'rules', 'alerts.test.yml'], dir);
        expect(status, output).not.toBe(0);
        for (const rule of rules) expect(output).toContain(`alertname: ${rule.alert}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
