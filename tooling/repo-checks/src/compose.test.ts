import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envSchema, parseEnv } from '@kavach/config';
import { describe, expect, it } from 'vitest';
import {
  ENV_PREFIX,
  appOf,
  compose,
  composeText,
  documentedVars,
  interpolate,
  interpolationsIn,
  mountsOf,
  parsePort,
  readRepoFile,
  service,
  services,
} from './deploy-files';
import { sourcesUnder } from './dockerfile';
import { repoRoot } from './repo-root';

const appServices = services.filter(([, s]) => appOf(s) !== null);
const schemaDefault = (name: string): unknown =>
  (envSchema as Record<string, { parse: (v: unknown) => unknown }>)[name]?.parse(undefined);

/** The variables compose insists on; sample values long enough for the schema. */
const REQUIRED = [
  'POSTGRES_PASSWORD',
  'ENGINE_API_TOKEN',
  'AUTH_SECRET',
  'KITE_SIM_CONTROL_TOKEN',
  'DATA_ENCRYPTION_KEY',
  'GRAFANA_ADMIN_PASSWORD',
];
const requiredSample = Object.fromEntries(REQUIRED.map((name) => [name, 'x'.repeat(40)]));

/** A service's environment as the container sees it, .env holding only the required values. */
function environmentOf(name: string): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [key, value] of Object.entries(service(name).environment ?? {})) {
    resolved[key] = interpolate(String(value), requiredSample);
  }
  return resolved;
}

describe('docker-compose.yml services', () => {
  it('runs exactly these services, kite-sim and the standby engine behind their profiles', () => {
    expect(Object.fromEntries(services.map(([name, s]) => [name, s.profiles ?? []]))).toEqual({
      postgres: [],
      redis: [],
      migrate: [],
      engine: [],
      'engine-standby': ['standby'],
      web: [],
      'kite-sim': ['paper'],
      prometheus: [],
      grafana: [],
    });
  });

  it.each(services.filter(([, s]) => s.build))('%s builds from files that exist', (_, svc) => {
    const context = join(repoRoot, svc.build!.context);
    expect(existsSync(context)).toBe(true);
    expect(existsSync(join(context, svc.build!.dockerfile ?? 'Dockerfile'))).toBe(true);
  });

  it('runs the engine, its standby and the migrate job from the engine image', () => {
    for (const name of ['migrate', 'engine', 'engine-standby'])
      expect(appOf(service(name))).toBe('engine');
    expect(appOf(service('web'))).toBe('web');
    expect(appOf(service('kite-sim'))).toBe('kite-sim');
  });

  it('depends only on services it defines, and never on one behind a profile it lacks', () => {
    // Compose refuses to start a service whose dependency's profile is not enabled.
    for (const [name, svc] of services) {
      for (const dependency of Object.keys(svc.depends_on ?? {})) {
        const profiles = compose.services[dependency]?.profiles ?? [];
        expect(Object.keys(compose.services), `${name} → ${dependency}`).toContain(dependency);
        for (const profile of profiles) expect(svc.profiles ?? []).toContain(profile);
      }
    }
  });

  it('migrates once postgres is healthy, and starts what uses the database after that', () => {
    expect(service('migrate').depends_on?.postgres?.condition).toBe('service_healthy');
    expect(service('migrate').command).toEqual(['pnpm', 'db:migrate']);
    expect(service('migrate').working_dir).toBe('/app');
    const rootScripts = (JSON.parse(readRepoFile('package.json')) as { scripts: object }).scripts;
    expect(Object.keys(rootScripts)).toContain('db:migrate');
    for (const name of ['engine', 'engine-standby', 'web']) {
      expect(service(name).depends_on?.migrate?.condition, name).toBe(
        'service_completed_successfully',
      );
      expect(service(name).depends_on?.redis?.condition, name).toBe('service_healthy');
    }
  });

  it('declares every named volume it mounts, and bind-mounts only files that exist', () => {
    for (const [name, svc] of services) {
      for (const mount of mountsOf(svc)) {
        if (mount.bind) expect(existsSync(join(repoRoot, mount.source)), name).toBe(true);
        else expect(Object.keys(compose.volumes ?? {})).toContain(mount.source);
      }
    }
  });

  it('keeps the database, Redis, the simulator, Prometheus and Grafana on named volumes', () => {
    const volumeOf = (name: string, target: string) =>
      mountsOf(service(name)).find((m) => m.target === target && !m.bind);
    expect(volumeOf('postgres', '/var/lib/postgresql/data')).toBeDefined();
    expect(volumeOf('redis', '/data')).toBeDefined();
    expect(volumeOf('prometheus', '/prometheus')).toBeDefined();
    expect(volumeOf('grafana', '/var/lib/grafana')).toBeDefined();
    const stateFile = environmentOf('kite-sim').KITE_SIM_STATE_FILE ?? '';
    const stateVolume = mountsOf(service('kite-sim')).find((m) =>
      stateFile.startsWith(`${m.target}/`),
    );
    expect(stateVolume?.bind).toBe(false);
  });

  it('turns on Redis append-only persistence', () => {
    const command = service('redis').command ?? [];
    expect(command[command.indexOf('--appendonly') + 1]).toBe('yes');
  });

  it('has healthchecks on postgres and redis; the app images bring their own', () => {
    for (const name of ['postgres', 'redis', 'prometheus', 'grafana']) {
      expect(service(name).healthcheck?.test, name).toBeDefined();
    }
    for (const [name, svc] of appServices) {
      const dockerfile = readRepoFile(join(svc.build!.context, svc.build!.dockerfile!));
      expect(dockerfile, name).toMatch(/^HEALTHCHECK /m);
      // A one-shot job is never "healthy": only the migrate job turns the image's check off.
      expect(svc.healthcheck?.disable ?? false, name).toBe(name === 'migrate');
    }
  });
});

