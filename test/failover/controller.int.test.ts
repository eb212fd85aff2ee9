/**
 * The controller end to end against DynamoDB Local and moto: quorum DOWN → exactly one fenced
 * two-phase flip → Route 53 (dns-update) or the signal endpoints (health-signal) show it.
 */
import { ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { SnsFlipNotifier } from '../../lambdas/failover/sns-notifier';
import { useEmulators } from '../support/emulators';
import { controllerConfig, PRIMARY, SECONDARY } from './configs';
import { CHECKERS, scenario, type Scenario } from './harness';

const ctx = useEmulators();

async function cnameOf(s: Scenario): Promise<string[]> {
  const out = await ctx.clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: s.zoneId }));
  return (out.ResourceRecordSets ?? []).filter((r) => r.Type === 'CNAME' && r.Name === `api.${s.env.config.dns.hostedZoneName}.`).flatMap((r) => (r.ResourceRecords ?? []).map((v) => v.Value ?? ''));
}

async function flipsInAudit(s: Scenario, controller: { history: (o: { limit: number }) => Promise<{ entries: readonly { kind: string }[] }> }): Promise<number> {
  void s;
  return (await controller.history({ limit: 100 })).entries.filter((e) => e.kind === 'flip').length;
}

describe('controller end to end', () => {
  it('dns-update: primary quorum DOWN → exactly one flip → the record points at the secondary', async () => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'dns-update'));
    const { service, metrics, notifier } = s.controller();
    await s.observe(PRIMARY, 'UP');
    await s.observe(SECONDARY, 'UP');
    expect(await service.tick()).toMatchObject({ outcome: 'hold', decision: { code: 'steady' }, reconciled: true });
    expect(await cnameOf(s)).toEqual(['use1.app.example.com']);

    s.clock.advance(5000);
    await s.observe(PRIMARY, 'DOWN');
    const flipped = await service.tick('stream');
    expect(flipped).toMatchObject({ outcome: 'flipped', flip: { plan: { cause: 'failover', to: { [PRIMARY]: 0, [SECONDARY]: 1 } }, applied: { mode: 'dns-update', changed: true } } });
    expect(await cnameOf(s)).toEqual(['usw2.app.example.com']);

    s.clock.advance(5000);
    await s.observe(PRIMARY, 'DOWN');
    expect(await service.tick()).toMatchObject({ outcome: 'hold' });
    expect(metrics.flips).toEqual(['failover']);
    expect(notifier.events).toHaveLength(1);
    const history = await service.history();
    expect(history.entries).toHaveLength(1);
    expect(history.entries[0]).toMatchObject({ kind: 'flip', actor: 'controller@us-east-1', term: 1, cause: 'failover', trigger: 'stream', dns: { mode: 'dns-update', changed: true } });
    expect(history.entries[0]?.timings?.completedAt).toBeGreaterThanOrEqual(history.entries[0]?.timings?.intentAt ?? Infinity);
  });

  it('dns-update, active-active: a DOWN region’s weighted record drops to 0 and its weight moves over', async () => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'dns-update', { policy: { mode: 'active-active', weights: { [PRIMARY]: 60, [SECONDARY]: 40 } } }));
    const { service } = s.controller();
    await s.observe(PRIMARY, 'UP');
    await s.observe(SECONDARY, 'UP');
    expect(await service.tick()).toMatchObject({ outcome: 'hold', reconciled: true });
    await s.observe(SECONDARY, 'DOWN');
    expect(await service.tick('stream')).toMatchObject({ outcome: 'flipped', flip: { plan: { to: { [PRIMARY]: 100, [SECONDARY]: 0 } } } });
    const out = await ctx.clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: s.zoneId }));
    const weights = Object.fromEntries((out.ResourceRecordSets ?? []).filter((r) => r.SetIdentifier).map((r) => [r.SetIdentifier, r.Weight]));
    expect(weights).toEqual({ [PRIMARY]: 100, [SECONDARY]: 0 });
  });

  it('health-signal: the signal endpoints answer the new state from shared state, no Route 53 call', async () => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'health-signal'));
    const { service } = s.controller();
    const api = s.controller({ term: undefined }).service; // another region's API: never leader
    await s.observe(PRIMARY, 'UP');
    await s.observe(SECONDARY, 'UP');
    expect(await api.signalFor(PRIMARY)).toMatchObject({ serving: true, httpStatus: 200 });
    expect(await api.signalFor(SECONDARY)).toMatchObject({ serving: false, httpStatus: 503 });
    await s.observe(PRIMARY, 'DOWN');
    expect(await api.tick()).toEqual({ outcome: 'not-leader' });
    expect(await service.tick('stream')).toMatchObject({ outcome: 'flipped', flip: { applied: { mode: 'health-signal' } } });
    expect(await api.signalFor(PRIMARY)).toMatchObject({ serving: false, httpStatus: 503 });
    expect(await api.signalFor(SECONDARY)).toMatchObject({ serving: true, httpStatus: 200 });
    expect(await cnameOf(s)).toEqual([]);

    // Asking for the traffic that is already in place changes nothing and records nothing.
    expect(await api.failover(SECONDARY, { reason: 'again', actor: 'alice' })).toMatchObject({ changed: false, traffic: { [SECONDARY]: 1 } });
    // The readiness gate holds for operators too, unless forced.
    await expect(api.failover(PRIMARY, { reason: 'too early', actor: 'alice' })).rejects.toMatchObject({ name: 'ManualActionError', problem: 'not-ready' });
    expect((await api.history()).entries).toHaveLength(1);
    expect(await api.failover(PRIMARY, { reason: 'forced', actor: 'alice', force: true })).toMatchObject({ changed: true, flip: { actor: 'alice', plan: { cause: 'manual-failover' } } });
  });

  it('UNKNOWN (a minority of checkers) and all-DOWN never flip', async () => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'health-signal'));
    const { service } = s.controller();
    await s.observe(SECONDARY, 'UP');
    await s.observe(PRIMARY, 'DOWN', { checkers: ['eu-west-1'] });
    expect(await service.tick()).toMatchObject({ outcome: 'hold', decision: { code: 'unknown-verdict' } });
    await s.observe(PRIMARY, 'DOWN');
    await s.observe(SECONDARY, 'DOWN');
    expect(await service.tick()).toMatchObject({ outcome: 'hold', decision: { code: 'fail-static' } });
    expect(await flipsInAudit(s, service)).toBe(0);
  });

  it('operator pin wins over automation until cleared; manual failback needs the API call', async () => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'health-signal', { failover: { holdDownSeconds: 0, maxFlipsPerWindow: 10, failback: 'manual' } }));
    const { service } = s.controller();
    await s.observe(PRIMARY, 'UP');
    await s.observe(SECONDARY, 'UP');
    const pinned = await service.pin(SECONDARY, { reason: 'drill', actor: 'alice' });
    s.clock.advance(1000);
    expect(pinned).toMatchObject({ changed: true, traffic: { [SECONDARY]: 1 }, pin: { region: SECONDARY } });
    await s.observe(SECONDARY, 'DOWN');
    expect(await service.tick()).toMatchObject({ outcome: 'hold', decision: { code: 'pinned' } });
    s.clock.advance(1000);
    await expect(service.failover(PRIMARY, { reason: 'x', actor: 'bob' })).rejects.toMatchObject({ name: 'ManualActionError', problem: 'pinned' });
    s.clock.advance(1000);
    await service.unpin({ reason: 'drill over', actor: 'alice' });
    s.clock.advance(1000);
    expect(await service.tick()).toMatchObject({ outcome: 'flipped', flip: { plan: { cause: 'failover', to: { [PRIMARY]: 1 } } } });
    s.clock.advance(1000);

    await s.observe(PRIMARY, 'DOWN');
    await s.observe(SECONDARY, 'UP');
    expect(await service.tick()).toMatchObject({ outcome: 'flipped', flip: { plan: { to: { [SECONDARY]: 1 } } } });
    s.clock.advance(1000);
    await s.observe(PRIMARY, 'UP');
    expect(await service.tick()).toMatchObject({ outcome: 'hold', decision: { code: 'failback-manual' } });
    s.clock.advance(1000);
    expect(await service.failback({ reason: 'primary fixed', actor: 'bob' })).toMatchObject({ changed: true, traffic: { [PRIMARY]: 1 } });
    s.clock.advance(1000);
    // One audit entry per operator action: the pin that moved traffic is one entry, as is the unpin.
    const kinds = (await service.history()).entries.map((e) => e.cause ?? e.kind);
    expect(kinds).toEqual(['manual-failback', 'failover', 'failover', 'unpin', 'pin']);
  });

  it('auto failback returns to the primary after the recovery dwell', async () => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'health-signal', { failover: { holdDownSeconds: 0, maxFlipsPerWindow: 10, failback: 'auto', failbackDwellSeconds: 120 } }));
    const { service } = s.controller();
    await s.observe(PRIMARY, 'DOWN');
    await s.observe(SECONDARY, 'UP', { since: s.clock.wallMs() - 600_000 });
    expect(await service.tick()).toMatchObject({ outcome: 'flipped' });
    await s.observe(PRIMARY, 'UP');
    expect(await service.tick()).toMatchObject({ outcome: 'hold', decision: { code: 'failback-dwell' } });
    s.clock.advance(121_000);
    await s.observe(PRIMARY, 'UP', { since: s.clock.wallMs() - 121_000 });
    await s.observe(SECONDARY, 'UP', { since: s.clock.wallMs() - 600_000 });
    expect(await service.tick()).toMatchObject({ outcome: 'flipped', flip: { plan: { cause: 'failback', to: { [PRIMARY]: 1 } } } });
  });

  it('publishes flips to SNS (moto topic)', async () => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'health-signal'));
    const notifier = new SnsFlipNotifier(ctx.clients.sns, s.env.topicArn ?? '');
    await expect(
      notifier.flipped({ service: 'x', flipId: 'f1', cause: 'failover', from: { a: 1 }, to: { b: 1 }, reason: 'r', actor: 'c', term: 1, completedAt: 0, flipMode: 'health-signal' }),
    ).resolves.toBeUndefined();
  });

  it('status() shows traffic, verdicts and what automation would do', async () => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'health-signal'));
    const { service } = s.controller();
    await s.observe(PRIMARY, 'DOWN');
    await s.observe(SECONDARY, 'UP');
    const status = await service.status();
    expect(status).toMatchObject({ traffic: { [PRIMARY]: 1, [SECONDARY]: 0 }, serving: [PRIMARY], verdicts: { [PRIMARY]: { status: 'DOWN' } }, decision: { kind: 'flip' }, flipMode: 'health-signal' });
  });
});

describe('controller health metrics for the alarms', () => {
  it('the leader reports LeaderPresent and each checker region’s observation age; a follower reports what it sees', async () => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'health-signal'));
    const leader = s.controller({ term: 3 });
    await s.observe(PRIMARY, 'UP');
    await s.observe(SECONDARY, 'UP');
    s.clock.advance(2000);
    await leader.service.tick();
    expect(leader.metrics.leaderPresence).toEqual([true]);
    expect(leader.metrics.observationAges.map((a) => a.checker).sort()).toEqual([...CHECKERS].sort());
    for (const age of leader.metrics.observationAges) expect(age.seconds).toBe(2);

    const follower = s.controller({ term: undefined });
    const sees = [true, false];
    Object.assign(follower.leadership, { leaderPresent: () => Promise.resolve(sees.shift() ?? false) });
    expect(await follower.service.tick()).toEqual({ outcome: 'not-leader' });
    expect(await follower.service.tick()).toEqual({ outcome: 'not-leader' });
    expect(follower.metrics.leaderPresence).toEqual([true, false]);
    expect(follower.metrics.observationAges).toEqual([]);
  });
});
