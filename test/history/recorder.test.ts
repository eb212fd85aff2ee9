/**
 * The recorder on an in-memory store and a manual clock: only verdict changes are recorded, a
 * repeat is a no-op, nothing ever reaches the caller as an error, and flush is bounded.
 */
import type { HistoryEvent } from '../../lambdas/history/rules/events';
import type { HistoryEventStore, PutOutcome } from '../../lambdas/history/event-store';
import { MemoryEventStore } from '../../lambdas/history/memory-event-store';
import { StoreHistoryRecorder, noHistory, type RecorderLog, type StoreHistoryRecorderOptions } from '../../lambdas/history/recorder';
import type { VerdictObservation } from '../../lambdas/history/rules/verdict-transitions';
import type { AuditEntry, FlipIntent } from '../../lambdas/failover/state-store';
import type { ApplyResult } from '../../lambdas/failover/dns-flipper';
import { ManualClock } from '../support/manual-clock';
import { A, B, DAY, MIN, ON_A, ON_B, S, T0 } from './support/events';

function logRecorder(): RecorderLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, warn: (message, extra) => lines.push(`${message} ${JSON.stringify(extra ?? {})}`) };
}

function setup(overrides: Partial<StoreHistoryRecorderOptions> = {}, store: Pick<HistoryEventStore, 'put'> = new MemoryEventStore()) {
  const clock = new ManualClock();
  const log = logRecorder();
  const recorder = new StoreHistoryRecorder({ store, clock, log, ...overrides });
  return { clock, log, recorder, store };
}

const votes = (state: 'UP' | 'DOWN') => [
  { checker: 'us-east-1', freshness: 'fresh' as const, state, ageMs: 900, seq: 4 },
  { checker: 'us-west-2', freshness: 'fresh' as const, state, ageMs: 1200, seq: 9 },
  { checker: 'eu-west-1', freshness: 'stale' as const, state: 'UP' as const, ageMs: 31_000, seq: 2 },
];

function observation(evaluatedAt: number, a: { status: 'UP' | 'DOWN' | 'UNKNOWN'; since?: number }, b = { status: 'UP' as const, since: T0 }): VerdictObservation {
  return {
    evaluatedAt,
    by: 'controller@us-west-2 (term 3)',
    verdicts: {
      [A]: { ...a, reason: `${a.status} reason`, ...(a.status === 'UNKNOWN' ? {} : { checkers: votes(a.status) }) },
      [B]: { ...b, reason: 'UP reason', checkers: votes('UP') },
    },
  };
}

async function all(store: MemoryEventStore): Promise<readonly HistoryEvent[]> {
  return (await store.range(T0 - DAY, T0 + DAY)).events;
}

class HangingStore implements Pick<HistoryEventStore, 'put'> {
  calls = 0;
  put(): Promise<PutOutcome> {
    this.calls += 1;
    return new Promise(() => undefined);
  }
}

