/**
 * The controller's decision and flip paths on in-memory stores (the same paths the integration
 * tests drive against DynamoDB Local, in milliseconds): automation, roll-forward, operator
 * commands, fencing, read models.
 */
import { controllerConfig, PRIMARY, SECONDARY } from './configs';
import { memoryScenario } from './support/memory-scenario';

const ONLY_PRIMARY = { [PRIMARY]: 1, [SECONDARY]: 0 };
const ONLY_SECONDARY = { [PRIMARY]: 0, [SECONDARY]: 1 };

function upUp(s: ReturnType<typeof memoryScenario>): void {
  s.verdicts.set(PRIMARY, 'UP');
  s.verdicts.set(SECONDARY, 'UP');
}

describe('FailoverController on in-memory stores', () => {
  it('quorum DOWN on the primary: one flip, one audit entry, one notification; the next tick holds', async () => {
    const s = memoryScenario(controllerConfig('svc', 'dns-update'));
    const { service, notifier, metrics } = s.controller();
    upUp(s);
    expect(await service.tick()).toMatchObject({ outcome: 'hold', decision: { code: 'steady' } });
    s.verdicts.set(PRIMARY, 'DOWN');
    expect(await service.tick('stream')).toMatchObject({ outcome: 'flipped', flip: { plan: { cause: 'failover', to: ONLY_SECONDARY }, applied: { changed: true } } });
    expect(s.dns.records).toEqual(ONLY_SECONDARY);
    s.clock.advance(5000);
    expect(await service.tick()).toMatchObject({ outcome: 'hold' });
    expect(notifier.events).toHaveLength(1);
    expect(metrics.flips).toEqual(['failover']);
    expect((await service.history()).entries).toMatchObject([{ kind: 'flip', cause: 'failover', term: 1 }]);
    expect(await service.status()).toMatchObject({ traffic: ONLY_SECONDARY, lastFlip: { cause: 'failover', term: 1 } });
  });

  it('an apply that fails leaves the intent pending; the next tick rolls it forward', async () => {
    const s = memoryScenario(controllerConfig('svc', 'dns-update'));
    const { service } = s.controller();
    s.verdicts.set(PRIMARY, 'DOWN');
    s.verdicts.set(SECONDARY, 'UP');
    s.dns.failing = new Error('Route 53 throttled');
    expect(await service.tick('stream')).toMatchObject({ outcome: 'apply-failed', detail: expect.stringMatching(/throttled/) });
    expect((await service.status()).pendingFlip).toMatchObject({ cause: 'failover', to: ONLY_SECONDARY });
    s.dns.failing = undefined;
    s.clock.advance(60_000);
    expect(await service.tick()).toMatchObject({ outcome: 'rolled-forward', flip: { plan: { to: ONLY_SECONDARY } } });
    expect(s.dns.records).toEqual(ONLY_SECONDARY);
  });

  it('operator failover: refused into a region that is not UP unless forced; a no-op changes nothing', async () => {
    const s = memoryScenario(controllerConfig('svc', 'health-signal'));
    const api = s.controller({ term: undefined }).service;
    s.verdicts.set(PRIMARY, 'UP');
    s.verdicts.set(SECONDARY, 'DOWN');
    await expect(api.failover(SECONDARY, { reason: 'drill', actor: 'alice' })).rejects.toMatchObject({ name: 'ManualActionError', problem: 'not-ready' });
    expect(await api.failover(PRIMARY, { reason: 'again', actor: 'alice' })).toMatchObject({ changed: false });
    expect(await api.failover(SECONDARY, { reason: 'forced', actor: 'alice', force: true })).toMatchObject({ changed: true, flip: { actor: 'alice', plan: { cause: 'manual-failover' } } });
    expect(await api.signalFor(SECONDARY)).toMatchObject({ serving: true, httpStatus: 200 });
    await expect(async () => api.failover('mars-north-1', { reason: 'x', actor: 'alice' })).rejects.toMatchObject({ name: 'UnknownRegionError' });
  });

  it('a pin wins over automation until it is cleared', async () => {
    const s = memoryScenario(controllerConfig('svc', 'health-signal', { failover: { holdDownSeconds: 0, maxFlipsPerWindow: 10, failback: 'manual' } }));
    const { service } = s.controller();
    upUp(s);
    expect(await service.pin(SECONDARY, { reason: 'drill', actor: 'alice' })).toMatchObject({ changed: true, traffic: ONLY_SECONDARY, pin: { region: SECONDARY } });
    s.verdicts.set(SECONDARY, 'DOWN');
    s.clock.advance(1000);
    expect(await service.tick()).toMatchObject({ outcome: 'hold', decision: { code: 'pinned' } });
    await expect(service.failover(PRIMARY, { reason: 'x', actor: 'bob' })).rejects.toMatchObject({ problem: 'pinned' });
    s.clock.advance(1000);
    expect(await service.unpin({ reason: 'drill over', actor: 'alice' })).toMatchObject({ changed: true });
    s.clock.advance(1000);
    expect(await service.tick()).toMatchObject({ outcome: 'flipped', flip: { plan: { to: ONLY_PRIMARY } } });
  });

  it('a deposed leader is fenced: its tick changes nothing once a newer term claimed the state', async () => {
    const s = memoryScenario(controllerConfig('svc', 'health-signal'));
    const old = s.controller({ term: 3 });
    const current = s.controller({ term: 4 });
    upUp(s);
    expect(await current.service.tick()).toMatchObject({ outcome: 'hold' });
    s.verdicts.set(PRIMARY, 'DOWN');
    expect(await old.service.tick()).toMatchObject({ outcome: 'fenced' });
    expect(await current.service.tick()).toMatchObject({ outcome: 'flipped', flip: { term: 4 } });
  });
});