describe('docker-compose.yml ports', () => {
  const published = services.flatMap(([name, svc]) =>
    (svc.ports ?? []).map((spec) => ({ name, svc, spec, port: parsePort(spec) })),
  );

  it('publishes ports on loopback only, each host port once', () => {
    for (const { spec, port } of published) expect(port?.hostIp, spec).toBe('127.0.0.1');
    const hostPorts = published.map(({ port }) => port?.hostPort);
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it('publishes the port each app listens on, on every interface of its container', () => {
    for (const { name, svc, port } of published) {
      const app = appOf(svc);
      if (app === null) continue;
      const prefix = ENV_PREFIX[app]!;
      const environment = environmentOf(name);
      const listening = Number(environment[`${prefix}_PORT`] ?? schemaDefault(`${prefix}_PORT`));
      expect(port?.containerPort, name).toBe(listening);
      // Loopback inside the container is out of reach of the published port.
      expect(environment[`${prefix}_HOST`], name).toBe('0.0.0.0');
      const reads = sourcesUnder(`apps/${app}/src`).includes(`env.${prefix}_HOST`);
      expect(reads, `apps/${app} listens on ${prefix}_HOST`).toBe(true);
    }
  });

  it('publishes Prometheus and Grafana on their own ports, and the usual host ports', () => {
    const hostPort = (name: string) => published.find((p) => p.name === name)?.port;
    expect(hostPort('prometheus')).toEqual({
      hostIp: '127.0.0.1',
      hostPort: 9090,
      containerPort: 9090,
    });
    expect(hostPort('grafana')).toEqual({
      hostIp: '127.0.0.1',
      hostPort: 3001,
      containerPort: 3000,
    });
    expect(hostPort('engine')?.hostPort).toBe(schemaDefault('ENGINE_PORT'));
    expect(hostPort('web')?.hostPort).toBe(schemaDefault('WEB_PORT'));
    expect(hostPort('kite-sim')?.hostPort).toBe(schemaDefault('KITE_SIM_PORT'));
  });
});

describe('docker-compose.yml environment', () => {
  it('documents every variable it interpolates in .env.example', () => {
    const interpolated = interpolationsIn(composeText).map((i) => i.name);
    expect(interpolated.length).toBeGreaterThan(0);
    for (const name of interpolated) expect(documentedVars).toContain(name);
  });

  it('requires the shared secrets and passwords wherever it uses them', () => {
    // Several processes must agree on these: a default or a per-process value would split them.
    for (const { name, operator } of interpolationsIn(composeText)) {
      if (REQUIRED.includes(name)) expect(operator, name).toBe(':?');
    }
    for (const name of REQUIRED) {
      const without = { ...requiredSample, [name]: '' };
      expect(() => interpolate(composeText, without)).toThrow(name);
    }
  });

  it('passes the apps only variables the env schema knows', () => {
    const known = new Set(Object.keys(envSchema));
    for (const [name, svc] of appServices) {
      for (const variable of Object.keys(svc.environment ?? {})) {
        expect(known, `${name} sets ${variable}, which packages/config/src/env.ts lacks`).toContain(
          variable,
        );
      }
    }
  });

  it.each(appServices)('gives %s an environment the env schema accepts', (name) => {
    expect(() => parseEnv(environmentOf(name))).not.toThrow();
  });

  it('runs the engine on the migrated schema, PostgreSQL and Redis', () => {
    for (const name of ['engine', 'engine-standby']) {
      const env = parseEnv(environmentOf(name));
      expect(env.MIGRATE_ON_START, name).toBe(false);
      expect(env.DATABASE_URL, name).toMatch(/@postgres:5432\//);
      expect(env.REDIS_URL, name).toBe('redis://redis:6379');
    }
  });

  it('gives the standby the engine environment, advertising its own address', () => {
    const { ENGINE_URL: engineUrl, ...engine } = environmentOf('engine');
    const { ENGINE_URL: standbyUrl, ...standby } = environmentOf('engine-standby');
    expect(standby).toEqual(engine);
    expect(engineUrl).toBe(`http://engine:${engine.ENGINE_PORT}`);
    expect(standbyUrl).toBe(`http://engine-standby:${engine.ENGINE_PORT}`);
  });

  it('gives the engines, the dashboard and kite-sim one Kite app key', () => {
    // The lease is per Kite account (the API key); the dashboard looks its holder up by it.
    const keys = ['engine', 'engine-standby', 'web', 'kite-sim'].map(
      (name) => service(name).environment?.KITE_API_KEY,
    );
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^\$\{KITE_API_KEY:-/);
  });

  it('points the dashboard and kite-sim postbacks at the engine service', () => {
    const enginePort = environmentOf('engine').ENGINE_PORT;
    expect(environmentOf('web').ENGINE_URL).toBe(`http://engine:${enginePort}`);
    expect(environmentOf('kite-sim').KITE_SIM_POSTBACK_URL).toBe(
      `http://engine:${enginePort}/postback`,
    );
    expect(readRepoFile('apps/engine/src/http/routes.ts')).toContain("url: '/postback'");
  });

  it('paper-trades on kite-sim unless KITE_ROOT says otherwise', () => {
    const simPort = environmentOf('kite-sim').KITE_SIM_PORT;
    expect(environmentOf('engine').KITE_ROOT).toBe(`http://kite-sim:${simPort}`);
    // Empty: the engine finds kite-sim's ticker beside its REST root, and Zerodha's by default.
    expect(environmentOf('engine').KITE_TICKER_ROOT).toBe('');
    // The dashboard's KITE_ROOT only makes the login page's address, which a browser opens.
    expect(environmentOf('web').KITE_ROOT).toBe(`http://127.0.0.1:${simPort}`);
    const live = { ...requiredSample, KITE_ROOT: 'https://api.kite.trade' };
    expect(interpolate(String(service('engine').environment?.KITE_ROOT), live)).toBe(
      live.KITE_ROOT,
    );
  });
});

describe('.env.example', () => {
  it('lists every variable of the env schema', () => {
    for (const name of Object.keys(envSchema)) expect(documentedVars).toContain(name);
  });

  it('keeps the lines the compose file needs to find in it', () => {
    const text = readFileSync(join(repoRoot, '.env.example'), 'utf8');
    expect(text).toMatch(/^COMPOSE_PROJECT_NAME=kavach$/m);
    expect(text).toMatch(/^GRAFANA_ADMIN_PASSWORD=$/m);
  });
});
