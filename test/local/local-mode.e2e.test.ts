/**
 * Local mode end to end, in-process on the shared emulators: demo backends, three checker loops,
 * two controllers and the API. Break the active region with the CLI, watch the flip reach
 * Route 53 (moto), the signal endpoints, GET /status and the routing table behind GET /routes; heal
 * it and watch the automatic failback.
 */
import { ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { runCli } from '../../cli/main';
import type { RouteBody } from '../../lambdas/api/schemas';
import { parseConfig } from '../../lambdas/config';
import { startLocalMode, type LocalMode } from '../../local/local-mode';
import { useEmulators } from '../support/emulators';
import { fastConfig, getStatus, waitFor } from './helpers';

const ctx = useEmulators();
let local: LocalMode;
const logs: string[] = [];

beforeAll(async () => {
  local = await startLocalMode({ config: parseConfig(fastConfig()), clients: ctx.clients, port: 0, log: (l) => logs.push(l) });
});
afterAll(async () => {
  await local?.stop();
});

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli(argv, { env: { FAILOVER_API_URL: local.url, FAILOVER_TOKEN: local.token, FAILOVER_CONNECTION_FILE: '/nonexistent' }, out: (t) => (out += t), err: (t) => (out += t) });
  return { code, out };
}

async function cnameValue(): Promise<string | undefined> {
  const out = await ctx.clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: local.hostedZoneId }));
  return out.ResourceRecordSets?.find((r) => r.Name === 'api.e2e.example.com.' && r.Type === 'CNAME')?.ResourceRecords?.[0]?.Value;
}

async function signal(region: string): Promise<number> {
  return (await fetch(`${local.url}/signal/${region}`)).status;
}

async function writeRoute(key: string): Promise<RouteBody> {
  const res = await fetch(`${local.url}/routes/${key}?op=write`);
  if (!res.ok) throw new Error(`GET /routes/${key}: HTTP ${res.status}`);
  return (await res.json()) as RouteBody;
}

test('break the active region → flip; heal → automatic failback; Route 53, signals and /status agree', async () => {
  // Steady state: everything UP by quorum, us-east-1 active, DNS on it.
  await waitFor(
    'both regions UP by quorum',
    () => getStatus(local.url),
    (s) => s.regions.every((r) => r.verdict === 'UP'),
  );
  await waitFor('the CNAME on us-east-1', cnameValue, (v) => v === 'use1.e2e.example.com');
  expect((await getStatus(local.url)).active).toEqual(['us-east-1']);
  // The leader's first tick published the routing table; writes go to the active region.
  const before = await waitFor(
    'the first routing table',
    () => getStatus(local.url),
    (s) => s.routingTableVersion !== null,
  );
  expect(await writeRoute('k')).toEqual({ key: 'k', op: 'write', target: 'us-east-1', fallbacks: [], version: before.routingTableVersion });

  const broken = await cli('demo', 'break', 'us-east-1');
  expect(broken.code).toBe(0);

  const flipped = await waitFor(
    'the flip to us-west-2',
    () => getStatus(local.url),
    (s) => s.active.length === 1 && s.active[0] === 'us-west-2',
  );
  expect(flipped.regions.find((r) => r.region === 'us-east-1')?.verdict).toBe('DOWN');
  expect(flipped.lastFlip).toMatchObject({ from: ['us-east-1'], to: ['us-west-2'] });
  expect(flipped.leader).toMatchObject({ term: expect.any(Number) });
  expect(await cnameValue()).toBe('usw2.e2e.example.com');
  expect([await signal('us-east-1'), await signal('us-west-2')]).toEqual([503, 200]);
  expect((await cli('status')).out).toMatch(/active\s+us-west-2/);
  // The flip published a new routing table version; GET /routes answers from it.
  const after = await waitFor(
    'a newer routing table',
    () => getStatus(local.url),
    (s) => (s.routingTableVersion ?? 0) > (before.routingTableVersion ?? 0),
  );
  const routed = await writeRoute('k');
  expect(routed).toMatchObject({ target: 'us-west-2', fallbacks: [] });
  expect(routed.version).toBeGreaterThanOrEqual(after.routingTableVersion ?? Infinity);

  expect((await cli('demo', 'heal', 'us-east-1')).code).toBe(0);
  const back = await waitFor(
    'the automatic failback to us-east-1',
    () => getStatus(local.url),
    (s) => s.active[0] === 'us-east-1',
  );
  expect(back.regions.every((r) => r.verdict === 'UP')).toBe(true);
  await waitFor('the CNAME back on us-east-1', cnameValue, (v) => v === 'use1.e2e.example.com');
  expect([await signal('us-east-1'), await signal('us-west-2')]).toEqual([200, 503]);

  const history = await cli('history', '--json');
  const actions = (JSON.parse(history.out) as { items: { action: string }[] }).items.map((i) => i.action);
  expect(actions.slice(0, 2)).toEqual(['failback', 'failover']);
  expect(logs.some((l) => /us-east-1: UP -> DOWN/.test(l))).toBe(true);
});

