import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { envSchema } from '@kavach/config';
import { describe, expect, it } from 'vitest';
import { ENV_PREFIX, mountsOf, readRepoFile, repoPathExists, service } from './deploy-files';
import {
  copySources,
  envNames,
  isDockerIgnored,
  parseDockerfile,
  sourcesUnder,
  workspaceClosure,
  workspacePackages,
} from './dockerfile';

const APPS = ['engine', 'web', 'kite-sim'] as const;
const dockerignore = readRepoFile('.dockerignore');
const packageManager = (JSON.parse(readRepoFile('package.json')) as { packageManager: string })
  .packageManager;

/** What each app answers when alive, and what its healthcheck must treat as unhealthy. */
const ALIVE: Readonly<Record<(typeof APPS)[number], readonly [number, boolean][]>> = {
  // 503 is the engine's "degraded": up and the one to keep (see its Dockerfile).
  engine: [
    [200, true],
    [503, true],
    [500, false],
    [404, false],
  ],
  web: [
    [200, true],
    [503, false],
    [404, false],
  ],
  'kite-sim': [
    [200, true],
    [403, false],
    [404, false],
  ],
};

/** Runs a healthcheck command against a server answering `status`; its exit code and path. */
async function runHealthcheck(command: string[], portVariable: string, status: number | null) {
  const paths: string[] = [];
  const server = createServer((request, response) => {
    paths.push(request.url ?? '');
    response.writeHead(status ?? 500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // null: nothing listens on the port any more.
  if (status === null) await new Promise((resolve) => server.close(resolve));
  const code = await new Promise<number | null>((resolve) => {
    const child = execFile(process.execPath, command.slice(1), {
      env: { [portVariable]: String(port) },
      timeout: 10_000,
    });
    child.on('exit', resolve);
  });
  if (status !== null) await new Promise((resolve) => server.close(resolve));
  return { code, paths };
}

/** Read by Next.js, not by the apps: the only ENV outside the env schema. */
const NON_SCHEMA_ENV = new Set(['NEXT_TELEMETRY_DISABLED']);

describe.each(APPS)('apps/%s/Dockerfile', (app) => {
  const stages = parseDockerfile(readRepoFile(`apps/${app}/Dockerfile`));
  const all = stages.flatMap((stage) => stage.instructions);
  const runtime = stages.at(-1)!.instructions;
  const last = (keyword: string) => runtime.filter((i) => i.keyword === keyword).at(-1)?.args;
  const sources = all.flatMap(copySources);
  const appDir = `apps/${app}`;

  it('builds in stages, each on node:24-slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.from).toMatch(/^node:24-slim( AS \w+)?$/);
  });

  it('copies sources that exist and that .dockerignore lets through', () => {
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(repoPathExists(source), source).toBe(true);
      expect(isDockerIgnored(source, dockerignore), source).toBe(false);
    }
  });

  it('copies exactly the workspace packages the app needs to install', () => {
    const copied = sources.filter((s) => /^(apps|packages|tooling)\//.test(s));
    expect(new Set(copied)).toEqual(workspaceClosure(`@kavach/${app}`));
  });

  it('copies the Prisma schema wherever the install generates the Prisma client', () => {
    const needsClient = workspaceClosure(`@kavach/${app}`).has('packages/db');
    expect(sources.includes('prisma') && sources.includes('prisma.config.ts')).toBe(needsClient);
  });

  it("installs with the lockfile and the repository's pnpm, for this app only", () => {
    const runs = all.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    expect(packageManager).toMatch(/^pnpm@/);
    expect(runs.some((run) => run.includes(`npm i -g ${packageManager}`))).toBe(true);
    expect(
      runs.some(
        (run) =>
          run.includes(`pnpm install --frozen-lockfile`) && run.includes(`'@kavach/${app}...'`),
      ),
    ).toBe(true);
  });

  it('runs as node in production, with only variables the env schema knows', () => {
    expect(last('USER')).toBe('node');
    const env = runtime.flatMap(envNames);
    expect(env).toContain('NODE_ENV');
    expect(runtime.find((i) => i.keyword === 'ENV')?.args).toMatch(/NODE_ENV=production/);
    for (const name of env) {
      if (!NON_SCHEMA_ENV.has(name)) expect(Object.keys(envSchema), name).toContain(name);
    }
  });

  it("starts the app's entry point through tsx, as its start script does", () => {
    const workdir = last('WORKDIR');
    expect(workdir).toBe(`/app/${appDir}`);
    const command = JSON.parse(last('CMD') ?? '[]') as string[];
    expect(command[0]).toBe('node');
    const entry = command.at(-1) ?? '';
    expect(repoPathExists(`${appDir}/${entry}`), entry).toBe(true);
    const manifest = workspacePackages().get(`@kavach/${app}`)!.manifest as {
      scripts?: Record<string, string>;
      dependencies?: Record<string, string>;
    };
    const start = manifest.scripts?.start;
    // `tsx <entry>` runs in the image as `node --import tsx <entry>`; a node command as itself.
    if (start === `tsx ${entry}`) expect(command).toEqual(['node', '--import', 'tsx', entry]);
    else expect(command.join(' ')).toBe(start);
    expect(Object.keys(manifest.dependencies ?? {})).toContain('tsx');
  });

  it('checks its health on a route the app serves, at the port it listens on', () => {
    const check = last('HEALTHCHECK') ?? '';
    const prefix = ENV_PREFIX[app]!;
    expect(check).toContain(`process.env.${prefix}_PORT`);
    const path = /\+ '(\/[^']*)'\)/.exec(check)?.[1] ?? '';
    expect(path).not.toBe('');
    // The route's own segment, quoted, in the app's sources: '/healthz', '/api/health', '/state'.
    const segment = path.slice(path.lastIndexOf('/'));
    const route = new RegExp(`'(${path}|${segment})'`.replaceAll('/', '\\/'));
    expect(route.test(sourcesUnder(`${appDir}/src`)), `${appDir} serves ${path}`).toBe(true);
  });

  it('passes its healthcheck exactly when the app answers alive', async () => {
    const check = last('HEALTHCHECK') ?? '';
    const command = JSON.parse(/ CMD (\[.*\])$/.exec(check)?.[1] ?? 'null') as string[];
    expect(command[0]).toBe('node');
    const variable = `${ENV_PREFIX[app]!}_PORT`;
    for (const [status, alive] of ALIVE[app]) {
      const { code, paths } = await runHealthcheck(command, variable, status);
      expect(code, `HTTP ${status}`).toBe(alive ? 0 : 1);
      expect(paths).toHaveLength(1);
    }
    expect((await runHealthcheck(command, variable, null)).code).toBe(1);
  });
});

