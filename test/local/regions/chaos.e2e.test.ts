/**
 * The chaos commands other than kill-region, against regional local mode with the example topology
 * on a fast cadence: each breaks something real (a proxy, a process), the service reacts as it must,
 * and heal restores it.
 */
import { ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { createAwsClients } from '../../../lambdas/platform/aws-clients';
import { emulatorEnv } from '../../../local/aws';
import { emulatorEndpoints, useEmulators } from '../../support/emulators';
import { waitFor } from '../helpers';
import { fastExample, flips, startHarness, type Harness } from './harness';

useEmulators();

const checkerState = (s: Awaited<ReturnType<Harness['status']>>, target: string, checker: string) => s.regions.find((r) => r.region === target)?.checkers.find((c) => c.checker === checker);

describe('chaos in health-signal mode', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(fastExample());
    await h.settled();
  }, 180_000);
  afterAll(async () => {
    await h?.stop();
  });
  afterEach(async () => {
    await h.chaos({ action: 'heal' });
  }, 60_000);

  it('partition: the cut-off checker sees its target DOWN, the quorum still says UP, nothing flips', async () => {
    await h.chaos({ action: 'partition', checker: 'eu-west-1', target: 'us-east-1' });
    const s = await waitFor(
      'eu-west-1 to see us-east-1 DOWN',
      () => h.status(),
      (st) => checkerState(st, 'us-east-1', 'eu-west-1')?.state === 'DOWN',
      20_000,
      200,
    );
    expect(s.regions.find((r) => r.region === 'us-east-1')?.verdict).toBe('UP');
    expect(checkerState(s, 'us-west-2', 'eu-west-1')?.state).toBe('UP');
    expect(s.active).toEqual(['us-east-1']);
    await h.chaos({ action: 'heal' });
    await waitFor(
      'eu-west-1 to see us-east-1 UP again',
      () => h.status(),
      (st) => checkerState(st, 'us-east-1', 'eu-west-1')?.state === 'UP',
      20_000,
      200,
    );
  }, 90_000);

  it('replica-down of eu-west-1’s first replica: its checker keeps voting and its signal endpoint keeps answering, through the next replica', async () => {
    await h.chaos({ action: 'replica-down', region: 'us-east-2' });
    const changedAt = Date.now();
    // Fresh observations from eu-west-1 written after the replica went down.
    await waitFor(
      'a fresh eu-west-1 observation',
      () => h.status(),
      (st) => {
        const c = checkerState(st, 'us-east-1', 'eu-west-1');
        return c?.freshness === 'fresh' && c.ageMs !== undefined && st.generatedAt - c.ageMs > changedAt;
      },
      20_000,
      250,
    );
    expect(await h.signal('eu-west-1', 'us-east-1')).toBe(200);
    expect((await h.status()).regions.every((r) => r.verdict === 'UP')).toBe(true);
  }, 90_000);

  it('latency on the primary’s replica slows it but breaks nothing', async () => {
    await h.chaos({ action: 'latency', region: 'us-east-1', ms: 200 });
    const state = await h.chaos({ action: 'latency', region: 'us-east-1', ms: 200 });
    expect(state.regions.find((r) => r.region === 'us-east-1')?.replica).toEqual({ mode: 'up', latencyMs: 200 });
    expect(await h.signal('us-east-1', 'us-east-1')).toBe(200);
    const s = await h.status();
    expect(s.active).toEqual(['us-east-1']);
    expect(s.regions.every((r) => r.verdict === 'UP')).toBe(true);
  }, 60_000);

  it('pause-controller of the leader: another region takes over after the lease; crash-controller of that one: a third takes over; no flip', async () => {
    const flipsBefore = flips(await h.history()).length;
    const first = (await h.status()).leader?.holder ?? '';
    await h.chaos({ action: 'pause-controller', region: first });
    expect(h.local.processes.find(first, 'controller')?.state).toBe('paused');
    const second =
      (
        await waitFor(
          'a new leader',
          () => h.status(),
          (s) => s.leader !== null && s.leader.holder !== first,
          20_000,
          200,
        )
      ).leader?.holder ?? '';
    await h.chaos({ action: 'crash-controller', region: second });
    const third = (
      await waitFor(
        'another new leader',
        () => h.status(),
        (s) => s.leader !== null && s.leader.holder !== first && s.leader.holder !== second,
        20_000,
        200,
      )
    ).leader?.holder;
    expect(new Set([first, second, third]).size).toBe(3);
    await h.chaos({ action: 'resume-controller', region: first });
    expect((await h.status()).active).toEqual(['us-east-1']);
    expect(flips(await h.history())).toHaveLength(flipsBefore);
  }, 90_000);

  it('with a checker stopped and Route 53’s control plane down, a broken primary still fails over (health-signal needs no control plane)', async () => {
    await h.chaos({ action: 'stop-checker', region: 'us-west-2' });
    await h.chaos({ action: 'route53', mode: 'down' });
    await waitFor(
      'us-west-2’s observations to go stale',
      () => h.status(),
      (s) => checkerState(s, 'us-east-1', 'us-west-2')?.freshness === 'stale',
      20_000,
      250,
    );
    const flipsBefore = flips(await h.history()).length;
    h.local.demo.setMode('us-east-1', 'down');
    const s = await waitFor(
      'the flip to us-west-2',
      () => h.status(),
      (st) => st.active[0] === 'us-west-2',
      30_000,
      200,
    );
    expect(s.lastFlip?.reason).toMatch(/us-east-1 is DOWN \(2 DOWN, 0 UP, 0 UNKNOWN of 2 fresh/);
    expect(await h.signal('eu-west-1', 'us-west-2')).toBe(200);
    expect(await h.signal('eu-west-1', 'us-east-1')).toBe(503);
    h.local.demo.setMode('us-east-1', 'healthy');
    await h.chaos({ action: 'heal' });
    await h.settled();
    expect((await h.post('/failback', { reason: 'drill over' })).status).toBe(200);
    expect(flips(await h.history())).toHaveLength(flipsBefore + 2);
  }, 120_000);
});

