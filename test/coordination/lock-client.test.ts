/**
 * LockClient on the in-memory store with a manual clock: exact timing of danger signals and
 * takeovers, races, lost answers, and input validation. DynamoDB itself: lock.int.test.ts.
 */
import { LockClient, LockConfigError, LockLostError, LockReleasedError, LockTimeoutError, MemoryLockStore, type LockHandle } from '../../lambdas/coordination';
import { lockKey } from '../../lambdas/coordination/rules/keys';
import { safetyMarginMs } from '../../lambdas/coordination/rules/settings';
import { ManualClock, settle, skewedClock } from './support/clocks';
import { ControlledStore } from './support/stores';
import type { Clock } from '../../lambdas/platform/clock';

const LEASE = 1000;
const HEARTBEAT = 300;
const RETRY = 100;
const MARGIN = safetyMarginMs(LEASE, 0.01);

function world() {
  const clock = new ManualClock();
  const memory = new MemoryLockStore();
  let n = 0;
  const newId = (): string => `id-${String(++n).padStart(4, '0')}`;
  const client = (owner: string, options: { clock?: Clock; driftRate?: number; leaseMs?: number } = {}) => {
    const store = new ControlledStore(memory);
    const locks = new LockClient({
      store,
      clock: options.clock ?? clock,
      newId,
      random: () => 0.5,
      owner,
      leaseMs: options.leaseMs ?? LEASE,
      heartbeatMs: HEARTBEAT,
      retryMs: RETRY,
      ...(options.driftRate !== undefined ? { driftRate: options.driftRate } : {}),
    });
    return { locks, store };
  };
  return { clock, memory, client };
}

/** Records the manual time at which a promise settles. */
function timed<T>(clock: ManualClock, promise: Promise<T>): { value?: T; error?: unknown; atMs?: number } {
  const box: { value?: T; error?: unknown; atMs?: number } = {};
  promise.then(
    (value) => Object.assign(box, { value, atMs: clock.monotonicMs() }),
    (error: unknown) => Object.assign(box, { error, atMs: clock.monotonicMs() }),
  );
  return box;
}

function abortTime(clock: { monotonicMs(): number }, handle: LockHandle): { atMs?: number } {
  const box: { atMs?: number } = {};
  handle.signal.addEventListener('abort', () => (box.atMs = clock.monotonicMs()));
  return box;
}

