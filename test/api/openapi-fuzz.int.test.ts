/**
 * The API against requests generated from its own OpenAPI document: schemathesis (pinned in
 * local/requirements.txt, run from .venv) fuzzes every operation of local mode's real API — real
 * services on DynamoDB Local and moto, checkers and controllers running — with all its checks: no
 * 5xx, every status and content type documented, responses that match their schemas, invalid input
 * rejected, valid input accepted (test/api/schemathesis.toml lists the two deliberate exceptions).
 * The count is bounded (`FUZZ_EXAMPLES` per operation and phase, fixed seed); the recorded traffic
 * is summarized in test-output/openapi-fuzz.json.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../lambdas/config';
import { PROJECT_ROOT } from '../../local/connection-file';
import { startLocalMode, type LocalMode } from '../../local/local-mode';
import { useEmulators } from '../support/emulators';
import { fastConfig } from '../local/helpers';

const SCHEMATHESIS = join(PROJECT_ROOT, '.venv', 'bin', 'st');
const EXAMPLES = Number(process.env.FUZZ_EXAMPLES ?? 10);

const ctx = useEmulators();
let local: LocalMode;

beforeAll(async () => {
  local = await startLocalMode({ config: parseConfig(fastConfig({ service: 'fuzz-api' })), clients: ctx.clients, port: 0, log: () => undefined });
});
afterAll(async () => {
  await local?.stop();
});

interface HarEntry {
  readonly request: { readonly method: string; readonly url: string };
  readonly response: { readonly status: number; readonly content?: { readonly text?: string } };
}

function runSchemathesis(args: readonly string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    // cwd: schemathesis keeps a cache directory (.schemathesis/) where it runs.
    execFile(SCHEMATHESIS, args, { cwd, timeout: 240_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

test('requests generated from GET /openapi.json: no 500 anywhere, every 5xx is the documented 503 health signal, and every check conforms', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-fuzz-'));
  const har = join(dir, 'traffic.har.json');
  const run = await runSchemathesis(
    [
      '--config-file',
      join(__dirname, 'schemathesis.toml'),
      'run',
      `${local.url}/openapi.json`,
      '--header',
      `Authorization: Bearer ${local.token}`,
      '--max-examples',
      String(EXAMPLES),
      '--seed',
      '1',
      '--workers',
      '1',
      '--report',
      'har',
      '--report-har-path',
      har,
      '--warnings',
      'off',
    ],
    dir,
  );
  const entries = (JSON.parse(readFileSync(har, 'utf8')) as { log: { entries: HarEntry[] } }).log.entries;
  const byStatus: Record<string, number> = {};
  for (const e of entries) byStatus[e.response.status] = (byStatus[e.response.status] ?? 0) + 1;
  const serverErrors = entries.filter((e) => e.response.status >= 500);
  const summary = {
    tool: 'schemathesis 4.32.5',
    examplesPerOperation: EXAMPLES,
    seed: 1,
    operations: Object.values(((await (await fetch(`${local.url}/openapi.json`)).json()) as { paths: Record<string, object> }).paths).reduce((n, ops) => n + Object.keys(ops).length, 0),
    requests: entries.length,
    byStatus,
    status5xx: serverErrors.length,
    status500: serverErrors.filter((e) => e.response.status === 500).length,
  };
  mkdirSync(join(PROJECT_ROOT, 'test-output'), { recursive: true });
  writeFileSync(join(PROJECT_ROOT, 'test-output', 'openapi-fuzz.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`openapi fuzz: ${JSON.stringify(summary)}`);

  expect({ code: run.code, tail: run.code === 0 ? '' : run.output.slice(-6000) }).toEqual({ code: 0, tail: '' });
  expect(entries.length).toBeGreaterThan(200);
  expect(summary.status500).toBe(0);
  // The only 5xx: GET /signal/{region} answering "do not route here" for a standby region.
  for (const e of serverErrors) {
    expect([e.request.method, new URL(e.request.url).pathname.startsWith('/signal/'), e.response.status]).toEqual(['GET', true, 503]);
    expect(JSON.parse(e.response.content?.text ?? '{}')).toMatchObject({ healthy: false });
  }
}, 300_000);