describe('chaos in dns-update mode', () => {
  let h: Harness;
  const direct = createAwsClients({ region: 'us-east-1', env: emulatorEnv(emulatorEndpoints()) });
  // dns-update cannot fail away from a lost us-east-1 (Route 53's control plane is there): accepted explicitly.
  // A zone of its own: local mode reuses a hosted zone by name, and the health-signal harness above
  // left its failover records (PRIMARY use1, SECONDARY usw2) in the shared moto's shop.example.com.
  const config = fastExample({
    service: 'chaos-dns-update',
    dns: { ...fastExample().dns, hostedZoneName: 'dns-update.example.com', recordName: 'api.dns-update.example.com', flipMode: 'dns-update' },
    acceptRegionLoss: ['us-east-1'],
  });
  const cname = async (): Promise<string | undefined> =>
    (await direct.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: h.local.hostedZoneId }))).ResourceRecordSets?.find((r) => r.Name === `${config.dns.recordName}.` && r.Type === 'CNAME')
      ?.ResourceRecords?.[0]?.Value;
  beforeAll(async () => {
    h = await startHarness(config);
    await h.settled();
    await waitFor('the initial record', cname, (v) => v === 'use1.shop.example.com', 20_000, 250);
  }, 180_000);
  afterAll(async () => {
    await h?.stop();
    direct.destroy();
  });

  it('route53 throttle: the flip waits as a recorded intent, then lands exactly once when Route 53 answers again', async () => {
    const flipsBefore = flips(await h.history()).length;
    await h.chaos({ action: 'route53', mode: 'throttle' });
    h.local.demo.setMode('us-east-1', 'down');
    await waitFor(
      'us-east-1 DOWN by quorum',
      () => h.status(),
      (s) => s.regions.find((r) => r.region === 'us-east-1')?.verdict === 'DOWN',
      20_000,
      200,
    );
    // Throttled: the record cannot change, so neither does the active set.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await cname()).toBe('use1.shop.example.com');
    expect((await h.status()).active).toEqual(['us-east-1']);
    await h.chaos({ action: 'heal' });
    try {
      await waitFor('the flip to land in Route 53', cname, (v) => v === 'usw2.shop.example.com', 30_000, 250);
    } catch (err) {
      // What the controller was doing instead: its decision, the pending intent and the last audit entries.
      const st = await h.status();
      const diagnosis = { automation: st.automation, pendingFlip: st.pendingFlip, active: st.active, history: (await h.history()).slice(0, 6) };
      throw new Error(`${(err as Error).message}\n${JSON.stringify(diagnosis, null, 1)}`);
    }
    await waitFor(
      'the active set to follow',
      () => h.status(),
      (s) => s.active[0] === 'us-west-2',
      10_000,
      200,
    );
    expect(flips(await h.history())).toHaveLength(flipsBefore + 1);
    h.local.demo.setMode('us-east-1', 'healthy');
  }, 150_000);
});
