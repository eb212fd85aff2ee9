/**
 * Term numbers in the controller's records: a leader's term number (`term #7`) is stored next to
 * its fencing token wherever a term is recorded — the claim, the intent, the last flip, the audit
 * entry and the notification — and an operator's change carries the stored term's number. The
 * token alone still fences.
 */
import { controllerConfig, PRIMARY, SECONDARY } from './configs';
import { memoryScenario } from './support/memory-scenario';

const TOKEN = 1_764_000_000_000;

describe('term numbers next to fencing tokens', () => {
  it('a leader records its term number wherever it records its term: claim, last flip, audit entry, notification', async () => {
    const s = memoryScenario(controllerConfig('svc', 'health-signal'));
    const leader = s.controller({ term: TOKEN, termNumber: 7 });
    s.verdicts.set(PRIMARY, 'UP');
    s.verdicts.set(SECONDARY, 'UP');
    expect(await leader.service.tick()).toMatchObject({ outcome: 'hold' });
    expect(await s.store.load()).toMatchObject({ fenceTerm: TOKEN, fenceTermNumber: 7 });
    s.verdicts.set(PRIMARY, 'DOWN');
    expect(await leader.service.tick('stream')).toMatchObject({ outcome: 'flipped' });
    const status = await leader.service.status();
    expect(status).toMatchObject({ fenceTerm: TOKEN, fenceTermNumber: 7, lastFlip: { term: TOKEN, termNumber: 7 } });
    expect((await leader.service.history()).entries).toMatchObject([{ kind: 'flip', term: TOKEN, termNumber: 7 }]);
    expect(leader.notifier.events).toMatchObject([{ term: TOKEN, termNumber: 7 }]);
  });

  it('an operator’s change records the stored term and its number; a newer leader’s claim moves both', async () => {
    const s = memoryScenario(controllerConfig('svc', 'health-signal'));
    s.verdicts.set(PRIMARY, 'UP');
    s.verdicts.set(SECONDARY, 'UP');
    await s.controller({ term: TOKEN, termNumber: 7 }).service.tick();
    const api = s.controller({ term: undefined }).service;
    await api.failover(SECONDARY, { reason: 'drill', actor: 'alice' });
    expect((await api.history()).entries[0]).toMatchObject({ actor: 'alice', term: TOKEN, termNumber: 7 });
    await s.controller({ term: TOKEN + 5, termNumber: 8 }).service.tick();
    expect(await api.status()).toMatchObject({ fenceTerm: TOKEN + 5, fenceTermNumber: 8 });
  });

  it('a leadership that cannot number its terms records the token alone', async () => {
    const s = memoryScenario(controllerConfig('svc', 'health-signal'));
    const leader = s.controller({ term: TOKEN });
    s.verdicts.set(PRIMARY, 'DOWN');
    s.verdicts.set(SECONDARY, 'UP');
    expect(await leader.service.tick()).toMatchObject({ outcome: 'flipped' });
    const [entry] = (await leader.service.history()).entries;
    expect(entry).toMatchObject({ term: TOKEN });
    expect(entry).not.toHaveProperty('termNumber');
    expect(await leader.service.status()).not.toHaveProperty('fenceTermNumber');
  });
});
