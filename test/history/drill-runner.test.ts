/**
 * Practice failovers end to end on in-memory stores: the API starts and aborts drills, leaders'
 * ticks watch them and bring traffic home; crashes and leadership changes in between.
 */
import { controllerConfig, PRIMARY, SECONDARY } from '../failover/configs';
import { DrillRequestError } from '../../lambdas/history/drill-runner';
import { getDrillReport } from '../../lambdas/history/drill-report';
import { drillScenario, SIGNAL_CHECK, type DrillScenario } from './support/drill-scenario';
import type { FailoverConfigInput } from '../../lambdas/config';

const HOME = { [PRIMARY]: 1, [SECONDARY]: 0 };
const AWAY = { [PRIMARY]: 0, [SECONDARY]: 1 };
const MIN = 60_000;
const TEN_MIN = 10 * MIN;

function setUp(flipMode: 'health-signal' | 'dns-update' = 'health-signal', overrides: Partial<FailoverConfigInput> = {}): DrillScenario {
  const s = drillScenario(controllerConfig('svc', flipMode, overrides));
  s.verdicts.set(PRIMARY, 'UP');
  s.verdicts.set(SECONDARY, 'UP');
  return s;
}

const request = { target: SECONDARY, durationMs: TEN_MIN, reason: 'quarterly game day', actor: 'alice' };

/** Committed intents with a drill cause, by cause (from the audit trail: every commit is audited). */
async function drillFlips(s: DrillScenario): Promise<{ out: string[]; back: string[] }> {
  const entries = s.store.auditEntries().filter((e) => e.outcome !== 'superseded');
  return { out: entries.filter((e) => e.cause === 'drill').map((e) => e.id), back: entries.filter((e) => e.cause === 'drill-return').map((e) => e.id) };
}

