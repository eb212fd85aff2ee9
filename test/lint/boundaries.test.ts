/**
 * The layering rules of eslint.config.mjs (docs/architecture.md) fail `npm run lint` on a forbidden
 * import: each case lints one import line as if it stood in the given file.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/*
 * ESLint's flat config is an ES module, which jest's CommonJS runtime cannot load: the cases are
 * linted in one plain node process through ESLint's API, exactly as `npm run lint` loads the config.
 */
const LINT_CASES = `
const { ESLint } = require('eslint');
const { configs } = require('typescript-eslint');
const cases = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
(async () => {
  // The cases stand in files that do not exist, which no TypeScript program holds: lint them without types.
  const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: configs.disableTypeChecked });
  const out = [];
  for (const [filePath, source] of cases) {
    const [result] = await eslint.lintText("import { x } from '" + source + "';\\nexport const y = x;\\n", { filePath });
    out.push(result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message));
  }
  process.stdout.write(JSON.stringify(out));
})();
`;

function lintImports(cases: readonly (readonly [string, string])[]): string[][] {
  return JSON.parse(execFileSync(process.execPath, ['-e', LINT_CASES], { cwd: ROOT, input: JSON.stringify(cases), encoding: 'utf8' })) as string[][];
}

const FORBIDDEN: readonly [string, string, string, RegExp][] = [
  ['pure rules import no SDK', 'lambdas/health/rules/new-rule.ts', '@aws-sdk/client-dynamodb', /no I\/O/],
  ['pure rules import no node: I/O module', 'lambdas/failover/rules/new-rule.ts', 'node:fs', /no I\/O/],
  ["pure rules import not their own feature's adapters", 'lambdas/health/rules/new-rule.ts', '../dynamodb-observation-store', /only other pure rules/],
  ['a lower feature does not import a higher one', 'lambdas/health/new-file.ts', '../failover', /must not import/],
  ['a feature does not reach inside another feature', 'lambdas/failover/new-file.ts', '../health/quorum-verdicts', /through its index/],
  ['a feature does not import the API', 'lambdas/failover/new-file.ts', '../api/app', /must not import/],
  ['nothing under lambdas imports local mode', 'lambdas/api/new-file.ts', '../../local/wiring', /never imports local/],
  ['the platform does not import a feature', 'lambdas/platform/new-file.ts', '../coordination', /must not import/],
  ['lib/ imports only config, table definitions and names', 'lib/constructs/new-construct.ts', '../../lambdas/failover', /lib\/ imports from lambdas\/ only/],
  ['the topology rules do no I/O', 'lambdas/platform/topology/new-rule.ts', 'node:fs', /no I\/O/],
  ['the topology rules import no platform adapter', 'lambdas/platform/topology/new-rule.ts', '../aws-clients', /only config and each other/],
];

const ALLOWED: readonly [string, string, string][] = [
  ['a feature imports a lower feature through its index', 'lambdas/failover/new-file.ts', '../health'],
  ["pure rules import another feature's rules", 'lambdas/failover/rules/new-rule.ts', '../../health/rules'],
  ['pure rules import config', 'lambdas/failover/rules/new-rule.ts', '../../config/schema'],
  ['lib/ imports the table definitions', 'lib/constructs/new-construct.ts', '../../lambdas/platform/tables'],
  ['lib/ imports the topology rules (synth refuses a topology that cannot survive a region loss)', 'lib/app.ts', '../lambdas/platform/topology'],
];

describe('import boundaries', () => {
  let results: string[][] = [];
  beforeAll(() => {
    results = lintImports([...FORBIDDEN, ...ALLOWED].map(([, file, source]) => [file, source] as const));
  }, 60_000);

  test.each(FORBIDDEN.map((c, i) => [...c, i] as const))('%s', (_name, _file, _source, message, i) => {
    expect(results[i]).toEqual([expect.stringMatching(message)]);
  });

  test.each(ALLOWED.map((c, i) => [...c, FORBIDDEN.length + i] as const))('allows: %s', (_name, _file, _source, i) => {
    expect(results[i]).toEqual([]);
  });
});
