import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';

import nx from '@nx/eslint-plugin';
import angular from 'angular-eslint';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** Which library tags may import which: both dimensions of house-style.md, no wildcard constraint. */
const depConstraints = [
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'] },
  { sourceTag: 'scope:portal', onlyDependOnLibsWithTags: ['scope:portal', 'scope:shared'] },
  { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['scope:cli', 'scope:shared'] },
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:ui', 'type:util', 'type:domain'],
  },
  {
    sourceTag: 'type:feature',
    onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:ui', 'type:util', 'type:domain'],
  },
  {
    sourceTag: 'type:data-access',
    onlyDependOnLibsWithTags: ['type:data-access', 'type:util', 'type:domain'],
  },
  { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:ui', 'type:util', 'type:domain'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:domain'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:util'] },
];

const processEnvRule = {
  selector: "MemberExpression[object.name='process'][property.name='env']",
  message: 'Read configuration through AppConfig (libs/api/util-config), not process.env.',
};

/** Every type, interface and const the API contract exports: the portal imports them, it never declares them. */
const contractDir = new URL('./libs/shared/util-api-contract/src/', import.meta.url);
const contractNames = readdirSync(contractDir)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
  .flatMap((file) =>
    [
      ...readFileSync(new URL(file, contractDir), 'utf8').matchAll(
        /^export (?:type|interface|const) (\w+)/gm,
      ),
    ].map((match) => match[1]),
  );
const contractNamePattern = `/^(${contractNames.join('|')})$/`;
const contractCopyRule = {
  selector: [
    `TSTypeAliasDeclaration[id.name=${contractNamePattern}]`,
    `TSInterfaceDeclaration[id.name=${contractNamePattern}]`,
    `TSEnumDeclaration[id.name=${contractNamePattern}]`,
    `VariableDeclarator[id.name=${contractNamePattern}]`,
  ].join(', '),
  message:
    'The API contract declares this: import it from @sdilna/shared/util-api-contract instead of copying.',
};
/** Node builtins, bare (`fs`) and prefixed (`node:fs`): a domain library computes, it reads no disk or network. */
const nodeBuiltinPattern = `^(node:.*|(${builtinModules.filter((name) => !name.startsWith('_')).join('|')})(/.*)?)$`;

/**
 * Domain libraries are pure (architecture.md): no framework, persistence, rendering or Node I/O package. Their
 * specs may read fixtures from disk, so the spec files get the constraints without this ban (below).
 */
const domainBannedImports = [
  '@nestjs/*',
  'typeorm',
  'typeorm/*',
  '@angular/*',
  'node:*',
  'pdfkit',
  'qrcode',
  'pg',
  'ioredis',
  'bullmq',
];
const productionDepConstraints = depConstraints.map((constraint) =>
  constraint.sourceTag === 'type:domain'
    ? { ...constraint, bannedExternalImports: domainBannedImports }
    : constraint,
);
const moduleBoundaries = (constraints) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: constraints,
    banTransitiveDependencies: false,
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules',
      '**/dist',
      '**/.nx',
      '**/.angular',
      '**/.data',
      '**/coverage',
      'test-results',
      'tmp',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries(productionDepConstraints),
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false },
      ],
      '@typescript-eslint/ban-ts-comment': [
        'error',
        { 'ts-ignore': true, 'ts-nocheck': true, 'ts-expect-error': 'allow-with-description' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      // With noUncheckedIndexedAccess, typed-array hot loops index within proven bounds; `!` states that.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', processEnvRule],
    },
  },
  {
    // The configuration class, orchestration tools, tests and benchmarks decide environments themselves.
    files: [
      'libs/api/util-config/**',
      'apps/*/src/main.ts',
      'tools/**',
      'test/**',
      'bench/**',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      'vitest.config.ts',
      'apps/cli/**',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // bannedExternalImports only sees npm packages of the project graph, so Node builtins (`node:fs`, `fs`) are
    // banned from the domain libraries by path as well.
    files: ['libs/*/domain-*/src/**/*.ts'],
    // Specs and their helpers (`testing.ts`, `*.testing.ts`: the `…/testing` entry, never the main one) may read
    // fixtures from disk.
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/testing.ts', '**/*.testing.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: nodeBuiltinPattern,
              message:
                'A domain library does no Node I/O (architecture.md); put it in a util or data-access library.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests of a domain library and their helpers (the `…/testing` entry) may read their fixtures from disk; the
    // tag constraints still hold for them.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/testing.ts', '**/*.testing.ts'],
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries(depConstraints) },
  },
  {
    files: ['apps/portal/**/*.ts', 'libs/portal/**/*.ts'],
    extends: [...angular.configs.tsRecommended],
    processor: angular.processInlineTemplates,
    rules: {
      '@angular-eslint/directive-selector': [
        'error',
        { type: 'attribute', prefix: 'sd', style: 'camelCase' },
      ],
      '@angular-eslint/component-selector': ['error', { type: 'element', prefix: 'sd', style: 'kebab-case' }],
      '@angular-eslint/prefer-on-push-component-change-detection': 'error',
      'no-restricted-syntax': ['error', processEnvRule, contractCopyRule],
    },
  },
  {
    files: ['apps/portal/**/*.html', 'libs/portal/**/*.html'],
    extends: [...angular.configs.templateRecommended, ...angular.configs.templateAccessibility],
  },
  prettier,
);