describe('DrillRunner', () => {
  it('start → all traffic on the target → the leader returns it home when the time is up; the report has the RTO both ways', async () => {
    const s = setUp();
    const api = s.api();
    const leader = s.leader();
    const started = await api.runner.start(request);
    expect(started).toMatchObject({ started: true, report: { id: 'drill-1', outcome: 'running', target: SECONDARY, home: HOME } });
    expect((await api.service.status()).traffic).toEqual(AWAY);

    s.clock.advance(5 * MIN);
    expect(await leader.service.tick()).toMatchObject({ outcome: 'drill', drillId: 'drill-1', detail: expect.stringMatching(/^watching/) });
    expect((await api.service.status()).traffic).toEqual(AWAY);

    s.clock.advance(5 * MIN);
    expect(await leader.service.tick()).toMatchObject({ outcome: 'drill', flip: { plan: { cause: 'drill-return', to: HOME, drillId: 'drill-1' } } });
    expect((await api.service.status()).traffic).toEqual(HOME);
    expect(await drillFlips(s)).toEqual({ out: ['drill-1.out'], back: ['drill-1.back'] });

    const report = await api.runner.report('drill-1');
    // health-signal: traffic moved = committed + 10 s × 2; the test clock stands still during a flip.
    expect(report).toMatchObject({ outcome: 'returned', aborted: false, code: 'duration-elapsed', rto: { out_s: 20, back_s: 20 }, onTarget_s: TEN_MIN / 1000, problems: [] });
    expect(report?.steps.map((st) => st.step)).toEqual(['requested', 'moving-out', 'moved-out', 'watching', 'returning', 'returned']);
    expect(report?.legs.out).toMatchObject({ flipId: 'drill-1.out', mode: 'health-signal' });
    // The same steps went to the Events table.
    expect(await getDrillReport(s.events, 'drill-1', SIGNAL_CHECK)).toEqual(report);
    // Finished: automation decides again.
    expect(await leader.service.tick()).toMatchObject({ outcome: 'hold' });
  });

  it('an operator abort returns traffic at once and the report says why', async () => {
    const s = setUp();
    const api = s.api();
    await api.runner.start(request);
    s.clock.advance(MIN);
    const report = await api.runner.abort('drill-1', { actor: 'bob', reason: 'customer escalation' });
    expect(report).toMatchObject({ outcome: 'returned', aborted: true, code: 'operator-abort', rto: { out_s: 20, back_s: 20 }, onTarget_s: 60 });
    expect(report.problems).toEqual([expect.stringMatching(/^returned early \(operator-abort\): bob aborted the drill \(customer escalation\)/)]);
    expect((await api.service.status()).traffic).toEqual(HOME);
    await expect(api.runner.abort('drill-1', { actor: 'bob', reason: 'again' })).rejects.toMatchObject({ kind: 'conflict' });
    await expect(api.runner.abort('drill-9', { actor: 'bob', reason: 'x' })).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('the target going DOWN returns traffic home early, with one flip (cause drill-return), not an automatic failover too', async () => {
    const s = setUp();
    const api = s.api();
    const leader = s.leader();
    await api.runner.start(request);
    s.clock.advance(MIN);
    s.verdicts.set(SECONDARY, 'DOWN');
    expect(await leader.service.tick('stream')).toMatchObject({ outcome: 'drill', flip: { plan: { cause: 'drill-return', to: HOME } } });
    expect(await api.runner.report('drill-1')).toMatchObject({ outcome: 'returned', aborted: true, code: 'target-down' });
    expect(await drillFlips(s)).toEqual({ out: ['drill-1.out'], back: ['drill-1.back'] });
    expect(s.store.committedIntents().filter((c) => c.changedTraffic)).toHaveLength(2);
  });

  it('the home region going DOWN ends the drill without returning; automation keeps traffic on the UP target', async () => {
    const s = setUp();
    const api = s.api();
    const leader = s.leader();
    await api.runner.start(request);
    s.clock.advance(MIN);
    s.verdicts.set(PRIMARY, 'DOWN');
    expect(await leader.service.tick('stream')).toMatchObject({ outcome: 'hold', decision: { code: 'steady' } });
    expect(await api.runner.report('drill-1')).toMatchObject({ outcome: 'stayed', code: 'home-down', rto: { out_s: 20, back_s: null } });
    s.clock.advance(TEN_MIN);
    expect(await leader.service.tick()).toMatchObject({ outcome: 'hold' });
    expect((await api.service.status()).traffic).toEqual(AWAY);
    expect((await drillFlips(s)).back).toEqual([]);
  });

  it('automation does not fail back over a running drill, even with automatic failback and no hold-down', async () => {
    const s = setUp('health-signal', { failover: { holdDownSeconds: 0, flapWindowSeconds: 3600, maxFlipsPerWindow: 10, failback: 'auto', failbackDwellSeconds: 0 } });
    const api = s.api();
    const leader = s.leader();
    await api.runner.start(request);
    s.clock.advance(MIN);
    expect(await leader.service.tick()).toMatchObject({ outcome: 'drill' });
    expect((await api.service.status()).traffic).toEqual(AWAY);
  });

  it('a leader that crashes after recording the return flip: the next leader rolls it forward and finishes the drill', async () => {
    const s = setUp();
    const api = s.api();
    const first = s.leader(1);
    await api.runner.start(request);
    s.clock.advance(TEN_MIN);
    s.store.inject({ at: 'after', match: (e) => e.write === 'recordIntent' && e.after?.intent?.plan.cause === 'drill-return', fault: { kind: 'crash' } });
    await expect(first.service.tick()).rejects.toMatchObject({ name: 'SimulatedCrash' });
    expect((await api.service.status()).pendingFlip).toMatchObject({ id: 'drill-1.back', cause: 'drill-return' });

    const second = s.leader(2);
    s.clock.advance(2000);
    expect(await second.service.tick()).toMatchObject({ outcome: 'rolled-forward', flip: { id: 'drill-1.back' } });
    // The drill notes the completed leg and ends; nothing flipped this tick, so automation decides.
    expect(await second.service.tick()).toMatchObject({ outcome: 'hold' });
    expect(await api.runner.report('drill-1')).toMatchObject({ outcome: 'returned', code: 'duration-elapsed', rto: { out_s: 20 } });
    expect(await drillFlips(s)).toEqual({ out: ['drill-1.out'], back: ['drill-1.back'] });
  });

  it('an API that dies before recording the out flip: the leader records it (once) and runs the drill', async () => {
    const s = setUp();
    const api = s.api();
    s.store.inject({ at: 'before', match: (e) => e.write === 'recordIntent', fault: { kind: 'crash' } });
    await expect(api.runner.start(request)).rejects.toMatchObject({ name: 'SimulatedCrash' });
    expect(await s.drills.latest()).toMatchObject({ drill: { phase: 'moving-out' }, leg: { flipId: 'drill-1.out' } });

    const leader = s.leader(1);
    expect(await leader.service.tick()).toMatchObject({ outcome: 'drill', flip: { id: 'drill-1.out', plan: { cause: 'drill' } } });
    s.clock.advance(TEN_MIN);
    expect(await leader.service.tick()).toMatchObject({ outcome: 'drill', flip: { id: 'drill-1.back' } });
    expect(await drillFlips(s)).toEqual({ out: ['drill-1.out'], back: ['drill-1.back'] });
  });

  it('a change of leader mid-drill: the new leader watches the drill and returns traffic at the end', async () => {
    const s = setUp();
    const api = s.api();
    await api.runner.start(request);
    expect(await s.leader(1).service.tick()).toMatchObject({ outcome: 'drill' });
    s.clock.advance(TEN_MIN);
    expect(await s.leader(2).service.tick()).toMatchObject({ outcome: 'drill', flip: { plan: { cause: 'drill-return' }, term: 2 } });
    expect((await api.service.status()).traffic).toEqual(HOME);
  });

  it('a drill record that cannot be read never blocks automation: the tick fails over as usual', async () => {
    const s = setUp();
    const leader = s.leader();
    jest.spyOn(s.drills, 'latest').mockRejectedValue(new Error('State table throttled'));
    s.verdicts.set(PRIMARY, 'DOWN');
    expect(await leader.service.tick('stream')).toMatchObject({ outcome: 'flipped', flip: { plan: { cause: 'failover', to: AWAY } } });
  });

  describe('pre-checks refuse, saying which', () => {
    it.each([
      ['an unknown region', () => setUp(), { target: 'mars-north-1' }, 'unknown-region', /mars-north-1 is not an app region/],
      ['a target that is not UP', (s: DrillScenario = setUp()) => (s.verdicts.set(SECONDARY, 'DOWN'), s), {}, 'target-not-up', /us-west-2 is DOWN/],
      ['a target that already serves', () => setUp(), { target: PRIMARY }, 'target-already-serving', /already serves all traffic/],
    ] as const)('%s', async (_name, make, over, code, detail) => {
      const s = make();
      const result = await s.api().runner.start({ ...request, ...over });
      expect(result).toMatchObject({ started: false, report: { outcome: 'refused', code, detail: expect.stringMatching(detail) } });
      expect(s.store.committedIntents()).toEqual([]);
    });

    it('pinned traffic', async () => {
      const s = setUp();
      const api = s.api();
      await api.service.pin(PRIMARY, { reason: 'maintenance', actor: 'carol' });
      expect(await api.runner.start(request)).toMatchObject({ started: false, report: { code: 'pinned', detail: expect.stringMatching(/pinned to us-east-1; unpin first/) } });
    });

    it('a flip in progress', async () => {
      const s = setUp('dns-update');
      const api = s.api();
      s.dns.failing = new Error('Route 53 throttled');
      await expect(api.service.failover(SECONDARY, { reason: 'x', actor: 'carol' })).rejects.toThrow();
      expect(await api.runner.start(request)).toMatchObject({ started: false, report: { code: 'intent-pending', detail: expect.stringMatching(/is in progress/) } });
    });

    it('another drill running', async () => {
      const s = setUp();
      const api = s.api();
      await api.runner.start(request);
      await expect(api.runner.start(request)).rejects.toEqual(
        new DrillRequestError('conflict', 'drill drill-1 is running (watching); abort it (POST /drills/drill-1/abort) or wait until it has finished'),
      );
    });
  });
});