describe('LockClient (in-memory store, manual clock)', () => {
  it('acquires an uncontended lock with exactly one conditional write', async () => {
    const { client, clock } = world();
    const a = client('a');
    const lock = await a.locks.acquire('orders');
    expect(a.store.calls).toEqual({ read: 0, acquireFree: 1, takeOver: 0, renew: 0, release: 0 });
    // A never-seen lock starts above the wall clock, so tokens keep growing after TTL deletion.
    expect(lock.token).toBe(clock.wallMs());
    expect(lock.isHeld()).toBe(true);
    await lock.release();
  });

  it('keeps the token across heartbeats and stays held while renewals succeed', async () => {
    const { client, clock, memory } = world();
    const a = client('a');
    const lock = await a.locks.acquire('orders', { payload: 'p1' });
    const firstVersion = (await memory.read(lockKey('orders')))?.recordVersion;
    await clock.advance(10 * HEARTBEAT);
    expect(lock.isHeld()).toBe(true);
    expect(a.store.calls.renew).toBe(10);
    const record = await memory.read(lockKey('orders'));
    expect(record?.token).toBe(lock.token);
    expect(record?.recordVersion).not.toBe(firstVersion);
    expect(record?.payload).toBe('p1');
    await lock.renew('p2');
    expect(lock.payload).toBe('p2');
    await lock.release();
  });

  it('grants a strictly larger token on every change of ownership', async () => {
    const { client } = world();
    const a = client('a');
    const b = client('b');
    const tokens: number[] = [];
    for (const who of [a, b, a, a, b]) {
      const lock = await who.locks.acquire('orders');
      tokens.push(lock.token);
      expect(await lock.release()).toBe(true);
    }
    for (let i = 1; i < tokens.length; i++) expect(tokens[i]).toBeGreaterThan(tokens[i - 1] ?? Infinity);
  });

  it('aborts the signal at last renewal sent + lease − margin when renewals stop getting through', async () => {
    const { client, clock } = world();
    const a = client('a');
    const lock = await a.locks.acquire('orders');
    const aborted = abortTime(clock, lock);
    await clock.advance(HEARTBEAT); // one successful renewal, sent at t = 300
    a.store.partitionAll();
    await clock.advanceUntil(() => lock.signal.aborted, 2 * LEASE);
    expect(aborted.atMs).toBe(HEARTBEAT + LEASE - MARGIN);
    expect(lock.signal.reason).toBeInstanceOf(LockLostError);
    expect((lock.signal.reason as LockLostError).reason).toBe('expired');
    expect(() => lock.assertHeld()).toThrow(/lost: no renewal succeeded in time/);
    // Failed renewals were retried every retry period until the deadline.
    expect(a.store.calls.renew).toBeGreaterThanOrEqual(1 + Math.floor((LEASE - MARGIN - HEARTBEAT) / RETRY));
  });

  it('still frees an expired lock on release when nobody has taken it', async () => {
    const { client, clock, memory } = world();
    const a = client('a');
    const lock = await a.locks.acquire('orders');
    a.store.partitioned = new Set(['renew']);
    await clock.advanceUntil(() => lock.signal.aborted, 2 * LEASE);
    expect(await lock.release()).toBe(true);
    expect((await memory.read(lockKey('orders')))?.released).toBe(true);
  });

  it('lets a waiter take over a crashed holder one lease + margin after the record last changed, after the holder stopped', async () => {
    const { client, clock } = world();
    const a = client('a');
    const b = client('b');
    const held = await a.locks.acquire('orders');
    const aStopped = abortTime(clock, held);
    const waiting = timed(clock, b.locks.acquire('orders', { waitMs: 10 * LEASE }));
    await clock.advance(2 * HEARTBEAT + 50); // two renewals land (t = 300, 600)
    a.store.partitionAll(); // crash at t = 650: nothing more from a
    const crashAtMs = clock.monotonicMs();
    await clock.advanceUntil(() => waiting.atMs !== undefined, 3 * LEASE);
    const taken = waiting.value;
    expect(taken?.token).toBeGreaterThan(held.token);
    expect(waiting.atMs).toBeLessThanOrEqual(crashAtMs + LEASE + RETRY + MARGIN);
    // Safety: the old holder's danger signal fired before the new grant.
    expect(aStopped.atMs).toBeDefined();
    expect(aStopped.atMs ?? Infinity).toBeLessThan(waiting.atMs ?? 0);
    await taken?.release();
  });

  it('never takes over a holder that keeps renewing; times out naming the holder', async () => {
    const { client, clock } = world();
    const a = client('a');
    const b = client('b');
    const held = await a.locks.acquire('orders');
    const waiting = timed(clock, b.locks.acquire('orders', { waitMs: 5 * LEASE }));
    await clock.advanceUntil(() => waiting.atMs !== undefined, 6 * LEASE, 10);
    expect(waiting.error).toBeInstanceOf(LockTimeoutError);
    expect((waiting.error as Error).message).toMatch(/lock "orders" not acquired within 5000 ms: held by "a" \(token \d+\); raise waitMs/);
    expect((waiting.error as LockTimeoutError).holder).toEqual({ owner: 'a', token: held.token });
    expect(held.isHeld()).toBe(true);
    expect(b.store.calls.takeOver).toBe(0);
    await held.release();
  });

  it('judges expiry by the lease the holder wrote, not the waiter’s own', async () => {
    const { client, clock } = world();
    const a = client('a');
    const b = client('b', { leaseMs: 5 * LEASE });
    const held = await a.locks.acquire('orders', { autoRenew: false });
    const waiting = timed(clock, b.locks.acquire('orders', { waitMs: 20 * LEASE }));
    await clock.advanceUntil(() => waiting.atMs !== undefined, 3 * LEASE);
    expect(waiting.atMs).toBe(LEASE + MARGIN);
    expect(waiting.value?.token).toBeGreaterThan(held.token);
    await waiting.value?.release();
  });

  it('stops at once with reason "taken" when a renewal finds a newer grant', async () => {
    const { client, clock, memory } = world();
    const a = client('a');
    const lock = await a.locks.acquire('orders');
    const record = await memory.read(lockKey('orders'));
    await memory.takeOver(lockKey('orders'), record?.recordVersion ?? '', {
      owner: 'intruder',
      recordVersion: 'x',
      token: lock.token + 1,
      leaseMs: LEASE,
      expiresAt: 0,
      wallMs: 0,
    });
    const aborted = abortTime(clock, lock);
    await clock.advance(HEARTBEAT);
    expect(aborted.atMs).toBe(HEARTBEAT);
    expect((lock.signal.reason as LockLostError).reason).toBe('taken');
    expect(await lock.release()).toBe(false);
    expect((await memory.read(lockKey('orders')))?.owner).toBe('intruder');
  });

  it.each([
    ['renew first', true],
    ['release first', false],
  ])('never resurrects a lock when a heartbeat races the release (%s)', async (_label, renewFirst) => {
    const { client, memory } = world();
    const a = client('a');
    const b = client('b');
    const lock = await a.locks.acquire('orders', { autoRenew: false });
    const renewal = renewFirst ? lock.renew() : undefined;
    const released = lock.release();
    const lateRenewal = renewFirst ? undefined : lock.renew();
    const results = await Promise.allSettled([renewal, released, lateRenewal]);
    expect(results[1]).toEqual({ status: 'fulfilled', value: true });
    if (!renewFirst) expect(results[2]).toMatchObject({ status: 'rejected', reason: expect.any(LockReleasedError) });
    await settle();
    expect((await memory.read(lockKey('orders')))?.released).toBe(true);
    expect(lock.signal.reason).toBeInstanceOf(LockReleasedError);
    const next = await b.locks.tryAcquire('orders');
    expect(next?.token).toBeGreaterThan(lock.token);
    await next?.release();
  });

  it('adopts its own grant when the answer to the acquiring write was lost', async () => {
    const { client, clock } = world();
    const a = client('a');
    a.store.ambiguousWrites = 1;
    const acquiring = timed(clock, a.locks.acquire('orders'));
    await clock.advanceUntil(() => acquiring.atMs !== undefined, LEASE);
    const lock = acquiring.value;
    expect(lock?.isHeld()).toBe(true);
    expect(a.store.calls.acquireFree).toBe(1);
    // The lease counts from when the lost write was sent (t = 0), not from when it was adopted.
    expect(lock?.remainingMs()).toBe(LEASE - MARGIN - (acquiring.atMs ?? 0));
    await lock?.release();
  });

  it('tryAcquire makes one write and returns undefined while the lock is held', async () => {
    const { client, clock, memory } = world();
    const a = client('a');
    const b = client('b');
    const held = await a.locks.acquire('orders');
    expect(await b.locks.tryAcquire('orders')).toBeUndefined();
    expect(b.store.calls).toEqual({ read: 0, acquireFree: 1, takeOver: 0, renew: 0, release: 0 });
    const record = await memory.read(lockKey('orders'));
    expect(await b.locks.current('orders')).toEqual({
      name: 'orders',
      owner: 'a',
      token: held.token,
      leaseMs: LEASE,
      payload: undefined,
      recordVersion: record?.recordVersion,
      expiresAtMs: clock.wallMs() + LEASE,
    });
    await held.release();
    expect(await b.locks.current('orders')).toBeUndefined();
  });

  it('keeps tokens growing after TTL deletes an idle record (wall-clock tokens)', async () => {
    const { client, clock, memory } = world();
    const a = client('a');
    const first = await a.locks.acquire('orders');
    await first.release();
    memory.delete(lockKey('orders'));
    await clock.advance(5);
    const second = await a.locks.acquire('orders');
    expect(second.token).toBeGreaterThan(first.token);
    await second.release();
  });

  it('gives up at once with waitMs 0 and stops waiting when the caller aborts', async () => {
    const { client, clock } = world();
    const a = client('a');
    const b = client('b');
    const held = await a.locks.acquire('orders');
    await expect(b.locks.acquire('orders', { waitMs: 0 })).rejects.toBeInstanceOf(LockTimeoutError);
    const controller = new AbortController();
    const waiting = timed(clock, b.locks.acquire('orders', { signal: controller.signal, waitMs: Infinity }));
    await clock.advance(RETRY * 3);
    controller.abort(new Error('shutting down'));
    await clock.advance(RETRY);
    expect((waiting.error as Error).message).toBe('shutting down');
    await held.release();
  });

  it('holds the safety argument under clock-rate skew within driftRate, and shows why the margin exists', async () => {
    // Holder's clock runs slow (it thinks less time passed), waiter's runs fast: the worst case.
    const run = async (driftRate: number, skew: number): Promise<{ stoppedAt: number; takenAt: number }> => {
      const { client, clock } = world();
      const a = client('a', { clock: skewedClock(clock, { rate: 1 - skew, offsetMs: 123_456 }), driftRate });
      const b = client('b', { clock: skewedClock(clock, { rate: 1 + skew, offsetMs: -98_765 }), driftRate });
      const held = await a.locks.acquire('orders');
      const stopped = abortTime(clock, held);
      a.store.partitionAll();
      const waiting = timed(clock, b.locks.acquire('orders', { waitMs: 10 * LEASE }));
      await clock.advanceUntil(() => waiting.atMs !== undefined && held.signal.aborted, 3 * LEASE);
      return { stoppedAt: stopped.atMs ?? Infinity, takenAt: waiting.atMs ?? -Infinity };
    };
    const safe = await run(0.01, 0.0049);
    expect(safe.stoppedAt).toBeLessThan(safe.takenAt);
    const unsafe = await run(0, 0.01);
    expect(unsafe.stoppedAt).toBeGreaterThan(unsafe.takenAt);
  });
});

