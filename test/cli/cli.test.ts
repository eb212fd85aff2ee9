/** CLI: every command against the real app (fake services) on 127.0.0.1; output and exit codes. */
import { execFile } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createApp } from '../../lambdas/api/app';
import { runCli } from '../../cli/main';
import { EXIT } from '../../cli/errors';
import { serveApp, type ServedApp } from '../../local/serve';
import { fakeServices } from '../api/fake-services';

const TOKEN = 'cli-test-token';
let served: ServedApp;
let env: NodeJS.ProcessEnv;
const noConnectionFile = join(mkdtempSync(join(tmpdir(), 'failover-cli-')), 'none.json');

beforeAll(async () => {
  served = await serveApp(createApp(fakeServices({ demo: true }), { auth: { kind: 'bearer', token: TOKEN } }), { port: 0 });
  env = { FAILOVER_API_URL: served.url, FAILOVER_TOKEN: TOKEN, FAILOVER_CONNECTION_FILE: noConnectionFile };
});
afterAll(() => served.close());

async function cli(argv: string[], overrides: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { env: { ...env, ...overrides }, out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

describe('failover CLI', () => {
  test('status prints a table; --json prints the API body', async () => {
    const human = await cli(['status']);
    expect(human.code).toBe(EXIT.ok);
    expect(human.out).toMatch(/active\s+us-east-1/);
    expect(human.out).toMatch(/leader\s+controller-us-east-1 \(term 3\)/);
    expect(human.out).toMatch(/REGION\s+VERDICT\s+ACTIVE\s+WEIGHT\s+CHECKERS/);
    expect(human.out).toMatch(/us-west-2\s+UP\s+no\s+0%\s+eu-west-1:UP/);
    const json = await cli(['status', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ service: 'shop-api', routingTableVersion: 7 });
  });

  test('failover --to, failback, and their refusals', async () => {
    const moved = await cli(['failover', '--to', 'us-west-2', '--reason', 'drill']);
    expect(moved).toMatchObject({ code: EXIT.ok });
    expect(moved.out).toContain('traffic moved to us-west-2 (active: us-west-2)');
    const unknown = await cli(['failover', '--to', 'eu-west-3']);
    expect(unknown.code).toBe(EXIT.rejected);
    expect(unknown.err).toMatch(/HTTP 400: invalid request: body\.to: expected one of the app regions/);
    expect((await cli(['failover'])).code).toBe(EXIT.usage);
    const back = await cli(['failback', '--reason', 'drill over']);
    expect(back.code).toBe(EXIT.ok);
    expect(back.out).toContain('active: us-east-1');
  });

  test('pin and unpin; unpin with nothing pinned is refused', async () => {
    const pinned = await cli(['pin', 'us-west-2', '--reason', 'maintenance']);
    expect(pinned.code).toBe(EXIT.ok);
    expect(pinned.out).toContain('pinned to us-west-2');
    expect((await cli(['status'])).out).toMatch(/pin\s+us-west-2: maintenance/);
    expect((await cli(['unpin'])).code).toBe(EXIT.ok);
    const again = await cli(['unpin', '--json']);
    expect(again.code).toBe(EXIT.rejected);
    expect(JSON.parse(again.out)).toMatchObject({ error: 'conflict' });
    expect((await cli(['pin'])).code).toBe(EXIT.usage);
    expect((await cli(['history', '--limit', 'many'])).code).toBe(EXIT.usage);
  });

  test('history lists the audit trail newest first', async () => {
    const res = await cli(['history', '--limit', '2']);
    expect(res.code).toBe(EXIT.ok);
    expect(res.out).toMatch(/TIME\s+ACTION\s+TERM\s+ACTOR\s+WHAT/);
    expect(res.out).toMatch(/unpin/);
    expect(res.out).toMatch(/more: --cursor \d+/);
  });

  test('locks acquire, show, renew, release; a held lock is exit 3', async () => {
    const got = await cli(['locks', 'acquire', 'batch', '--owner', 'me', '--lease-ms', '5000', '--json']);
    expect(got.code).toBe(EXIT.ok);
    const token = (JSON.parse(got.out) as { token: number }).token;
    expect((await cli(['locks', 'show', 'batch'])).out).toContain(`lock batch: held by me (token ${token}`);
    const held = await cli(['locks', 'acquire', 'batch', '--owner', 'you']);
    expect(held.code).toBe(EXIT.rejected);
    expect(held.err).toMatch(/held by me/);
    const renewed = await cli(['locks', 'renew', 'batch', '--token', String(token)]);
    expect(renewed.err).toBe('');
    expect(renewed.out).toMatch(/renewed lock batch: token \d+/);
    expect((await cli(['locks', 'release', 'batch', '--token', String(token)])).out).toContain('lock batch: free');
    expect((await cli(['locks', 'release', 'batch'])).code).toBe(EXIT.usage);
    expect((await cli(['locks', 'explode', 'batch'])).code).toBe(EXIT.usage);
  });

  test('demo break|heal|slow|flap switch a backend', async () => {
    for (const [action, mode] of [['break', 'down'], ['slow', 'slow'], ['flap', 'flapping'], ['heal', 'healthy']] as const) {
      const res = await cli(['demo', action, 'us-west-2']);
      expect(res.code).toBe(EXIT.ok);
      expect(res.out).toContain(`demo backend us-west-2 is now ${mode}`);
    }
    expect((await cli(['demo', 'melt', 'us-west-2'])).code).toBe(EXIT.usage);
    expect((await cli(['demo', 'break', 'eu-west-3'])).code).toBe(EXIT.rejected);
  });

  test('exit codes: bad token 5, unreachable 4, usage 2, no target 4', async () => {
    const bad = await cli(['failback'], { FAILOVER_TOKEN: 'wrong' });
    expect(bad.code).toBe(EXIT.auth);
    expect(bad.err).toMatch(/401/);
    const closed = await serveApp(createApp(fakeServices(), { auth: { kind: 'bearer', token: TOKEN } }), { port: 0 });
    await closed.close();
    const down = await cli(['status'], { FAILOVER_API_URL: closed.url });
    expect(down.code).toBe(EXIT.unreachable);
    expect(down.err).toMatch(/cannot reach .*ECONNREFUSED.*npm run local/);
    expect((await cli(['frobnicate'])).code).toBe(EXIT.usage);
    expect((await cli(['status', '--bogus'])).code).toBe(EXIT.usage);
    expect((await cli([])).code).toBe(EXIT.usage);
    expect((await cli(['--help'])).code).toBe(EXIT.ok);
    expect((await cli(['status'], { FAILOVER_API_URL: undefined })).code).toBe(EXIT.unreachable);
  });

  test('finds local mode through its connection file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'failover-cli-')), 'local-api.json');
    writeFileSync(file, JSON.stringify({ url: served.url, token: TOKEN, pid: 1, startedAt: '' }));
    const res = await cli(['failback'], { FAILOVER_API_URL: undefined, FAILOVER_TOKEN: undefined, FAILOVER_CONNECTION_FILE: file });
    expect(res.code).toBe(EXIT.ok);
  });

  test('a deployed (non-local) URL without a token is SigV4-signed with the AWS credential chain', async () => {
    let seen: IncomingHttpHeaders = {};
    const server = createServer((req, res) => {
      seen = req.headers;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ accepted: true, message: 'ok' }));
    });
    // 127.0.0.2 is loopback on Linux but not "local mode" to the CLI, so it signs.
    await new Promise<void>((r) => server.listen(0, '127.0.0.2', r));
    try {
      const url = `http://127.0.0.2:${(server.address() as AddressInfo).port}/v1`;
      const res = await cli(['failback'], { FAILOVER_API_URL: url, FAILOVER_TOKEN: undefined, AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'SESSION' });
      expect(res.code).toBe(EXIT.ok);
      expect(seen.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=.*host.*, Signature=[0-9a-f]{64}$/);
      expect(seen['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
      expect(seen['x-amz-security-token']).toBe('SESSION');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  test('bin/failover-cli.js runs the TypeScript CLI and passes the exit code on', async () => {
    const run = promisify(execFile);
    const ok = await run(process.execPath, [join(__dirname, '..', '..', 'bin', 'failover-cli.js'), 'status'], { env: { ...process.env, ...env } });
    expect(ok.stdout).toMatch(/REGION\s+VERDICT/);
    await expect(run(process.execPath, [join(__dirname, '..', '..', 'bin', 'failover-cli.js'), 'nope'], { env: { ...process.env, ...env } })).rejects.toMatchObject({ code: EXIT.usage });
    // Two fresh node processes that compile TypeScript on the fly: seconds on a loaded 2-core machine.
  }, 30_000);
});
