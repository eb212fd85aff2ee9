/**
 * Local mode end to end through DNS, in real time: health-signal mode provisions the Route 53 health
 * checks on the signal endpoints and the failover records in moto, the emulated checker locations
 * probe the local API, and the local name server answers. Breaking the active region with the CLI
 * must change the DNS answer to the other region (controller flip, then Route 53's detection of
 * the signal with the deployed check settings), and GET /status and `failover status` say so with
 * when it changed; healing it brings the answer back (auto failback).
 */
import { runCli } from '../../cli/main';
import { parseConfig } from '../../lambdas/config';
import { startLocalMode, type LocalMode } from '../../local/local-mode';
import { answerData, queryDns } from '../../local/route53/dns-client';
import { useEmulators } from '../support/emulators';
import { fastConfig, getStatus, waitFor } from './helpers';

const ctx = useEmulators();
let local: LocalMode;
const logs: string[] = [];

beforeAll(async () => {
  const config = parseConfig(
    fastConfig({ service: 'dns-e2e', dns: { hostedZoneName: 'e2e.example.com', recordName: 'api.e2e.example.com', recordType: 'CNAME', ttl: 30, flipMode: 'health-signal' } }),
  );
  local = await startLocalMode({ config, clients: ctx.clients, port: 0, log: (l) => logs.push(l) });
});
afterAll(async () => {
  await local?.stop();
});

const answer = async (transport: 'udp' | 'tcp' = 'udp'): Promise<string[]> => answerData(await queryDns({ port: local.dns.port, name: 'api.e2e.example.com', type: 'CNAME', transport }), 'CNAME');
const cliOut: string[] = [];
const cli = (...argv: string[]) =>
  runCli(argv, { env: { FAILOVER_API_URL: local.url, FAILOVER_TOKEN: local.token, FAILOVER_CONNECTION_FILE: '/nonexistent' }, out: (t) => cliOut.push(t), err: () => undefined });
/** What GET /status says DNS answers now. */
const statusAnswer = async () => (await getStatus(local.url)).dnsAnswer;

test('the DNS answer follows a region break and its healing', async () => {
  // New Route 53 checks start healthy, so the secondary's signal checks first vouch for it until
  // its checker locations have seen its 503: wait for the steady answer.
  await waitFor(
    'the DNS answer on us-east-1',
    () => answer(),
    (v) => v[0] === 'use1.e2e.example.com',
    30_000,
    250,
  );
  expect(await answer('tcp')).toEqual(['use1.e2e.example.com']);
  const reply = await queryDns({ port: local.dns.port, name: 'api.e2e.example.com', type: 'CNAME' });
  expect(reply.answers[0]).toMatchObject({ ttl: 30 });
  expect((await queryDns({ port: local.dns.port, name: 'nothing.e2e.example.com' })).rcode).toBe('NXDOMAIN');

  // The operator sees the same answer in GET /status and `failover status`.
  const before = await waitFor('GET /status to report the answer on us-east-1', statusAnswer, (d) => d?.values[0] === 'use1.e2e.example.com', 5_000);
  expect(before).toMatchObject({ name: 'api.e2e.example.com', type: 'CNAME', values: ['use1.e2e.example.com'], source: 'local-dns' });
  cliOut.length = 0;
  expect(await cli('status')).toBe(0);
  expect(cliOut.join('\n')).toMatch(/^DNS answers now {2}api\.e2e\.example\.com CNAME use1\.e2e\.example\.com \(since \d\d:\d\d:\d\dZ, \d+ (s|min) ago\)$/m);

  expect(await cli('demo', 'break', 'us-east-1')).toBe(0);
  await waitFor(
    'the DNS answer on us-west-2',
    () => answer(),
    (v) => v[0] === 'usw2.e2e.example.com',
    60_000,
    250,
  );
  // The answer watcher reads every 500 ms; it reports the change and logs it.
  await waitFor(
    'local mode to report the new answer',
    () => Promise.resolve(local.dns.answerNow()?.values),
    (v) => v?.[0] === 'usw2.e2e.example.com',
    5_000,
  );
  expect(logs.some((l) => l.includes('[dns] api.e2e.example.com CNAME now answers usw2.e2e.example.com'))).toBe(true);
  const after = await statusAnswer();
  expect(after).toMatchObject({ values: ['usw2.e2e.example.com'], source: 'local-dns' });
  expect(Date.parse(after?.since ?? '')).toBeGreaterThan(Date.parse(before?.since ?? ''));

  expect(await cli('demo', 'heal', 'us-east-1')).toBe(0);
  await waitFor(
    'the DNS answer back on us-east-1',
    () => answer(),
    (v) => v[0] === 'use1.e2e.example.com',
    60_000,
    250,
  );
}, 150_000);
