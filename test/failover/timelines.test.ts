/**
 * Failure timelines of issue 12, played on in-memory stores: who pauses, which write's answer is
 * lost, which process dies, what the clock does. Each test is named after the timeline it plays
 * and states the invariant it holds. (Timeline 1 is the checker's: test/health/checker/loop.test.ts;
 * timeline 7 needs the DynamoDB store's conditions: timelines.int.test.ts.)
 */
import type { WriteEvent } from '../../lambdas/failover/memory-state-store';
import { servingRegions } from '../../lambdas/failover/rules';
import { controllerConfig, PRIMARY, SECONDARY } from './configs';
import { memoryScenario, type MemoryScenario } from './support/memory-scenario';
import { InterposedRouteTables } from './support/interposed-route-tables';

const ONLY_PRIMARY = { [PRIMARY]: 1, [SECONDARY]: 0 };
const ONLY_SECONDARY = { [PRIMARY]: 0, [SECONDARY]: 1 };
const alice = { reason: 'drill', actor: 'alice' };

/** A promise the test resolves to let a paused writer go on. */
function gate(): { readonly opened: Promise<void>; open(): void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const completes = (e: WriteEvent): boolean => e.applied === true && e.before?.intent !== undefined && e.after?.intent === undefined;
const recordsIntent = (e: WriteEvent): boolean => e.applied === true && e.before?.intent === undefined && e.after?.intent !== undefined;
const setsPin = (e: WriteEvent): boolean => e.applied === true && e.before?.pin === undefined && e.after?.pin !== undefined;
const clearsPin = (e: WriteEvent): boolean => e.applied === true && e.before?.pin !== undefined && e.after?.pin === undefined;

async function historyIds(s: MemoryScenario): Promise<string[]> {
  return (await s.controller({ term: undefined }).service.history({ limit: 100 })).entries.map((e) => e.id);
}

describe('timeline 2: a pending intent rolled forward into a region that is DOWN by then', () => {
  it('an intent recorded while A was DOWN is superseded — audited, not applied, no flip time — once B is DOWN and A UP', async () => {
    const s = memoryScenario(controllerConfig('svc', 'dns-update'));
    const { service, notifier } = s.controller();
    s.verdicts.set(PRIMARY, 'DOWN');
    s.verdicts.set(SECONDARY, 'UP');
    s.dns.failing = new Error('Route 53 impaired');
    const failed = await service.tick('stream');
    expect(failed).toMatchObject({ outcome: 'apply-failed' });
    const flipId = failed.outcome === 'apply-failed' ? failed.flipId : '';

    // Minutes later A has recovered and B is DOWN; Route 53 works again.
    s.clock.advance(5 * 60_000);
    s.verdicts.set(PRIMARY, 'UP');
    s.verdicts.set(SECONDARY, 'DOWN');
    s.dns.failing = undefined;
    expect(await service.tick()).toMatchObject({ outcome: 'superseded', flipId });
    expect(s.dns.records).toEqual(ONLY_PRIMARY);
    const status = await service.status();
    expect(status).toMatchObject({ traffic: ONLY_PRIMARY, flipsInWindow: 0 });
    expect(status.pendingFlip).toBeUndefined();
    expect((await service.history()).entries).toMatchObject([{ id: flipId, outcome: 'superseded', to: ONLY_SECONDARY }]);
    expect(notifier.events).toHaveLength(0);

    // And the tick after that holds on A for the right reason: A is UP (not hold-down on B).
    s.clock.advance(5000);
    expect(await service.tick()).toMatchObject({ outcome: 'hold', decision: { code: 'steady' } });
  });

  it('hold-down never keeps traffic on a DOWN region while another is UP: a second failure right after a flip is evacuated at once', async () => {
    const s = memoryScenario(
      controllerConfig('svc', 'health-signal', { failover: { holdDownSeconds: 600, flapWindowSeconds: 3600, maxFlipsPerWindow: 1, failback: 'manual', failbackDwellSeconds: 0 } }),
    );
    const { service } = s.controller();
    s.verdicts.set(PRIMARY, 'DOWN');
    s.verdicts.set(SECONDARY, 'UP');
    expect(await service.tick('stream')).toMatchObject({ outcome: 'flipped', flip: { plan: { to: ONLY_SECONDARY } } });
    // 10 s later (inside the hold-down, and the flap window already holds its maximum of 1 flip):
    s.clock.advance(10_000);
    s.verdicts.set(PRIMARY, 'UP');
    s.verdicts.set(SECONDARY, 'DOWN');
    expect(await service.tick('stream')).toMatchObject({ outcome: 'flipped', flip: { plan: { cause: 'failover', to: ONLY_PRIMARY } } });
  });
});

describe('timeline 3: the leader’s scheduled DNS reconcile racing an operator flip', () => {
  it('does not undo the operator’s flip: reconcile re-reads the state and skips when it changed', async () => {
    const s = memoryScenario(controllerConfig('svc', 'dns-update'));
    const leader = s.controller({ term: 1 });
    const api = s.controller({ term: undefined });
    s.verdicts.set(PRIMARY, 'UP');
    s.verdicts.set(SECONDARY, 'UP');
    await leader.service.tick();
    // The leader has loaded the state (traffic on A) and decided to hold; as it compares DNS with
    // what it loaded, an operator's flip to B lands (its UPSERT included).
    s.dns.beforeMatches = async () => {
      expect(await api.service.failover(SECONDARY, alice)).toMatchObject({ changed: true });
    };
    s.clock.advance(60_000);
    expect(await leader.service.tick('schedule')).toMatchObject({ outcome: 'hold', reconciled: false });
    expect((await api.service.status()).traffic).toEqual(ONLY_SECONDARY);
    expect(s.dns.records).toEqual(ONLY_SECONDARY);
  });
});

describe('timeline 4: pin/unpin losing its audit record', () => {
  it('the answer of the write that sets the pin is lost: the operator gets success and history has the pin', async () => {
    const s = memoryScenario(controllerConfig('svc', 'health-signal'));
    const api = s.controller({ term: undefined }).service;
    s.verdicts.set(PRIMARY, 'UP');
    s.verdicts.set(SECONDARY, 'UP');
    s.store.inject({ at: 'after', match: setsPin, fault: { kind: 'timeout' } });
    expect(await api.pin(PRIMARY, alice)).toMatchObject({ changed: true, pin: { region: PRIMARY, actor: 'alice' } });
    expect((await api.status()).pin).toMatchObject({ region: PRIMARY });
    expect((await api.history()).entries).toMatchObject([{ kind: 'pin', actor: 'alice', region: PRIMARY }]);
  });

  it('the API process dies right after the pin is written: the pin still has its audit entry', async () => {
    const s = memoryScenario(controllerConfig('svc', 'health-signal'));
    const api = s.controller({ term: undefined }).service;
    s.verdicts.set(PRIMARY, 'UP');
    s.verdicts.set(SECONDARY, 'UP');
    s.store.inject({ at: 'after', match: setsPin, fault: { kind: 'crash' } });
    await expect(api.pin(SECONDARY, alice)).rejects.toMatchObject({ name: 'SimulatedCrash' });
    const leader = s.controller({ term: 1 }).service;
    s.clock.advance(60_000);
    await leader.tick();
    expect((await leader.status()).pin).toMatchObject({ region: SECONDARY });
    expect((await leader.history()).entries.filter((e) => e.kind === 'pin')).toMatchObject([{ actor: 'alice', region: SECONDARY }]);
  });

  it('unpin whose answer is lost: success for the operator, an unpin entry in history', async () => {
    const s = memoryScenario(controllerConfig('svc', 'health-signal'));
    const api = s.controller({ term: undefined }).service;
    s.verdicts.set(PRIMARY, 'UP');
    s.verdicts.set(SECONDARY, 'UP');
    await api.pin(PRIMARY, alice);
    s.clock.advance(1000);
    s.store.inject({ at: 'after', match: clearsPin, fault: { kind: 'timeout' } });
    expect(await api.unpin({ reason: 'done', actor: 'bob' })).toMatchObject({ changed: true });
    expect((await api.status()).pin).toBeUndefined();
    expect((await api.history()).entries.map((e) => e.kind)).toEqual(['unpin', 'pin']);
  });
});

describe('timeline 5: a same-term writer publishing an outdated route table', () => {
  it('operator 1 resumes after operator 2’s newer flip was published: its outdated table is refused', async () => {
    const s = memoryScenario(controllerConfig('svc', 'health-signal'));
    const leader = s.controller({ term: 1 }).service;
    const paused = new InterposedRouteTables(s.routeTables);
    const op1 = s.controller({ term: undefined, routeTables: paused }).service;
    const op2 = s.controller({ term: undefined }).service;
    s.verdicts.set(PRIMARY, 'UP');
    s.verdicts.set(SECONDARY, 'UP');
    await leader.tick();
    expect(await s.routeTables.load()).toMatchObject({ version: 1, primary: PRIMARY });

    // Operator 1's flip to B completes; it pauses before publishing the table.
    const resume = gate();
    paused.beforeLoad = () => resume.opened;
    const op1Flip = op1.failover(SECONDARY, alice);
    await new Promise((r) => setImmediate(r));
    // The leader publishes B (v2); operator 2 flips to A and publishes it (v3).
    s.clock.advance(1000);
    expect(await leader.tick()).toMatchObject({ outcome: 'hold', routingTable: { outcome: 'published', version: 2 } });
    s.clock.advance(1000);
    expect(await op2.failover(PRIMARY, { reason: 'back', actor: 'bob' })).toMatchObject({ changed: true, flip: { routingTable: { version: 3 } } });
    // Operator 1 resumes.
    resume.open();
    expect(await op1Flip).toMatchObject({ changed: true });
    const table = await s.routeTables.load();
    expect(table).toMatchObject({ version: 3, primary: PRIMARY });
    expect(servingRegions((await leader.status()).traffic)).toEqual([table?.primary]);
  });
});

describe('timeline 6: a lost completion answer', () => {
  it('the completion lands, its answer is lost and the SDK retry meets it: the flip is still announced, exactly once', async () => {
    const s = memoryScenario(controllerConfig('svc', 'health-signal'));
    const { service, notifier } = s.controller();
    s.verdicts.set(PRIMARY, 'DOWN');
    s.verdicts.set(SECONDARY, 'UP');
    s.store.inject({ at: 'after', match: completes, fault: { kind: 'lost-answer' } });
    expect(await service.tick('stream')).toMatchObject({ outcome: 'flipped' });
    expect(notifier.events).toHaveLength(1);
    for (let i = 0; i < 3; i++) {
      s.clock.advance(120_000);
      await service.tick();
    }
    expect(notifier.events).toHaveLength(1);
  });

  it('the controller dies right after its completion: the next leader announces the flip, exactly once', async () => {
    const s = memoryScenario(controllerConfig('svc', 'health-signal'));
    const doomed = s.controller({ term: 1 });
    s.verdicts.set(PRIMARY, 'DOWN');
    s.verdicts.set(SECONDARY, 'UP');
    s.store.inject({ at: 'after', match: completes, fault: { kind: 'crash' } });
    await expect(doomed.service.tick('stream')).rejects.toMatchObject({ name: 'SimulatedCrash' });
    const next = s.controller({ term: 2 });
    for (let i = 0; i < 3; i++) {
      s.clock.advance(60_000);
      await next.service.tick();
    }
    expect(next.notifier.events).toMatchObject([{ to: ONLY_SECONDARY }]);
    expect(s.notifications()).toBe(1);
  });

  it('SNS down when the flip completes: the next tick announces it, exactly once', async () => {
    const s = memoryScenario(controllerConfig('svc', 'health-signal'));
    const { service, notifier } = s.controller();
    s.verdicts.set(PRIMARY, 'DOWN');
    s.verdicts.set(SECONDARY, 'UP');
    notifier.failing = new Error('SNS unavailable');
    expect(await service.tick('stream')).toMatchObject({ outcome: 'flipped' });
    notifier.failing = undefined;
    for (let i = 0; i < 3; i++) {
      s.clock.advance(60_000);
      await service.tick();
    }
    expect(notifier.events).toHaveLength(1);
  });
});

describe('an operator’s own flip after an ambiguous write', () => {
  it('the intent write lands and its answer is lost: the operator gets the flip, not “409 flip in progress” about their own flip', async () => {
    const s = memoryScenario(controllerConfig('svc', 'health-signal'));
    const api = s.controller({ term: undefined }).service;
    s.verdicts.set(PRIMARY, 'UP');
    s.verdicts.set(SECONDARY, 'UP');
    s.store.inject({ at: 'after', match: recordsIntent, fault: { kind: 'lost-answer' } });
    expect(await api.failover(SECONDARY, alice)).toMatchObject({ changed: true, traffic: ONLY_SECONDARY, flip: { actor: 'alice' } });
    expect((await api.status()).pendingFlip).toBeUndefined();
  });

  it('the completion lands and no answer ever comes: the operator is told what the state says, not an error', async () => {
    const s = memoryScenario(controllerConfig('svc', 'health-signal'));
    const api = s.controller({ term: undefined });
    s.verdicts.set(PRIMARY, 'UP');
    s.verdicts.set(SECONDARY, 'UP');
    s.store.inject({ at: 'after', match: completes, fault: { kind: 'timeout' } });
    expect(await api.service.failover(SECONDARY, alice)).toMatchObject({ changed: true, traffic: ONLY_SECONDARY });
    expect(api.notifier.events).toHaveLength(1);
    expect(await historyIds(s)).toHaveLength(1);
  });
});
