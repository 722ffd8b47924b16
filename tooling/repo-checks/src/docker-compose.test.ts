import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { which } from './deploy-files';
import { repoRoot } from './repo-root';

/**
 * docker-compose (v1, Debian's package) validates the file without a Docker engine, reading it
 * as Compose does: interpolation, merge keys, depends_on conditions, profiles.
 */
const dockerCompose = which('docker-compose');
const REQUIRED = {
  POSTGRES_PASSWORD: 'postgres-password',
  ENGINE_API_TOKEN: 'engine-api-token-0123456789',
  AUTH_SECRET: 'auth-secret-0123456789-0123456789',
  KITE_SIM_CONTROL_TOKEN: 'kite-sim-control-0123456789',
  DATA_ENCRYPTION_KEY: 'data-encryption-key-0123456789-0123456789',
  GRAFANA_ADMIN_PASSWORD: 'grafana-password',
};

// An empty env file and a bare environment: a developer's .env or shell cannot help the file.
const dir = mkdtempSync(join(tmpdir(), 'kavach-compose-'));
const envFile = join(dir, 'empty.env');
writeFileSync(envFile, '');
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function config(variables: Record<string, string>) {
  const result = spawnSync(
    dockerCompose ?? 'docker-compose',
    ['--env-file', envFile, '-f', 'docker-compose.yml', 'config', '-q'],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: dir, ...variables },
    },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe.skipIf(dockerCompose === null)(
  dockerCompose === null
    ? 'docker-compose config: SKIPPED, not on PATH (apt-get install docker-compose)'
    : 'docker-compose config',
  { timeout: 30_000 },
  () => {
    it('accepts the file with the required variables set', () => {
      const { status, output } = config(REQUIRED);
      expect(status, output).toBe(0);
    });

    // compose.test.ts checks every required variable; here, that compose itself refuses.
    it('refuses it without the token the engine and the dashboard share', () => {
      const { status, output } = config({ ...REQUIRED, ENGINE_API_TOKEN: '' });
      expect(status).not.toBe(0);
      expect(output).toContain('set ENGINE_API_TOKEN in .env');
    });
  },
);
