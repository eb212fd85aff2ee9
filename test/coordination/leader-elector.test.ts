/** LeaderElector on the in-memory store with a manual clock. DynamoDB itself: leader.int.test.ts. */
import { leaderSchema } from '../../lambdas/config';
import { LeaderElector, LockConfigError, LockLostError, LockReleasedError, MemoryLockStore, type LeaderInfo, type LeadershipLease } from '../../lambdas/coordination';
import { safetyMarginMs } from '../../lambdas/coordination/rules/settings';
import { ManualClock } from './support/clocks';
import { ControlledStore } from './support/stores';

const SETTINGS = { leaseMs: 1500, renewMs: 500, retryMs: 200 };
const MARGIN = safetyMarginMs(SETTINGS.leaseMs, 0.01);

function world() {
  const clock = new ManualClock();
  const memory = new MemoryLockStore();
  let n = 0;
  const elector = (candidate: string) => {
    const store = new ControlledStore(memory);
    return { store, elector: new LeaderElector({ store, clock, newId: () => `v${++n}`, random: () => 0.5, group: 'controller', candidate, settings: SETTINGS }) };
  };
  return { clock, memory, elector };
}

function settleInto<T>(promise: Promise<T>): { value?: T; error?: unknown; done: boolean } {
  const box: { value?: T; error?: unknown; done: boolean } = { done: false };
  promise.then(
    (value) => Object.assign(box, { value, done: true }),
    (error: unknown) => Object.assign(box, { error, done: true }),
  );
  return box;
}

