/**
 * The controller's history notes (FailoverEvents) recorded by the history's recorder, on the
 * in-memory state store and event store: each verdict change and each phase of a flip is stored
 * once — also when a tick is retried by the next leader after a crash between writes, and when the
 * Events table fails (then nothing fails with it).
 */
import type { FailoverConfig } from '../../lambdas/config';
import { SimulatedCrash, type WriteEvent } from '../../lambdas/failover';
import type { FailoverEvents } from '../../lambdas/failover/failover-events';
import { buildReport, MemoryEventStore, recordingFailoverEvents, StoreHistoryRecorder, type HistoryEvent, type HistoryEventStore } from '../../lambdas/history';
import { systemClock } from '../../lambdas/platform/clock';
import { controllerConfig, PRIMARY, SECONDARY } from '../failover/configs';
import { memoryScenario, type MemoryScenario } from '../failover/support/memory-scenario';

const ONLY_SECONDARY = { [PRIMARY]: 0, [SECONDARY]: 1 };
const completes = (e: WriteEvent): boolean => e.applied === true && e.before?.intent !== undefined && e.after?.intent === undefined;
const recordsIntent = (e: WriteEvent): boolean => e.applied === true && e.before?.intent === undefined && e.after?.intent !== undefined;

/** One process's recorder over the shared Events table; its writes stop when the process dies. */
function processEvents(events: Pick<HistoryEventStore, 'put'>, alive: () => boolean = () => true): { notes: FailoverEvents; recorder: StoreHistoryRecorder } {
  const store = { put: (e: HistoryEvent) => (alive() ? events.put(e) : Promise.reject(new SimulatedCrash('this process is dead'))) };
  // The flush bound runs on real time: the test clock's sleeps return at once.
  const recorder = new StoreHistoryRecorder({ store, clock: systemClock });
  return { notes: recordingFailoverEvents(recorder), recorder };
}

async function stored(events: MemoryEventStore, s: MemoryScenario): Promise<readonly HistoryEvent[]> {
  return (await events.range(0, s.clock.wallMs() + 86_400_000)).events;
}

