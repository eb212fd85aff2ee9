/**
 * Issue 16's "done when", as a user does it, through the CLI against regional local mode (each
 * region's checker, controller and API its own process): with both regions broken, `failover
 * status` says fail-static and why; `failover failback` right after `demo heal` says the region is
 * not UP yet, and how long until it could be, and exits 3. Terms read as numbers (`term #1`).
 */
import { runCli } from '../../../cli/main';
import { EXIT } from '../../../cli/errors';
import { useEmulators } from '../../support/emulators';
import { waitFor } from '../helpers';
import { fastExample, startHarness, type Harness } from './harness';

useEmulators();

let h: Harness;
beforeAll(async () => {
  h = await startHarness(fastExample());
  await h.settled();
}, 180_000);
afterAll(async () => {
  await h?.stop();
});

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const env = { FAILOVER_API_URL: h.local.url, FAILOVER_TOKEN: h.local.token, FAILOVER_CONNECTION_FILE: '/nonexistent' };
  const code = await runCli(argv, { env, out: (t) => (out += `${t}\n`), err: (t) => (out += `${t}\n`) });
  return { code, out };
}

test('both regions broken: failover status says fail-static and why, with the leader’s term by number', async () => {
  expect((await cli('demo', 'break', 'us-east-1')).code).toBe(EXIT.ok);
  expect((await cli('demo', 'break', 'us-west-2')).code).toBe(EXIT.ok);
  await waitFor(
    'both regions DOWN by quorum and automation holding fail-static',
    () => h.status(),
    (s) => s.regions.every((r) => r.verdict === 'DOWN') && s.automation?.code === 'fail-static',
    30_000,
    200,
  );
  const status = await cli('status');
  expect(status.code).toBe(EXIT.ok);
  expect(status.out).toMatch(/^automation {5}hold \(fail-static\): us-(east-1|west-2) is DOWN but no other region is UP \(us-(east-1|west-2) DOWN\); keeping traffic where it is$/m);
  expect(status.out).toMatch(/^us-east-1 +DOWN /m);
  expect(status.out).toMatch(/^us-west-2 +DOWN /m);
  expect(status.out).toMatch(/^leader {9}\S+, term #\d+ \(began \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\)$/m);
  const json = JSON.parse((await cli('status', '--json')).out) as { automation: unknown; leader: { term: number; termNumber: number } };
  expect(json.automation).toMatchObject({ action: 'hold', code: 'fail-static', regions: { 'us-east-1': 'DOWN', 'us-west-2': 'DOWN' } });
  expect(json.leader.termNumber).toBeGreaterThanOrEqual(1);
  expect(json.leader.term).toBeGreaterThan(json.leader.termNumber);
}, 90_000);

test('failback right after demo heal: the region is not UP yet, how long until it could be, exit 3', async () => {
  expect((await cli('demo', 'heal', 'us-east-1')).code).toBe(EXIT.ok);
  const refused = await cli('failback', '--reason', 'x');
  expect(refused.code).toBe(EXIT.rejected);
  expect(refused.out).toMatch(/HTTP 409: refused failback: no region is UP \(us-east-1 DOWN, us-west-2 DOWN\)/);
  // Per region: its verdict, how many checkers see it UP of how many needed, and how long until it could be UP.
  expect(refused.out).toMatch(/us-east-1 (\(serving\) )?DOWN \([0-3] of 3 checker regions see it UP, 2 needed\); (can be UP in about \d+ s|its probes are not succeeding yet)/);
  expect(refused.out).toMatch(/^us-east-1 +DOWN +(yes|no) +[0-3] \(need 2\) +(about \d+ s|not yet: probes still failing)$/m);
  expect(refused.out).toMatch(/^us-west-2 +DOWN +(yes|no) +[0-3] \(need 2\) +not yet: probes still failing$/m);
  // Once its probes succeed, us-east-1 comes back UP and takes the traffic again.
  await waitFor(
    'us-east-1 UP and serving',
    () => h.status(),
    (s) => s.regions.find((r) => r.region === 'us-east-1')?.verdict === 'UP' && s.active[0] === 'us-east-1',
    30_000,
    200,
  );
}, 90_000);
