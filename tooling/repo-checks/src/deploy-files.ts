import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './repo-root';

/** The production deployment files, read the way their tools read them. */

export const readRepoFile = (path: string): string => readFileSync(join(repoRoot, path), 'utf8');
export const repoPathExists = (path: string): boolean => existsSync(join(repoRoot, path));

/** YAML with merge keys (`<<: *anchor`), which docker compose and docker-compose both accept. */
export const parseYaml = (text: string): unknown => parse(text, { merge: true });

export interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string };
  profiles?: string[];
  command?: string[];
  working_dir?: string;
  environment?: Record<string, string | number | boolean>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  healthcheck?: { test?: unknown; disable?: boolean };
}

export const composeText = readRepoFile('docker-compose.yml');
export const compose = parseYaml(composeText) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
export const services = Object.entries(compose.services);
export const service = (name: string): Service => {
  const found = compose.services[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};

/** The app a service runs (apps/<app>/Dockerfile), or null for an image such as postgres. */
export function appOf(svc: Service): string | null {
  if (svc.build === undefined) return null;
  const path = join(svc.build.context, svc.build.dockerfile ?? 'Dockerfile');
  return /^apps\/([^/]+)\/Dockerfile$/.exec(path)?.[1] ?? null;
}

/** Each app's listening variables: <PREFIX>_HOST and <PREFIX>_PORT. */
export const ENV_PREFIX: Readonly<Record<string, string>> = {
  engine: 'ENGINE',
  web: 'WEB',
  'kite-sim': 'KITE_SIM',
};

export interface PortMapping {
  readonly hostIp: string;
  readonly hostPort: number;
  readonly containerPort: number;
}

/** `127.0.0.1:8000:8000`; null for any other form (no address, ranges, protocols). */
export function parsePort(spec: string): PortMapping | null {
  const match = /^(\d+\.\d+\.\d+\.\d+):(\d+):(\d+)$/.exec(spec);
  if (match === null) return null;
  const [, hostIp = '', hostPort, containerPort] = match;
  return { hostIp, hostPort: Number(hostPort), containerPort: Number(containerPort) };
}

export interface Mount {
  readonly source: string;
  readonly target: string;
  /** A host path (bind mount) rather than a named volume. */
  readonly bind: boolean;
}

export function mountsOf(svc: Service): Mount[] {
  return (svc.volumes ?? []).map((spec) => {
    const [source = '', target = ''] = spec.split(':');
    return { source, target, bind: source.startsWith('.') || source.startsWith('/') };
  });
}

/** Compose interpolation: ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}. */
const INTERPOLATION = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g;

export interface Interpolation {
  readonly name: string;
  readonly operator: string | null;
  readonly argument: string | null;
}

export function interpolationsIn(text: string): Interpolation[] {
  return [...text.matchAll(INTERPOLATION)].map((m) => ({
    name: m[1] ?? '',
    operator: m[2] ?? null,
    argument: m[3] ?? null,
  }));
}

/** What compose makes of a value with `given` as the environment (.env and the shell). */
export function interpolate(value: string, given: Readonly<Record<string, string>>): string {
  return value.replace(INTERPOLATION, (...match: (string | undefined)[]) => {
    const [, name = '', operator, argument = ''] = match;
    const current = given[name];
    const missing = operator?.startsWith(':') ? !current : current === undefined;
    if (!missing) return current ?? '';
    if (operator?.endsWith('?')) throw new Error(`${name} is required: ${argument}`);
    return operator === undefined ? '' : argument;
  });
}

/** Variables .env.example lists (`NAME=` lines). */
export const documentedVars = new Set(
  readRepoFile('.env.example')
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined),
);

const ENGINE_METRICS = 'apps/engine/src/metrics/engine-metrics.ts';
export const engineMetricsText = readRepoFile(ENGINE_METRICS);

/** Each metric the engine defines, with its label names. */
export const engineMetrics: ReadonlyMap<string, readonly string[]> = new Map(
  [...engineMetricsText.matchAll(/name: '(kavach_[a-z0-9_]+)'([^}]*)/g)].map(
    ([, name = '', definition = '']) => {
      const labelList = /labelNames: \[([^\]]*)\]/.exec(definition)?.[1] ?? '';
      return [name, [...labelList.matchAll(/'([a-z_]+)'/g)].map(([, label = '']) => label)];
    },
  ),
);

/** The process metrics prom-client's collectDefaultMetrics names, from its own sources. */
export function promClientDefaultMetricsText(): string {
  const engineRequire = createRequire(join(repoRoot, 'apps/engine/package.json'));
  const metricsDir = join(dirname(engineRequire.resolve('prom-client')), 'lib', 'metrics');
  return readdirSync(metricsDir)
    .filter((file) => file.endsWith('.js'))
    .map((file) => readFileSync(join(metricsDir, file), 'utf8'))
    .join('\n');
}

export interface MetricUse {
  readonly name: string;
  /** Label names matched in a selector right after the name: `name{a="x"}`. */
  readonly labels: readonly string[];
}

/** The metrics a PromQL expression reads: the engine's, process metrics, and `up`. */
export function metricsIn(promql: string): MetricUse[] {
  const pattern = /\b((?:kavach|process|nodejs)_[a-z0-9_]+|up)\b(\{[^}]*\})?/g;
  return [...promql.matchAll(pattern)].map(([, name = '', selector = '']) => ({
    name,
    labels: [...selector.matchAll(/([a-z_]+)\s*(?:=~|!~|!=|=)/g)].map(([, label = '']) => label),
  }));
}

/** Labels every scraped series carries: Prometheus's own and the scrape config's. */
export const TARGET_LABELS = ['job', 'instance', 'service'];

/** The engine metric a series belongs to (histograms expose _bucket, _sum and _count). */
export function engineMetricOf(name: string): string | undefined {
  if (engineMetrics.has(name)) return name;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return engineMetrics.has(base) ? base : undefined;
}

/** The full path of an executable on PATH, or null. */
export function which(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, command))) return join(dir, command);
  }
  return null;
}