test('failback while the preferred region is DOWN is refused with exit 3 and says which region is what', async () => {
  expect((await cli('demo', 'break', 'us-east-1')).code).toBe(0);
  await waitFor(
    'the flip to us-west-2',
    () => getStatus(local.url),
    (s) => s.active[0] === 'us-west-2',
  );
  const refused = await cli('failback', '--reason', 'too early');
  expect(refused.code).toBe(3);
  // A lagging checker may still see it UP; a quorum sees it DOWN and failing.
  expect(refused.out).toMatch(/HTTP 409: refused failback: us-east-1 is DOWN \([01] of 3 checker regions see it UP, 2 needed\); its probes are not succeeding yet/);
  expect(refused.out).toMatch(/us-east-1\s+DOWN\s+no\s+[01] \(need 2\)\s+not yet: probes still failing/);
  expect(refused.out).toMatch(/us-west-2\s+UP\s+yes\s+[23] \(need 2\)\s+UP now/);
  expect((await cli('demo', 'heal', 'us-east-1')).code).toBe(0);
  await waitFor(
    'the automatic failback to us-east-1',
    () => getStatus(local.url),
    (s) => s.active[0] === 'us-east-1',
  );
});

test('operator actions and locks go through the real services', async () => {
  expect((await cli('pin', 'us-west-2', '--reason', 'maintenance')).code).toBe(0);
  await waitFor(
    'the pin to show',
    () => getStatus(local.url),
    (s) => s.pin?.region === 'us-west-2' && s.active[0] === 'us-west-2',
  );
  const refused = await cli('failover', '--to', 'us-east-1', '--reason', 'while pinned');
  expect(refused.code).toBe(3);
  expect(refused.out).toMatch(/HTTP 409: .*pinned/);
  expect((await cli('unpin', '--reason', 'done')).code).toBe(0);
  // Failback is automatic in this config, so the controller may start moving traffic home the moment
  // the pin is gone: the operator's flip to the same region either wins or is told that one is in progress.
  const moved = await cli('failover', '--to', 'us-east-1', '--reason', 'back');
  if (moved.code !== 0) expect([moved.code, moved.out]).toEqual([3, expect.stringMatching(/in progress/)]);
  await waitFor(
    'traffic back on us-east-1',
    () => getStatus(local.url),
    (s) => s.active[0] === 'us-east-1' && s.pin === null,
  );

  const got = await cli('locks', 'acquire', 'nightly', '--owner', 'e2e', '--lease-ms', '5000', '--json');
  expect(got.code).toBe(0);
  const { token, leaseSecret } = JSON.parse(got.out) as { token: number; leaseSecret: string };
  expect((await cli('locks', 'acquire', 'nightly', '--owner', 'other')).code).toBe(3);
  // The fencing token is public; without the lease secret it renews nothing.
  expect((await cli('locks', 'renew', 'nightly', '--token', String(token), '--secret', 'z'.repeat(43))).code).toBe(3);
  expect((await cli('locks', 'renew', 'nightly', '--token', String(token), '--secret', leaseSecret)).code).toBe(0);
  expect((await cli('locks', 'release', 'nightly', '--token', String(token), '--secret', leaseSecret)).out).toMatch(/free/);

  // The operator's failover back to us-east-1 published the table GET /routes answers from.
  await waitFor(
    'the write route on us-east-1',
    () => writeRoute('user-42'),
    (r) => r.target === 'us-east-1',
  );
});
