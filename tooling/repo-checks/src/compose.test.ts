import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envSchema } from '@kavach/config';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './repo-root';

interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: unknown;
  environment?: Record<string, string>;
  env_file?: { path: string; required?: boolean }[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  healthcheck?: { test: unknown };
}

const composeText = readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const envExample = readFileSync(join(repoRoot, '.env.example'), 'utf8');
const documentedVars = new Set(
  envExample
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined),
);
const services = Object.entries(compose.services);

describe('docker-compose.yml', () => {
  it('has the core services', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['postgres', 'redis', 'migrate', 'engine']),
    );
  });

  it.each(services.filter(([, s]) => s.build))('%s builds from files that exist', (_, service) => {
    const context = join(repoRoot, service.build!.context);
    expect(existsSync(context)).toBe(true);
    expect(existsSync(join(context, service.build!.dockerfile ?? 'Dockerfile'))).toBe(true);
  });

  it('depends only on services it defines', () => {
    for (const [, service] of services) {
      for (const dependency of Object.keys(service.depends_on ?? {})) {
        expect(Object.keys(compose.services)).toContain(dependency);
      }
    }
  });

  it('declares every named volume it mounts', () => {
    for (const [, service] of services) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (!source.startsWith('.') && !source.startsWith('/')) {
          expect(Object.keys(compose.volumes ?? {})).toContain(source);
        }
      }
    }
  });

  it('publishes ports on loopback only', () => {
    for (const [, service] of services) {
      for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    }
  });

  it('gives postgres and redis healthchecks and redis an append-only file', () => {
    expect(compose.services.postgres?.healthcheck).toBeDefined();
    expect(compose.services.redis?.healthcheck).toBeDefined();
    expect(JSON.stringify(compose.services.redis?.command)).toContain('--appendonly');
  });

  it('documents every variable it interpolates in .env.example', () => {
    const interpolated = [...composeText.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!);
    expect(interpolated.length).toBeGreaterThan(0);
    for (const name of interpolated) expect(documentedVars).toContain(name);
  });

  it('passes the apps only variables the env schema knows', () => {
    const known = new Set(Object.keys(envSchema));
    for (const [name, service] of services) {
      if (service.image) continue;
      for (const variable of Object.keys(service.environment ?? {})) {
        expect(known, `${name} sets ${variable}`).toContain(variable);
      }
    }
  });
});

describe('.env.example', () => {
  it('lists every variable of the env schema', () => {
    for (const name of Object.keys(envSchema)) expect(documentedVars).toContain(name);
  });
});