describe('StoreHistoryRecorder', () => {
  it('records a region’s verdict only when it changes, dated by the quorum’s since, with each checker’s vote', async () => {
    const store = new MemoryEventStore();
    const { recorder } = setup({}, store);
    recorder.verdictsObserved(observation(T0 + 10 * S, { status: 'UP', since: T0 }));
    recorder.verdictsObserved(observation(T0 + 20 * S, { status: 'UP', since: T0 }));
    recorder.verdictsObserved(observation(T0 + 30 * S, { status: 'DOWN', since: T0 + 27 * S }));
    recorder.verdictsObserved(observation(T0 + 40 * S, { status: 'DOWN', since: T0 + 27 * S }));
    const report = await recorder.flush();
    expect(report).toMatchObject({ written: 3, existing: 0, failed: 0, dropped: 0, pending: 0, timedOut: false });
    const events = await all(store);
    expect(events.map((e) => (e.kind === 'verdict' ? `${e.region} ${e.status} @${(e.at - T0) / S}s` : e.kind))).toEqual([`${A} UP @0s`, `${B} UP @0s`, `${A} DOWN @27s`]);
    expect(events[2]).toMatchObject({
      evaluatedAt: T0 + 30 * S,
      by: 'controller@us-west-2 (term 3)',
      checkers: [
        { checker: 'us-east-1', freshness: 'fresh', state: 'DOWN' },
        { checker: 'us-west-2', freshness: 'fresh', state: 'DOWN' },
        { checker: 'eu-west-1', freshness: 'stale', state: 'UP' },
      ],
    });
  });

  it('writes nothing new when a restarted controller sees the same UP/DOWN verdicts again', async () => {
    const store = new MemoryEventStore();
    const first = setup({}, store).recorder;
    first.verdictsObserved(observation(T0 + 30 * S, { status: 'DOWN', since: T0 + 27 * S }));
    await first.flush();
    const restarted = setup({}, store).recorder;
    restarted.verdictsObserved(observation(T0 + 95 * S, { status: 'DOWN', since: T0 + 27 * S }));
    expect(await restarted.flush()).toMatchObject({ written: 0, existing: 2 });
    expect(await all(store)).toHaveLength(2);
  });

  it('dates an UNKNOWN verdict by the evaluation, which carries no quorum date', async () => {
    const store = new MemoryEventStore();
    const { recorder } = setup({}, store);
    recorder.verdictsObserved(observation(T0 + 50 * S, { status: 'UNKNOWN' }));
    await recorder.flush();
    expect((await all(store)).find((e) => e.kind === 'verdict' && e.region === A)).toMatchObject({ status: 'UNKNOWN', at: T0 + 50 * S, checkers: [] });
  });

  it('never throws at its caller when the store fails; it counts and logs the failure and records the verdict again next time', async () => {
    let failing = true;
    const memory = new MemoryEventStore();
    const store = { put: (e: HistoryEvent) => (failing ? Promise.reject(new Error('table unavailable')) : memory.put(e)) };
    const { recorder, log } = setup({}, store);
    expect(() => recorder.verdictsObserved(observation(T0 + 30 * S, { status: 'DOWN', since: T0 + 27 * S }))).not.toThrow();
    expect(await recorder.flush()).toMatchObject({ written: 0, failed: 2 });
    expect(log.lines.join('\n')).toMatch(/history event write failed .*table unavailable/);
    failing = false;
    recorder.verdictsObserved(observation(T0 + 35 * S, { status: 'DOWN', since: T0 + 27 * S }));
    expect(await recorder.flush()).toMatchObject({ written: 2, failed: 2 });
    expect((await all(memory)).map((e) => e.at)).toEqual([T0, T0 + 27 * S]);
  });

  it('in immediate mode starts the write at once without making the caller wait, and flush waits no longer than its bound', async () => {
    const hanging = new HangingStore();
    const { recorder, clock } = setup({ mode: 'immediate', flushTimeoutMs: 500 }, hanging);
    recorder.checkerStateChanged({ region: A, checker: 'eu-west-1', from: 'UP', to: 'DOWN', at: T0 + 10 * S, streakStartedAt: T0, streakStartEstimated: false });
    expect(hanging.calls).toBe(1);
    let report: Awaited<ReturnType<typeof recorder.flush>> | undefined;
    const flushing = recorder.flush().then((r) => (report = r));
    await clock.advance(499);
    expect(report).toBeUndefined();
    await clock.advance(1);
    await flushing;
    expect(report).toMatchObject({ pending: 1, timedOut: true });
  });

  it('by default (deferred) starts no write before flush', async () => {
    const store = new MemoryEventStore();
    const { recorder } = setup({}, store);
    recorder.flipIntent({ id: 'f1', plan: { cause: 'failover', from: ON_A, to: ON_B, reason: 'us-east-1 DOWN' }, term: 3, actor: 'controller@us-west-2', trigger: 'stream', createdAt: T0 });
    expect(store.size).toBe(0);
    expect(await recorder.flush()).toMatchObject({ written: 1 });
    expect(store.size).toBe(1);
  });

  it('records a flip intent’s term number next to its fencing token, and none when the intent has none', async () => {
    const store = new MemoryEventStore();
    const { recorder } = setup({ mode: 'immediate' }, store);
    const plan = { cause: 'failover' as const, from: ON_A, to: ON_B, reason: 'us-east-1 DOWN' };
    recorder.flipIntent({ id: 'f1', plan, term: 1_764_000_000_000, termNumber: 7, actor: 'controller@us-west-2', trigger: 'stream', createdAt: T0 });
    recorder.flipIntent({ id: 'f2', plan, term: 3, actor: 'alice', trigger: 'api', createdAt: T0 + S });
    expect(await recorder.flush()).toMatchObject({ written: 2, failed: 0 });
    const [numbered, plain] = await all(store);
    expect(numbered).toMatchObject({ kind: 'flip-intent', flipId: 'f1', term: 1_764_000_000_000, termNumber: 7 });
    expect(plain).toMatchObject({ kind: 'flip-intent', flipId: 'f2', term: 3 });
    expect(plain).not.toHaveProperty('termNumber');
  });

  it('drops events beyond its pending limit instead of holding memory, and says so', async () => {
    const hanging = new HangingStore();
    const { recorder, log, clock } = setup({ mode: 'immediate', maxPending: 2, flushTimeoutMs: 10 }, hanging);
    for (let i = 0; i < 3; i++) recorder.checkerStateChanged({ region: A, checker: `c${i}`, from: 'UP', to: 'DOWN', at: T0 + i, streakStartedAt: T0, streakStartEstimated: false });
    expect(hanging.calls).toBe(2);
    const flushing = recorder.flush();
    await clock.advance(10);
    expect(await flushing).toMatchObject({ dropped: 1, pending: 2 });
    expect(log.lines.join('\n')).toMatch(/not recorded .*more than 2 history writes pending/);
  });

  it('drops an invalid event with a log line naming the problem, without throwing', async () => {
    const { recorder, log } = setup();
    expect(() => recorder.checkerStateChanged({ region: '', checker: 'eu-west-1', from: 'UP', to: 'DOWN', at: T0, streakStartedAt: T0, streakStartEstimated: false })).not.toThrow();
    expect(await recorder.flush()).toMatchObject({ written: 0, dropped: 1 });
    expect(log.lines.join('\n')).toMatch(/checker-state.*region/);
  });

  it('records the three phases of a flip from the controller’s own intent, apply result and audit entry', async () => {
    const store = new MemoryEventStore();
    const { recorder } = setup({}, store);
    // Typed as the controller's own records, so a change on either side fails the type check here.
    const intent: FlipIntent = {
      id: 'f1',
      plan: { cause: 'failover', from: ON_A, to: ON_B, reason: 'us-east-1 DOWN' },
      term: 3,
      actor: 'controller@us-west-2',
      trigger: 'stream',
      createdAt: T0,
      verdicts: {},
    };
    const applied: ApplyResult = { mode: 'health-signal', changed: false, attempts: 1 };
    recorder.flipIntent(intent);
    recorder.flipApplied({ flipId: 'f1', intentAt: T0, appliedAt: T0 + 40, applied });
    const audit: AuditEntry = {
      id: 'f1',
      kind: 'flip',
      at: T0,
      actor: 'controller@us-west-2',
      term: 3,
      reason: 'us-east-1 DOWN',
      cause: 'failover',
      from: ON_A,
      to: ON_B,
      trigger: 'stream',
      timings: { intentAt: T0, appliedAt: T0 + 40, completedAt: T0 + 95 },
      dns: { mode: 'health-signal', changed: false, attempts: 1 },
    };
    recorder.flipCompleted(audit);
    recorder.flipCompleted(audit); // the roll-forward of an already completed flip
    expect(await recorder.flush()).toMatchObject({ written: 3, existing: 1 });
    const events = await all(store);
    expect(events.map((e) => [e.kind, e.at - T0])).toEqual([
      ['flip-intent', 0],
      ['flip-applied', 40],
      ['flip-completed', 95],
    ]);
    expect(events[2]).toMatchObject({ appliedAt: T0 + 40, mode: 'health-signal', from: ON_A, to: ON_B, cause: 'failover' });
  });

  it('refuses a completed flip without timings instead of recording half a fact', async () => {
    const { recorder, log } = setup();
    recorder.flipCompleted({ id: 'f1', actor: 'x', cause: 'failover', from: ON_A, to: ON_B });
    expect(await recorder.flush()).toMatchObject({ written: 0, dropped: 1 });
    expect(log.lines.join('\n')).toMatch(/flip f1 lacks/);
  });
});

describe('noHistory', () => {
  it('accepts every call and reports nothing written', async () => {
    noHistory.verdictsObserved(observation(T0 + MIN, { status: 'DOWN', since: T0 }));
    expect(await noHistory.flush()).toEqual({ written: 0, existing: 0, failed: 0, dropped: 0, pending: 0, timedOut: false });
  });
});