function count(all: readonly HistoryEvent[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of all) {
    const key = e.kind === 'verdict' ? `verdict ${e.region} ${e.status}` : e.kind;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

function downOnPrimary(s: MemoryScenario): void {
  s.verdicts.set(PRIMARY, 'DOWN');
  s.verdicts.set(SECONDARY, 'UP');
}

describe('the controller records what it observed in the event history', () => {
  let config: FailoverConfig;
  let events: MemoryEventStore;
  beforeEach(() => {
    config = controllerConfig('svc', 'health-signal');
    events = new MemoryEventStore();
  });

  it('a failover tick records the verdict change and each phase of its flip once; later ticks with the same verdicts add nothing', async () => {
    const s = memoryScenario(config);
    const { service } = s.controller({ events: processEvents(events).notes });
    s.verdicts.set(PRIMARY, 'UP');
    s.verdicts.set(SECONDARY, 'UP');
    expect(await service.tick()).toMatchObject({ outcome: 'hold' });
    s.clock.advance(10_000);
    s.verdicts.set(PRIMARY, 'DOWN');
    expect(await service.tick('stream')).toMatchObject({ outcome: 'flipped', flip: { plan: { to: ONLY_SECONDARY } } });
    for (let i = 0; i < 3; i++) {
      s.clock.advance(5000);
      expect(await service.tick()).toMatchObject({ outcome: 'hold' });
    }
    const all = await stored(events, s);
    expect(count(all)).toEqual({ [`verdict ${PRIMARY} UP`]: 1, [`verdict ${SECONDARY} UP`]: 1, [`verdict ${PRIMARY} DOWN`]: 1, 'flip-intent': 1, 'flip-applied': 1, 'flip-completed': 1 });
    const completed = all.find((e) => e.kind === 'flip-completed');
    expect(completed).toMatchObject({ cause: 'failover', to: ONLY_SECONDARY, mode: 'health-signal', actor: `controller@us-east-1`, at: s.clock.wallMs() - 15_000 });
    expect(all.find((e) => e.kind === 'verdict' && e.status === 'DOWN')).toMatchObject({ by: 'controller@us-east-1 (term 1)', evaluatedAt: s.clock.wallMs() - 15_000 });
  });

  it('the report built from those events holds the incident with its timings and the flip it caused', async () => {
    const s = memoryScenario(config);
    const { service } = s.controller({ events: processEvents(events).notes });
    const start = s.clock.wallMs();
    s.verdicts.set(PRIMARY, 'UP');
    s.verdicts.set(SECONDARY, 'UP');
    await service.tick();
    s.clock.advance(60_000);
    s.verdicts.set(PRIMARY, 'DOWN');
    s.clock.advance(400);
    await service.tick('stream');
    s.clock.advance(3_600_000);
    s.verdicts.set(PRIMARY, 'UP');
    await service.tick();
    const report = await buildReport({ store: events, config, window: { start, end: s.clock.wallMs() + 1 }, now: s.clock.wallMs() });
    expect(report.flips).toMatchObject([{ cause: 'failover', state: 'completed', to: ONLY_SECONDARY }]);
    // No checker recorded its first failed probe here, so the start is estimated from the probe settings.
    expect(report.incidents).toMatchObject([{ region: PRIMARY, open: false, startEstimated: true, decide_s: 0.4, flip_s: 0 }]);
  });

  it('a leader that dies after recording its intent, before any history write: the next leader rolls the flip forward and records every phase once', async () => {
    const s = memoryScenario(config);
    let dead = false;
    const doomed = s.controller({ term: 1, events: processEvents(events, () => !dead).notes });
    downOnPrimary(s);
    s.store.inject({
      at: 'after',
      match: recordsIntent,
      fault: () => {
        dead = true;
        return { kind: 'crash' };
      },
    });
    await expect(doomed.service.tick('stream')).rejects.toBeInstanceOf(SimulatedCrash);
    expect(events.size).toBe(0);

    const next = processEvents(events);
    s.clock.advance(30_000);
    expect(await s.controller({ term: 2, events: next.notes }).service.tick()).toMatchObject({ outcome: 'rolled-forward' });
    const all = await stored(events, s);
    expect(count(all)).toEqual({ [`verdict ${PRIMARY} DOWN`]: 1, [`verdict ${SECONDARY} UP`]: 1, 'flip-intent': 1, 'flip-applied': 1, 'flip-completed': 1 });
    // The intent is dated by its own recording, not by the roll-forward.
    expect(all.find((e) => e.kind === 'flip-intent')).toMatchObject({ intentAt: s.clock.wallMs() - 30_000, term: 1 });
  });

  it('a leader that dies after its commit: the next leader delivers the outbox entry and the phases already written are not written again', async () => {
    const s = memoryScenario(config);
    const first = processEvents(events);
    const doomed = s.controller({ term: 1, events: first.notes });
    downOnPrimary(s);
    s.store.inject({ at: 'after', match: completes, fault: { kind: 'crash' } });
    await expect(doomed.service.tick('stream')).rejects.toBeInstanceOf(SimulatedCrash);
    // Its tick's finally still flushed what it had noted before the crash: the intent and the apply.
    expect(count(await stored(events, s))).toMatchObject({ 'flip-intent': 1, 'flip-applied': 1 });
    expect(count(await stored(events, s))['flip-completed']).toBeUndefined();

    const next = processEvents(events);
    const successor = s.controller({ term: 2, events: next.notes });
    for (let i = 0; i < 3; i++) {
      s.clock.advance(60_000);
      await successor.service.tick();
    }
    expect(count(await stored(events, s))).toMatchObject({ 'flip-intent': 1, 'flip-applied': 1, 'flip-completed': 1 });
    const stats = await next.recorder.flush();
    expect(stats).toMatchObject({ failed: 0, dropped: 0 });
    expect(stats.existing).toBeGreaterThanOrEqual(2);
  });

  it('an operator failover through the API records its phases before the call returns', async () => {
    const s = memoryScenario(config);
    const api = s.controller({ term: undefined, events: processEvents(events).notes }).service;
    s.verdicts.set(PRIMARY, 'UP');
    s.verdicts.set(SECONDARY, 'UP');
    expect(await api.failover(SECONDARY, { reason: 'maintenance', actor: 'alice' })).toMatchObject({ changed: true });
    const all = await stored(events, s);
    expect(count(all)).toEqual({ 'flip-intent': 1, 'flip-applied': 1, 'flip-completed': 1 });
    expect(all.find((e) => e.kind === 'flip-intent')).toMatchObject({ cause: 'manual-failover', actor: 'alice', trigger: 'api', reason: 'maintenance' });
  });

  it('an Events table that fails never fails a tick or an operator command', async () => {
    const s = memoryScenario(config);
    const broken = processEvents({ put: () => Promise.reject(new Error('ProvisionedThroughputExceededException')) });
    const { service } = s.controller({ events: broken.notes });
    downOnPrimary(s);
    expect(await service.tick('stream')).toMatchObject({ outcome: 'flipped' });
    expect(await s.controller({ term: undefined, events: broken.notes }).service.failback({ reason: 'back', actor: 'alice', force: true })).toMatchObject({ changed: true });
    // Two verdicts and three phases of each of the two flips were attempted, and failed quietly.
    expect(await broken.recorder.flush()).toMatchObject({ written: 0, failed: 2 + 3 + 3 });
  });
});