describe('LeaderElector (in-memory store, manual clock)', () => {
  it('takes its defaults from leaderSchema and maps renewMs onto the heartbeat', () => {
    const defaults = leaderSchema.parse({});
    const elector = new LeaderElector({ store: new MemoryLockStore(), group: 'g', candidate: 'c', settings: defaults });
    expect(elector.settings).toMatchObject({ leaseMs: 15_000, heartbeatMs: 5_000, retryMs: 2_000, driftRate: 0.01 });
    expect(new LeaderElector({ store: new MemoryLockStore(), group: 'g', candidate: 'c' }).settings).toEqual(elector.settings);
  });

  it('rejects bad settings and names with LockConfigError', () => {
    const store = new MemoryLockStore();
    expect(() => new LeaderElector({ store, group: '', candidate: 'c' })).toThrow(/group must be a non-empty string/);
    expect(() => new LeaderElector({ store, group: 'g', candidate: 'c', settings: { leaseMs: 4000, renewMs: 3000 } })).toThrow(LockConfigError);
    expect(() => new LeaderElector({ store, group: 'g', candidate: 'c', settings: { leaseMs: -1 } })).toThrow(/leaseMs must be/);
  });

  it('elects one leader; after it resigns the next candidate leads with the next term within a retry period', async () => {
    const { clock, elector } = world();
    const a = elector('a');
    const b = elector('b');
    const first = await a.elector.campaign({ payload: 'us-east-1' });
    expect(await a.elector.campaign()).toBe(first);
    const waiting = settleInto(b.elector.campaign());
    await clock.advance(3 * SETTINGS.leaseMs);
    expect(waiting.done).toBe(false);
    expect(first.isHeld()).toBe(true);
    expect(await b.elector.current()).toEqual({ group: 'controller', candidate: 'a', term: first.token, termNumber: 1, payload: 'us-east-1', stale: false });
    expect(await a.elector.resign()).toBe(true);
    expect(first.signal.reason).toBeInstanceOf(LockReleasedError);
    const tookMs = await clock.advanceUntil(() => waiting.done, SETTINGS.retryMs * 2);
    expect(tookMs).toBeLessThanOrEqual(SETTINGS.retryMs);
    expect(waiting.value?.token).toBeGreaterThan(first.token);
    expect(waiting.value?.owner).toBe('b');
    expect([first.sequence, waiting.value?.sequence]).toEqual([1, 2]);
  });

  it('replaces a crashed leader within one lease + margin + one retry period', async () => {
    const { clock, elector } = world();
    const a = elector('a');
    const b = elector('b');
    const first = await a.elector.campaign();
    const waiting = settleInto(b.elector.campaign());
    await clock.advance(1234);
    a.store.partitionAll();
    const tookMs = await clock.advanceUntil(() => waiting.done, 3 * SETTINGS.leaseMs);
    expect(tookMs).toBeLessThanOrEqual(SETTINGS.leaseMs + MARGIN + SETTINGS.retryMs);
    expect(first.signal.aborted).toBe(true);
    expect((first.signal.reason as LockLostError).reason).toBe('expired');
    expect(waiting.value?.token).toBeGreaterThan(first.token);
    expect(waiting.value?.sequence).toBe(first.sequence + 1);
  });

  it('keeps counting a crashed leader’s lease across campaigns that give up and start again (a takeover is not delayed by a new full lease)', async () => {
    const { clock, elector } = world();
    const a = elector('a');
    const b = elector('b');
    await a.elector.campaign();
    a.store.partitionAll();
    const crashedAt = clock.monotonicMs();
    // A scheduled run campaigns for a bounded time, gives up, and the next run campaigns again.
    const bounded = new AbortController();
    const first = settleInto(b.elector.campaign({ signal: bounded.signal }));
    await clock.advance(SETTINGS.leaseMs * 0.8);
    bounded.abort(new Error('this run is over'));
    await clock.advanceUntil(() => first.done, SETTINGS.retryMs);
    expect(first.error).toBeDefined();
    const second = settleInto(b.elector.campaign());
    await clock.advanceUntil(() => second.done, 3 * SETTINGS.leaseMs);
    expect(second.value?.owner).toBe('b');
    expect(clock.monotonicMs() - crashedAt).toBeLessThanOrEqual(SETTINGS.leaseMs + MARGIN + SETTINGS.retryMs);
  });

  it('observes leaders, staleness of a crashed one, and the next term', async () => {
    const { clock, elector } = world();
    const a = elector('a');
    const b = elector('b');
    const watcher = elector('w');
    const controller = new AbortController();
    const seen: Array<LeaderInfo | undefined> = [];
    const observing = (async () => {
      for await (const info of watcher.elector.observe({ signal: controller.signal })) seen.push(info);
    })();
    await clock.advance(1);
    const first = await a.elector.campaign();
    await clock.advance(SETTINGS.retryMs * 2);
    a.store.partitionAll();
    const second = settleInto(b.elector.campaign());
    await clock.advanceUntil(() => second.done, 3 * SETTINGS.leaseMs);
    await clock.advance(SETTINGS.retryMs * 2);
    controller.abort();
    await clock.advance(SETTINGS.retryMs);
    await observing;
    const label = (i: LeaderInfo | undefined): string => (i ? `${i.candidate}@${i.term === first.token ? 'first' : i.term > first.token ? 'later' : 'earlier'}${i.stale ? ' stale' : ''}` : 'none');
    expect(seen.map(label)).toEqual(['none', 'a@first', 'a@first stale', 'b@later']);
  });

  it('fences writes on "stored term ≤ my term" under its own attribute', async () => {
    const { elector } = world();
    const leadership: LeadershipLease = await elector('a').elector.campaign();
    const input = leadership.fenced({ TableName: 'state', Key: { pk: 'p', sk: 's' }, UpdateExpression: 'SET active = :a', ExpressionAttributeValues: { ':a': ['us-east-1'] } });
    expect(input).toEqual({
      TableName: 'state',
      Key: { pk: 'p', sk: 's' },
      UpdateExpression: 'SET #fence_fenceTerm = :fence_fenceTerm, active = :a',
      ConditionExpression: '(attribute_not_exists(#fence_fenceTerm) OR #fence_fenceTerm <= :fence_fenceTerm)',
      ExpressionAttributeNames: { '#fence_fenceTerm': 'fenceTerm' },
      ExpressionAttributeValues: { ':a': ['us-east-1'], ':fence_fenceTerm': leadership.token },
    });
    expect(leadership.fenceCondition().conditionExpression).toBe('(attribute_not_exists(#fence_fenceTerm) OR #fence_fenceTerm <= :fence_fenceTerm)');
    await leadership.release();
    expect(() => leadership.assertHeld()).toThrow(/leadership of "controller" \(token \d+\) was released by its holder/);
  });
});