describe('LockClient input validation', () => {
  const store = new MemoryLockStore();
  const locks = new LockClient({ store, owner: 'a', clock: new ManualClock() });

  it.each([
    ['an empty name', () => locks.acquire(''), /lock name must be a non-empty string/],
    ['a name with control characters', () => locks.tryAcquire('a\nb'), /lock name must not contain control characters/],
    ['a zero lease', () => locks.acquire('x', { leaseMs: 0 }), /leaseMs must be a whole number of milliseconds from 100 to 3600000, got 0/],
    ['a negative lease', () => locks.acquire('x', { leaseMs: -5 }), /leaseMs must be .* got -5/],
    ['a lease shorter than 2 heartbeats', () => locks.acquire('x', { leaseMs: 1000, heartbeatMs: 600 }), /leaseMs \(1000\) must be at least 2 × heartbeatMs \(600\).*lower heartbeatMs to 500/],
    ['a negative wait', () => locks.acquire('x', { waitMs: -1 }), /waitMs must be a non-negative number/],
    ['an oversized payload', () => locks.acquire('x', { payload: 'x'.repeat(70_000) }), /payload must be at most 65536 bytes/],
    ['a retry longer than the lease', () => locks.acquire('x', { leaseMs: 1000, retryMs: 5000 }), /retryMs \(5000\) must not exceed leaseMs/],
    ['an absurd drift rate', () => locks.acquire('x', { driftRate: 0.5 }), /driftRate must be a number from 0 to 0.1/],
  ])('rejects %s with LockConfigError', async (_label, call, message) => {
    const error = await call().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(LockConfigError);
    expect((error as Error).message).toMatch(message);
  });

  it('reports every problem at once', () => {
    let error: unknown;
    try {
      new LockClient({ store, owner: 'ok', leaseMs: 50, retryMs: -1, driftRate: -1 });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(LockConfigError);
    expect((error as LockConfigError).problems).toEqual([expect.stringMatching(/^leaseMs must be/), expect.stringMatching(/^retryMs must be a positive/), expect.stringMatching(/^driftRate must be/)]);
  });
});
