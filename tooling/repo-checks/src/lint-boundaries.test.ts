import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './repo-root';

// The boundary rules are syntactic; type information is switched off so probes need no project.
const eslint = new ESLint({
  cwd: repoRoot,
  overrideConfig: [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }],
});

async function ruleIdsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('lint boundaries', () => {
  it.each([
    ["import { readFileSync } from 'node:fs';\nexport const f = readFileSync;", 'node:fs'],
    ["import { Pool } from 'pg';\nexport const p = Pool;", 'pg'],
    ["import { PrismaClient } from '@prisma/client';\nexport const c = PrismaClient;", 'prisma'],
    [
      "import { parseEnv } from '@kavach/config';\nexport const e = parseEnv;",
      'a workspace package',
    ],
  ])('packages/domain may not import I/O: %#', async (code) => {
    expect(await ruleIdsFor('packages/domain/src/probe.ts', code)).toContain(
      'no-restricted-imports',
    );
  });

  it('packages/domain may import its own modules', async () => {
    const ids = await ruleIdsFor(
      'packages/domain/src/probe.ts',
      "import { paise } from './money/paise';\nexport const p = paise(1);\n",
    );
    expect(ids).toEqual([]);
  });

  it.each([
    ['export const t = Date.now();', 'no-restricted-properties'],
    ['export const t = new Date();', 'no-restricted-syntax'],
    ['export const r = Math.random();', 'no-restricted-properties'],
    ['export const e = process.env.X;', 'no-restricted-syntax'],
  ])('packages/domain reads no clock, randomness or environment: %s', async (code, rule) => {
    expect(await ruleIdsFor('packages/domain/src/probe.ts', code)).toContain(rule);
  });

  it('allows an explicit instant in packages/domain', async () => {
    expect(
      await ruleIdsFor('packages/domain/src/probe.ts', 'export const d = new Date(0);\n'),
    ).toEqual([]);
  });

  it.each(['packages/db/src/probe.ts', 'packages/config/src/probe.ts'])(
    'nothing imports from apps/: %s',
    async (filePath) => {
      const code = "import { x } from '../../../apps/engine/src/main';\nexport const y = x;\n";
      expect(await ruleIdsFor(filePath, code)).toContain('no-restricted-imports');
      const viaName = "import { x } from '@kavach/engine';\nexport const y = x;\n";
      expect(await ruleIdsFor(filePath, viaName)).toContain('no-restricted-imports');
    },
  );

  it('process.env is read only by the env module', async () => {
    const code = 'export const url = process.env.DATABASE_URL;\n';
    expect(await ruleIdsFor('packages/db/src/probe.ts', code)).toContain('no-restricted-syntax');
    expect(await ruleIdsFor('packages/config/src/env.ts', code)).toEqual([]);
  });

  it('type-only imports use import type', async () => {
    const code = "import { Paise } from './money/paise';\nexport type X = Paise;\n";
    expect(await ruleIdsFor('packages/domain/src/probe.ts', code)).toContain(
      '@typescript-eslint/consistent-type-imports',
    );
  });

  it('type-aware rules are on for source files', async () => {
    const config = (await new ESLint({ cwd: repoRoot }).calculateConfigForFile(
      'packages/db/src/index.ts',
    )) as { rules: Record<string, unknown> };
    for (const rule of [
      'no-floating-promises',
      'no-misused-promises',
      'switch-exhaustiveness-check',
    ]) {
      expect(config.rules[`@typescript-eslint/${rule}`]).toEqual([2]);
    }
  });
});
