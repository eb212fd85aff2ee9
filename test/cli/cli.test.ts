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
import { fakeServices, type FakeServices } from '../api/fake-services';

const TOKEN = 'cli-test-token';
let served: ServedApp;
let services: FakeServices;
let env: NodeJS.ProcessEnv;
const noConnectionFile = join(mkdtempSync(join(tmpdir(), 'failover-cli-')), 'none.json');

beforeAll(async () => {
  services = fakeServices({ demo: true });
  served = await serveApp(createApp(services, { auth: { kind: 'bearer', token: TOKEN } }), { port: 0 });
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
    expect(human.out).toMatch(/leader\s+controller-us-east-1, term #2 \(began 2024-12-01 07:40:00Z\)$/m);
    expect(human.out).toMatch(/REGION\s+VERDICT\s+ACTIVE\s+WEIGHT\s+CHECKERS/);
    expect(human.out).toMatch(/us-west-2\s+UP\s+no\s+0%\s+eu-west-1:UP/);
    const json = await cli(['status', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ service: 'shop-api', routingTableVersion: 7, leader: { term: 1_733_038_800_000, termNumber: 2 } });
  });

  test('failover --to moves traffic; failback returns it', async () => {
    const moved = await cli(['failover', '--to', 'us-west-2', '--reason', 'drill']);
    expect(moved).toMatchObject({ code: EXIT.ok });
    expect(moved.out).toContain('traffic moved to us-west-2 (active: us-west-2)');
    const back = await cli(['failback', '--reason', 'drill over']);
    expect(back.code).toBe(EXIT.ok);
    expect(back.out).toContain('active: us-east-1');
  });

  test('failback while the preferred region is not UP says which region is what and when it could be UP, exit 3; --force overrides', async () => {
    await cli(['failover', '--to', 'us-west-2', '--reason', 'drill']);
    services.state.down.add('us-east-1');
    try {
      const refused = await cli(['failback', '--reason', 'too early']);
      expect(refused.code).toBe(EXIT.rejected);
      expect(refused.out).toBe('');
      expect(refused.err).toMatch(/HTTP 409: refused failback: us-east-1 is DOWN/);
      expect(refused.err).toMatch(/REGION\s+VERDICT\s+SERVING\s+CHECKERS UP\s+UP IN/);
      expect(refused.err).toMatch(/us-east-1\s+DOWN\s+no\s+1 \(need 2\)\s+about 10 s/);
      expect(refused.err).toMatch(/us-west-2\s+UP\s+yes\s+3 \(need 2\)\s+UP now/);
      expect(refused.err).toContain('--force');
      const json = await cli(['failback', '--reason', 'too early', '--json']);
      expect(JSON.parse(json.out)).toMatchObject({
        error: 'conflict',
        details: { problem: 'not-ready', regions: [{ region: 'us-east-1', verdict: 'DOWN', upInSeconds: 10 }, { region: 'us-west-2' }] },
      });
      const toDown = await cli(['failover', '--to', 'us-east-1', '--reason', 'drill']);
      expect(toDown.code).toBe(EXIT.rejected);
      expect(toDown.err).toMatch(/us-east-1\s+DOWN/);
      const forced = await cli(['failback', '--reason', 'accept the risk', '--force']);
      expect(forced.code).toBe(EXIT.ok);
      expect(services.calls.at(-1)).toEqual({ method: 'failback', args: { reason: 'accept the risk', force: true, actor: 'local-operator' } });
    } finally {
      services.state.down.delete('us-east-1');
    }
  });

  test('usage errors exit 2 and say what to type: missing --reason, a region without --to, unknown regions with the known ones', async () => {
    const before = services.calls.length;
    const noReason = await cli(['failover', '--to', 'us-west-2']);
    expect(noReason.code).toBe(EXIT.usage);
    expect(noReason.err).toMatch(/--reason is required/);
    for (const argv of [['failback'], ['unpin'], ['pin', 'us-west-2']]) expect((await cli(argv)).code).toBe(EXIT.usage);
    const bare = await cli(['failover', 'us-west-2', '--reason', 'x']);
    expect(bare.code).toBe(EXIT.usage);
    expect(bare.err).toContain('give the target region as --to: failover failover --to us-west-2');
    const unknown = await cli(['failover', '--to', 'us-west-3', '--reason', 'x']);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.err).toContain('unknown region "us-west-3"; this service\'s regions are us-east-1, us-west-2; did you mean us-west-2?');
    expect((await cli(['pin', 'eu-central-1', '--reason', 'x'])).err).toMatch(/regions are us-east-1, us-west-2/);
    expect((await cli(['failover'])).code).toBe(EXIT.usage);
    // Nothing reached the operator port.
    expect(services.calls.length).toBe(before);
  });

  test('pin and unpin; unpin with nothing pinned is refused', async () => {
    const pinned = await cli(['pin', 'us-west-2', '--reason', 'maintenance']);
    expect(pinned.code).toBe(EXIT.ok);
    expect(pinned.out).toContain('pinned to us-west-2');
    expect((await cli(['status'])).out).toMatch(/pin\s+us-west-2: maintenance/);
    expect((await cli(['unpin', '--reason', 'done'])).code).toBe(EXIT.ok);
    const again = await cli(['unpin', '--reason', 'again', '--json']);
    expect(again.code).toBe(EXIT.rejected);
    expect(JSON.parse(again.out)).toMatchObject({ error: 'conflict' });
    expect((await cli(['pin', '--reason', 'x'])).code).toBe(EXIT.usage);
  });

  test('history shows each entry with its whole reason wrapped, its term readably and the flip timeline; --json carries the same', async () => {
    const long = `drill ${'with a long explanation '.repeat(12)}end`;
    await cli(['failover', '--to', 'us-west-2', '--reason', long]);
    const res = await cli(['history', '--limit', '2']);
    expect(res.code).toBe(EXIT.ok);
    expect(res.out).toMatch(/^\d{4}-\d\d-\d\dT[\d:]+Z {2}failover {2}us-east-1 -> us-west-2$/m);
    expect(res.out).toContain('by local-operator, term #2');
    // The whole reason, wrapped (no line over the width), nothing cut off.
    const lines = res.out.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(
      lines
        .filter((l) => l.startsWith('  '))
        .join(' ')
        .replace(/\s+/g, ' '),
    ).toContain(`reason: ${long}`);
    expect(res.out).toMatch(/timeline: intent \d\d:\d\d:\d\d\.\d{3}Z, applied \+5 ms, completed \+35 ms \(0\.0 s in all\)/);
    expect(res.out).toMatch(/older entries: failover history --cursor \S+/);
    const json = JSON.parse((await cli(['history', '--limit', '1', '--json'])).out) as { items: { reason: string; timings: unknown }[] };
    expect(json.items[0]).toMatchObject({
      term: 1_733_038_800_000,
      termNumber: 2,
      reason: long,
      timings: { intentAt: expect.any(Number), appliedAt: expect.any(Number), completedAt: expect.any(Number) },
    });
  });

  test.each([
    [['history', '--limit', '0'], /--limit expects a whole number from 1 to 200, got "0"/],
    [['history', '--limit', 'many'], /--limit expects a whole number from 1 to 200/],
    [['history', '--limit'], /--limit needs a value/],
    [['statsu'], /unknown command "statsu"; did you mean status\?/],
    [['frobnicate'], /unknown command "frobnicate"; run failover --help/],
    [['status', '--jsn'], /unknown option --jsn for failover status; did you mean --json\?; see failover status --help/],
    [['failover', '--to', 'us-west-2', '--reasn', 'x'], /unknown option --reasn for failover failover; did you mean --reason\?/],
    [['failback', '--reason', 'x', '--force=yes'], /--force takes no value/],
    [['locks', 'aquire', 'batch'], /unknown locks action "aquire".*did you mean acquire\?/],
    [['demo', 'brake', 'us-east-1'], /did you mean break\?/],
    [['status', 'extra'], /unexpected argument "extra" for failover status/],
  ])('%j is a usage error (exit 2) that says what is wrong', async (argv, message) => {
    const res = await cli(argv);
    expect(res.code).toBe(EXIT.usage);
    expect(res.err).toMatch(message);
    expect(res.err).not.toMatch(/-- "/);
  });

  test('every command has its own --help; failover help <command> says the same', async () => {
    const general = await cli(['--help']);
    expect(general.code).toBe(EXIT.ok);
    for (const name of ['status', 'failover', 'failback', 'pin', 'unpin', 'history', 'locks', 'demo', 'ui']) {
      expect(general.out).toContain(`  ${name} `);
      const own = await cli([name, '--help']);
      expect(own.code).toBe(EXIT.ok);
      expect(own.out).toMatch(new RegExp(`^failover ${name} — `));
      expect((await cli(['help', name])).out).toBe(own.out);
    }
    expect((await cli(['failover', '--help'])).out).toMatch(/--force\s+skip the readiness gate/);
    expect((await cli(['help', 'statsu'])).err).toMatch(/did you mean status\?/);
  });

  test('locks acquire (token and a lease secret shown once), show, renew and release with the secret; a held lock is exit 3', async () => {
    const got = await cli(['locks', 'acquire', 'batch', '--owner', 'me', '--lease-ms', '5000', '--json']);
    expect(got.code).toBe(EXIT.ok);
    const { token, leaseSecret } = JSON.parse(got.out) as { token: number; leaseSecret: string };
    const shown = await cli(['locks', 'show', 'batch']);
    expect(shown.out).toContain(`lock batch: held by me (token ${token}`);
    expect(shown.out).not.toContain(leaseSecret);
    const held = await cli(['locks', 'acquire', 'batch', '--owner', 'you']);
    expect(held.code).toBe(EXIT.rejected);
    expect(held.err).toMatch(/held by me/);
    expect((await cli(['locks', 'renew', 'batch', '--token', String(token)])).err).toMatch(/needs --token <n> and --secret <s>/);
    expect((await cli(['locks', 'renew', 'batch', '--token', String(token), '--secret', 'y'.repeat(43)])).code).toBe(EXIT.rejected);
    const renewed = await cli(['locks', 'renew', 'batch', '--token', String(token), '--secret', leaseSecret]);
    expect(renewed.err).toBe('');
    expect(renewed.out).toMatch(/renewed lock batch: token \d+/);
    expect((await cli(['locks', 'release', 'batch', '--token', String(token), '--secret', leaseSecret])).out).toContain('lock batch: free');
    expect((await cli(['locks', 'release', 'batch'])).code).toBe(EXIT.usage);
    expect((await cli(['locks', 'explode', 'batch'])).code).toBe(EXIT.usage);
    expect((await cli(['locks', 'acquire', 'batch', '--lease-ms', '10'])).err).toMatch(/--lease-ms expects a whole number from 1000 to 300000/);
    const human = await cli(['locks', 'acquire', 'other', '--owner', 'me']);
    expect(human.out).toMatch(/lease secret [A-Za-z0-9_-]{43}\n\(shown only now/);
  });

  test('demo break|heal|slow|flap switch a backend', async () => {
    for (const [action, mode] of [
      ['break', 'down'],
      ['slow', 'slow'],
      ['flap', 'flapping'],
      ['heal', 'healthy'],
    ] as const) {
      const res = await cli(['demo', action, 'us-west-2']);
      expect(res.code).toBe(EXIT.ok);
      expect(res.out).toContain(`demo backend us-west-2 is now ${mode}`);
    }
    expect((await cli(['demo', 'melt', 'us-west-2'])).code).toBe(EXIT.usage);
    expect((await cli(['demo', 'break', 'eu-west-3'])).code).toBe(EXIT.usage);
  });

  test('exit codes: bad token 5, unreachable 4, usage 2, no target 4', async () => {
    const bad = await cli(['failback', '--reason', 'x'], { FAILOVER_TOKEN: 'wrong' });
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
    const res = await cli(['failback', '--reason', 'x'], { FAILOVER_API_URL: undefined, FAILOVER_TOKEN: undefined, FAILOVER_CONNECTION_FILE: file });
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
      const res = await cli(['failback', '--reason', 'x'], {
        FAILOVER_API_URL: url,
        FAILOVER_TOKEN: undefined,
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIDTEST',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'SESSION',
      });
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