describe('the dashboard image', () => {
  const stages = parseDockerfile(readRepoFile('apps/web/Dockerfile'));
  const build = stages[0]!.instructions;
  const runtime = stages.at(-1)!.instructions;

  it('builds the browser bundle after every source is copied, and ships the build newest', () => {
    const buildAt = build.findIndex((i) => i.args.includes('pnpm --filter @kavach/web build'));
    const lastCopy = build.findLastIndex((i) => i.keyword === 'COPY');
    expect(buildAt).toBeGreaterThan(lastCopy);
    const touch = runtime.findIndex((i) => i.args.includes('touch apps/web/.next/BUILD_ID'));
    expect(touch).toBeGreaterThan(runtime.findLastIndex((i) => i.keyword === 'COPY'));
    // The server compares BUILD_ID with these sources before deciding to build at start.
    expect(readRepoFile('apps/web/src/server/http/web-build.ts')).toContain(
      "join(webDir, '.next', 'BUILD_ID')",
    );
  });
});

describe('the engine image', () => {
  const runtime = parseDockerfile(readRepoFile('apps/engine/Dockerfile')).at(-1)!.instructions;

  it('reads the trading config from /app/config, which compose mounts from config/', () => {
    expect(runtime.some((i) => i.keyword === 'COPY' && i.args === 'config config')).toBe(true);
    expect(runtime.find((i) => i.keyword === 'ENV')?.args).toMatch(
      /TRADING_CONFIG=\/app\/config\/trading\.yaml/,
    );
    expect(repoPathExists('config/trading.yaml')).toBe(true);
    for (const name of ['engine', 'engine-standby']) {
      expect(mountsOf(service(name))).toContainEqual({
        source: './config',
        target: '/app/config',
        bind: true,
      });
    }
  });
});

describe('.dockerignore', () => {
  it.each([
    'node_modules',
    'apps/engine/node_modules',
    'apps/web/.next',
    '.data',
    'apps/engine/.data',
    '.git',
    'apps/web/test-results',
    'apps/web/playwright-report',
    'packages/db/src/generated',
    '.env',
    '.env.local',
  ])('keeps %s out of the build context', (path) => {
    expect(isDockerIgnored(path, dockerignore)).toBe(true);
  });

  it('lets the sources through', () => {
    for (const path of [
      'apps/engine/src/main.ts',
      'packages/db/package.json',
      'prisma',
      '.env.example',
    ]) {
      expect(isDockerIgnored(path, dockerignore), path).toBe(false);
    }
  });
});
