/**
 * `npm run bench -- bundle`: for each Lambda handler, the bundle size with the exact esbuild options
 * the stacks use (`lib/constructs/bundling.ts`), and the cold module-init time — `require()` of the
 * bundle in a fresh Node process with the environment the stacks set — median of 10 runs.
 * Baselines measured in the same run: an empty module (ratio `<name>_init_over_baseline`), and the
 * AWS SDK v3 clients the handlers use (external to the bundles, loaded from the runtime on Lambda) —
 * the part of init time the bundle itself cannot shrink.
 * Goals: ≤ 300 KB and ≤ 150 ms per handler.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '../lambdas/config';
import { HANDLER_NAMES, REPO_ROOT, esbuildOptions } from '../lib/constructs/bundling';
import { handlerEnvironment, type HandlerRole } from '../lib/constructs/handler-env';
import { median } from './support/stats';

const RUNS = 10;
/** What `lambdas/platform/aws-clients.ts` loads. */
const SDK_PACKAGES = ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/client-route-53', '@aws-sdk/client-cloudwatch', '@aws-sdk/client-sns'];
const GOAL_BYTES = 300 * 1024;
const GOAL_INIT_MS = 150;

/** Times `require(file)` in a fresh process; the SDK (external, as on Lambda) resolves from node_modules. */
function initMs(file: string, env: Record<string, string>): number {
  const script = `const t=performance.now();require(${JSON.stringify(file)});process.stdout.write(String(performance.now()-t));`;
  const out = execFileSync(process.execPath, ['-e', script], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_PATH: join(REPO_ROOT, 'node_modules'), AWS_REGION: env.FAILOVER_REGION ?? 'us-east-1', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return Number(out);
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bundle-'));
  const config = loadConfigFile(join(REPO_ROOT, 'failover.config.json'));
  const results: Record<string, unknown> = {};
  try {
    const empty = join(dir, 'empty.js');
    writeFileSync(empty, '');
    const baseline = median(Array.from({ length: RUNS }, () => initMs(empty, { NODE_OPTIONS: '--enable-source-maps' })));
    results.baseline_init_ms = baseline;
    const sdk = join(dir, 'sdk.js');
    writeFileSync(sdk, SDK_PACKAGES.map((p) => `require(${JSON.stringify(p)});`).join('\n'));
    results.sdk_baseline_init_ms = median(Array.from({ length: RUNS }, () => initMs(sdk, {})));
    for (const name of HANDLER_NAMES) {
      const outfile = join(dir, name, 'index.js');
      await build({ ...esbuildOptions(name, outfile), logLevel: 'silent' });
      const role: HandlerRole = name;
      const env = handlerEnvironment({
        config,
        role,
        region: 'us-east-1',
        tableRegion: 'us-east-1',
        topicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
      });
      const bytes = statSync(outfile).size;
      const init = median(Array.from({ length: RUNS }, () => initMs(outfile, env)));
      results[`${name}_bytes`] = bytes;
      results[`${name}_init_ms`] = init;
      results[`${name}_init_over_baseline`] = init / baseline;
      results[`${name}_meets_goals`] = bytes <= GOAL_BYTES && init <= GOAL_INIT_MS;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  results.settings = {
    runs_per_median: RUNS,
    goal_bytes: GOAL_BYTES,
    goal_init_ms: GOAL_INIT_MS,
    esbuild: esbuildOptions('checker', 'index.js'),
    note: 'bytes = minified index.js (source map excluded); init = require() in a fresh node with NODE_OPTIONS=--enable-source-maps; @aws-sdk/* is external (provided by the Lambda runtime) and resolved from node_modules',
  };
  return results;
}
