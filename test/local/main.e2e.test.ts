/**
 * `npm run local` as a user runs it: local/main.ts as a child process with its own emulators, a
 * config file from FAILOVER_CONFIG and PORT=0, each simulated region in its own processes. The CLI
 * finds it through the connection file; a flip in health-signal mode shows on the signal
 * endpoints; Ctrl-C (SIGINT) leaves no process — not one of the regions' either.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../cli/main';
import { answerData, queryDns } from '../../local/route53/dns-client';
import { fastConfig, getStatus, waitFor, writeTempConfig } from './helpers';
import { isAlive } from '../support/processes';

const ROOT = join(__dirname, '..', '..');
const connectionFile = join(mkdtempSync(join(tmpdir(), 'failover-main-')), 'local-api.json');
let child: ChildProcess | undefined;
let output = '';

function exited(proc: ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(proc.exitCode);
  return new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
}

afterAll(async () => {
  // Only if the test failed half-way: never leave local mode running.
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGINT');
    await exited(child);
  }
});

test('starts everything, prints URL and token, and Ctrl-C stops every process it started', async () => {
  const config = writeTempConfig(fastConfig({ service: 'main-e2e', dns: { hostedZoneName: 'e2e.example.com', recordName: 'api.e2e.example.com', flipMode: 'health-signal' } }));
  child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'local', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DNS_PORT: '0', FAILOVER_CONFIG: config, FAILOVER_CONNECTION_FILE: connectionFile, NODE_NO_WARNINGS: undefined },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const proc = child;
  await waitFor(
    'local mode to be ready',
    async () => output,
    (o) => o.includes('Press Ctrl-C') || proc.exitCode !== null,
    120_000,
  );
  expect(output).toContain('Press Ctrl-C');

  const url = /status page\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1];
  const token = /operator token\s+(\S+)/.exec(output)?.[1];
  // Labelled: which process is which, and how to stop them all.
  const labelled = /processes\s+local mode (\d+) \(kill -INT (\d+) stops everything\), DynamoDB Local (\d+), moto server (\d+)/.exec(output);
  expect(labelled).not.toBeNull();
  const [, self, killTarget, dynamodb, moto] = labelled!.map(Number);
  expect(self).toBe(proc.pid);
  expect(killTarget).toBe(proc.pid);
  const pids = [self!, dynamodb!, moto!];
  expect(url).toBeDefined();
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  // A checker, controller and API per simulated region, each its own process.
  const regionPids = (/region procs\s+([\d ]+)/.exec(output)?.[1] ?? '').trim().split(' ').map(Number);
  expect(regionPids).toHaveLength(3 * 3);
  pids.push(...regionPids);
  expect(pids.every(isAlive)).toBe(true);
  expect(existsSync(connectionFile)).toBe(true);

  // The CLI finds local mode through the connection file alone.
  let cliOut = '';
  const env = { FAILOVER_CONNECTION_FILE: connectionFile };
  const io = { env, out: (t: string) => (cliOut += t), err: (t: string) => (cliOut += t) };
  await waitFor(
    'both regions UP',
    () => getStatus(url!),
    (s) => s.regions.every((r) => r.verdict === 'UP'),
  );
  // `dig @127.0.0.1 -p <printed port> api.e2e.example.com CNAME` shows the active region, and follows the flip below.
  const dnsPort = Number(/dig @127\.0\.0\.1 -p (\d+) /.exec(output)?.[1]);
  const cname = async (): Promise<string[]> => answerData(await queryDns({ port: dnsPort, name: 'api.e2e.example.com', type: 'CNAME' }), 'CNAME');
  await waitFor('the DNS answer on us-east-1', cname, (v) => v[0] === 'use1.e2e.example.com', 30_000, 250);
  expect(await runCli(['demo', 'break', 'us-east-1'], io)).toBe(0);
  await waitFor(
    'the health signals to flip',
    async () => [(await fetch(`${url}/signal/us-east-1`)).status, (await fetch(`${url}/signal/us-west-2`)).status],
    (s) => s[0] === 503 && s[1] === 200,
  );
  expect((await getStatus(url!)).active).toEqual(['us-west-2']);
  await waitFor('the DNS answer on us-west-2', cname, (v) => v[0] === 'usw2.e2e.example.com', 60_000, 250);
  expect(await runCli(['status'], io)).toBe(0);
  expect(cliOut).toMatch(/active\s+us-west-2/);
  // Chaos through the CLI: a region's processes really die, and heal brings them back.
  expect(await runCli(['chaos', 'kill-region', 'eu-west-1'], io)).toBe(0);
  expect(cliOut).toMatch(/eu-west-1\s+LOST checker:crashed controller:crashed api:crashed/);
  expect(await runCli(['chaos', 'heal'], io)).toBe(0);
  expect(cliOut).toMatch(/heal: undid eu-west-1 lost/);

  // kill -INT of the process itself, as Ctrl-C does (`npm run local` execs it, and npm passes the signal on).
  proc.kill('SIGINT');
  expect(await exited(proc)).toBe(0);
  expect(output).toContain('stopped the regions (checkers, controllers, APIs, demo backends), their proxies, the operator API, DynamoDB Local and moto server');
  // A normal stop: nothing was still running when it gave up waiting, and no tick failed on the way.
  expect(output).not.toMatch(/still running after|tick failed/);
  expect(output).not.toContain('NodeVersionSupportWarning');
  await waitFor(
    'every process to be gone',
    async () => pids.filter(isAlive),
    (left) => left.length === 0,
    10_000,
  );
  expect(existsSync(connectionFile)).toBe(false);
  await expect(fetch(`${url}/status`)).rejects.toThrow();
}, 180_000);

test('a busy API port is reported before any emulator starts', async () => {
  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  const port = (busy.address() as AddressInfo).port;
  try {
    const started = Date.now();
    const run = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'local', 'main.ts')], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), FAILOVER_CONNECTION_FILE: connectionFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    run.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    run.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    expect(await exited(run)).toBe(1);
    expect(out).toContain(`port ${port} on 127.0.0.1 is in use; set PORT to another port (or PORT=0 for any free one)`);
    expect(out).not.toMatch(/DynamoDB Local|moto server/);
    // No emulator start (tens of seconds) in it: just node and tsx starting.
    expect(Date.now() - started).toBeLessThan(15_000);
  } finally {
    await new Promise((r) => busy.close(r));
  }
}, 30_000);
