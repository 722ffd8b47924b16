// One flat config for the whole monorepo. Globs are relative to the repo root, where
// eslint.config.js re-exports this; every package's `eslint .` finds that file.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Modules that do I/O, read the clock or the environment: forbidden in packages/domain. */
export const ioModules = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'net',
  'http',
  'https',
  'http2',
  'dgram',
  'dns',
  'tls',
  'child_process',
  'cluster',
  'worker_threads',
  'process',
  'crypto',
  'pg',
  'ioredis',
  'socket.io',
  'socket.io-client',
  'kiteconnect',
  'ws',
  'axios',
  'undici',
  'pino',
  'prom-client',
  '@prisma/*',
  '@electric-sql/*',
  'pglite-prisma-adapter',
  '@kavach/*',
];

const appImports = {
  group: ['**/apps/*', '**/apps/**', '@kavach/engine', '@kavach/web', '@kavach/kite-sim'],
  message: 'Nothing imports from apps/: move shared code into a package.',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.next/**',
      '**/.turbo/**',
      '**/coverage/**',
      '**/generated/**',
      '.data/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs'] },
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'separate-type-imports' },
      ],
      '@typescript-eslint/consistent-type-exports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': ['error', { patterns: [appImports] }],
      // Environment is parsed once, with zod, in packages/config/src/env.ts.
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through the env module (packages/config), not process.env.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Tests hand child processes their environment; config files run before the env module.
    files: [
      'packages/config/src/env.ts',
      '**/*.config.ts',
      '**/*.config.js',
      '**/*.test.ts',
      '**/e2e/**',
      '.ci/**',
      'tooling/**',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['packages/domain/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            appImports,
            {
              group: ioModules,
              message:
                'packages/domain is pure: no I/O, clock, environment or infrastructure imports.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'packages/domain reads no environment.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Time comes from an injected Clock: new Date() reads the system clock.',
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'packages/domain does no I/O.' },
        { name: 'process', message: 'packages/domain reads no environment.' },
        { name: 'setTimeout', message: 'packages/domain schedules nothing; take a Clock.' },
        { name: 'setInterval', message: 'packages/domain schedules nothing; take a Clock.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Time comes from an injected Clock.' },
        { object: 'performance', property: 'now', message: 'Time comes from an injected Clock.' },
        { object: 'Math', property: 'random', message: 'packages/domain is deterministic.' },
      ],
    },
  },
  {
    // The all-in-one launcher is the one composition root over the apps: their start
    // functions only (docs/adr/0004-all-in-one-launcher.md).
    files: ['apps/all-in-one/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/apps/*', '**/apps/**'], message: appImports.message },
            {
              regex: '^@kavach/(engine|web|kite-sim)(?!/start$)',
              message: 'The launcher uses the apps through their ./start entry points only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.int.test.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  prettier,
);
