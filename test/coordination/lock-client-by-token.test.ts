/**
 * LockClient.renewByToken / releaseByToken on the in-memory store: a holder without a handle here
 * (an HTTP caller) names its grant by owner + token. Same conditions as a handle's renew/release:
 * the grant must still be in the record and not released; release never resurrects.
 */
import fc from 'fast-check';
import { CoordinationUnavailableError, LockClient, LockConfigError, LockLostError, MemoryLockStore, type LockStore, type WriteOutcome } from '../../lambdas/coordination';
import { lockKey } from '../../lambdas/coordination/rules/keys';
import type { GrantUpdate, LockRecord } from '../../lambdas/coordination/rules/record';
import { safetyMarginMs } from '../../lambdas/coordination/rules/settings';
import { ManualClock } from './support/clocks';
import { ControlledStore } from './support/stores';

const LEASE = 1000;
const KEY = lockKey('orders');

function world() {
  const clock = new ManualClock();
  const memory = new MemoryLockStore();
  let n = 0;
  const newId = (): string => `id-${String(++n).padStart(4, '0')}`;
  const client = (owner: string, store: LockStore = memory) => {
    const controlled = new ControlledStore(store);
    return { store: controlled, locks: new LockClient({ store: controlled, clock, newId, random: () => 0.5, owner, leaseMs: LEASE }) };
  };
  /** The API process: it holds no handles, only relays owner + token. */
  const api = client('api');
  /** A grant as a remote caller holds it: token and owner, nothing renewing it in the background. */
  const remoteGrant = async (owner = 'remote', options: { payload?: string; name?: string } = {}) => {
    const handle = await client(owner).locks.acquire(options.name ?? 'orders', { autoRenew: false, waitMs: 0, ...(options.payload !== undefined ? { payload: options.payload } : {}) });
    return { owner: handle.owner, token: handle.token };
  };
  return { clock, memory, client, api, remoteGrant };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (err: unknown) => err,
  );
}

async function lossOf(promise: Promise<unknown>): Promise<string | undefined> {
  const err = await rejection(promise);
  expect(err).toBeInstanceOf(LockLostError);
  return (err as LockLostError).reason;
}

describe('LockClient.renewByToken', () => {
  it('renews the named grant: same token, new record version and expiry, lease and payload kept', async () => {
    const { api, clock, memory, remoteGrant } = world();
    const grant = await remoteGrant('remote', { payload: 'job-7' });
    const before = await memory.read(KEY);
    await clock.advance(400);
    const info = await api.locks.renewByToken('orders', grant);
    const after = await memory.read(KEY);
    expect(info).toEqual({
      name: 'orders',
      owner: 'remote',
      token: grant.token,
      leaseMs: LEASE,
      payload: 'job-7',
      recordVersion: after?.recordVersion,
      expiresAtMs: clock.wallMs() + LEASE,
    });
    expect(after?.recordVersion).not.toBe(before?.recordVersion);
    expect(api.store.calls).toMatchObject({ read: 1, renew: 1 });
  });

  it('takes a new lease length and payload when given', async () => {
    const { api, clock, memory, remoteGrant } = world();
    const grant = await remoteGrant();
    const info = await api.locks.renewByToken('orders', { ...grant, leaseMs: 5000, payload: 'p2' });
    expect(info).toMatchObject({ token: grant.token, leaseMs: 5000, payload: 'p2', expiresAtMs: clock.wallMs() + 5000 });
    expect(await memory.read(KEY)).toMatchObject({ leaseMs: 5000, payload: 'p2', released: false });
  });

  it('refuses a wrong token or owner as taken, without writing', async () => {
    const { api, remoteGrant } = world();
    const grant = await remoteGrant();
    expect(await lossOf(api.locks.renewByToken('orders', { ...grant, token: grant.token + 1 }))).toBe('taken');
    expect(await lossOf(api.locks.renewByToken('orders', { ...grant, token: grant.token - 1 }))).toBe('taken');
    expect(await lossOf(api.locks.renewByToken('orders', { ...grant, owner: 'impostor' }))).toBe('taken');
    expect(api.store.calls.renew).toBe(0);
  });

  it('reports a lock that was never taken (or deleted by TTL) as missing', async () => {
    const { api, memory, remoteGrant } = world();
    expect(await lossOf(api.locks.renewByToken('nothing', { owner: 'remote', token: 5 }))).toBe('missing');
    const grant = await remoteGrant();
    memory.delete(KEY);
    expect(await lossOf(api.locks.renewByToken('orders', grant))).toBe('missing');
    expect(await memory.read(KEY)).toBeUndefined();
  });

  it('never resurrects a released grant', async () => {
    const { api, memory, remoteGrant } = world();
    const grant = await remoteGrant();
    expect(await api.locks.releaseByToken('orders', grant)).toBe(true);
    const released = await memory.read(KEY);
    const err = await rejection(api.locks.renewByToken('orders', grant));
    expect(err).toBeInstanceOf(LockLostError);
    expect(err).toMatchObject({ reason: 'released', token: grant.token, message: expect.stringMatching(/lock "orders" \(token \d+\) lost: it was released/) });
    expect(await memory.read(KEY)).toEqual(released);
    expect(await api.locks.current('orders')).toBeUndefined();
  });

  it('is refused by the conditional write when the grant is released between its read and its write', async () => {
    const { api, memory, remoteGrant, client } = world();
    const grant = await remoteGrant();
    // A store whose renew lets a concurrent release land first: the pre-read saw a live grant.
    const racing: LockStore = {
      read: (key) => memory.read(key),
      acquireFree: (key, g) => memory.acquireFree(key, g),
      takeOver: (key, v, g) => memory.takeOver(key, v, g),
      release: (key, u) => memory.release(key, u),
      renew: async (key: string, update: GrantUpdate): Promise<WriteOutcome> => {
        expect(await api.locks.releaseByToken('orders', grant)).toBe(true);
        return memory.renew(key, update);
      },
    };
    expect(await lossOf(client('api-2', racing).locks.renewByToken('orders', grant))).toBe('released');
    expect(await memory.read(KEY)).toMatchObject({ token: grant.token, released: true });
  });

  it('adopts its own renewal when the answer was lost and the write is retried', async () => {
    const { api, memory, remoteGrant } = world();
    const grant = await remoteGrant();
    // The store's answer is lost after the write landed: the caller sees "unavailable" and retries.
    api.store.ambiguousWrites = 1;
    expect(await rejection(api.locks.renewByToken('orders', grant))).toBeInstanceOf(CoordinationUnavailableError);
    expect(await api.locks.renewByToken('orders', grant)).toMatchObject({ token: grant.token });
    expect(await memory.read(KEY)).toMatchObject({ token: grant.token, released: false });
  });

  it('reports a replicated-write conflict as CoordinationUnavailableError (nothing written)', async () => {
    const { memory, remoteGrant, client } = world();
    const grant = await remoteGrant();
    const before = await memory.read(KEY);
    const conflict: WriteOutcome = { kind: 'conflict', cause: new Error('ReplicatedWriteConflictException') };
    const conflicting: LockStore = {
      read: (key) => memory.read(key),
      acquireFree: (key, g) => memory.acquireFree(key, g),
      takeOver: (key, v, g) => memory.takeOver(key, v, g),
      renew: async () => conflict,
      release: async () => conflict,
    };
    const { locks } = client('api', conflicting);
    expect(await rejection(locks.renewByToken('orders', grant))).toBeInstanceOf(CoordinationUnavailableError);
    expect(await rejection(locks.releaseByToken('orders', grant))).toBeInstanceOf(CoordinationUnavailableError);
    expect(await memory.read(KEY)).toEqual(before);
  });

  it('keeps a waiter out while the remote holder renews within its lease; a silent holder is taken over on the waiter clock', async () => {
    const { api, clock, client, remoteGrant } = world();
    const grant = await remoteGrant();
    const waiter = client('waiter');
    let taken: { token: number } | undefined;
    const waiting = waiter.locks.acquire('orders', { waitMs: 10 * LEASE, autoRenew: false }).then((handle) => (taken = handle));
    // Renewing every half lease changes the record version, which restarts the waiter's count.
    for (let i = 0; i < 6; i++) {
      await clock.advance(LEASE / 2);
      await api.locks.renewByToken('orders', grant);
    }
    expect(taken).toBeUndefined();
    // Silent from now on: the waiter takes over one lease + margin after it saw the last version.
    const waitedMs = await clock.advanceUntil(() => taken !== undefined, 3 * LEASE);
    expect(waitedMs).toBeGreaterThanOrEqual(LEASE + safetyMarginMs(LEASE, 0.01));
    await waiting;
    expect(taken?.token).toBeGreaterThan(grant.token);
    expect(await lossOf(api.locks.renewByToken('orders', grant))).toBe('taken');
    expect(await api.locks.releaseByToken('orders', grant)).toBe(false);
    expect(await api.locks.current('orders')).toMatchObject({ owner: 'waiter', token: taken?.token });
  });
});

describe('LockClient.releaseByToken', () => {
  it('frees the grant once and is idempotent afterwards, keeping the token', async () => {
    const { api, memory, remoteGrant, client } = world();
    const grant = await remoteGrant('remote', { payload: 'p' });
    expect(await api.locks.releaseByToken('orders', grant)).toBe(true);
    const released = await memory.read(KEY);
    expect(released).toMatchObject({ owner: 'remote', token: grant.token, leaseMs: LEASE, released: true });
    expect(released?.payload).toBeUndefined();
    expect(await api.locks.releaseByToken('orders', grant)).toBe(false);
    expect(await memory.read(KEY)).toEqual(released);
    const next = await client('next').locks.acquire('orders', { autoRenew: false, waitMs: 0 });
    expect(next.token).toBeGreaterThan(grant.token);
    expect(await api.locks.releaseByToken('orders', grant)).toBe(false);
    expect(await api.locks.current('orders')).toMatchObject({ owner: 'next', token: next.token });
  });

  it('returns false for a wrong token, a wrong owner or a missing lock, without writing', async () => {
    const { api, remoteGrant } = world();
    expect(await api.locks.releaseByToken('orders', { owner: 'remote', token: 1 })).toBe(false);
    const grant = await remoteGrant();
    expect(await api.locks.releaseByToken('orders', { ...grant, token: grant.token + 1 })).toBe(false);
    expect(await api.locks.releaseByToken('orders', { ...grant, owner: 'impostor' })).toBe(false);
    expect(api.store.calls.release).toBe(0);
    expect(await api.locks.current('orders')).toMatchObject(grant);
  });

  it('ends the grant of a handle held in another process: its next renewal reports released', async () => {
    const { api, client } = world();
    const holder = client('holder');
    const handle = await holder.locks.acquire('orders', { autoRenew: false, waitMs: 0 });
    expect(await api.locks.releaseByToken('orders', { owner: 'holder', token: handle.token })).toBe(true);
    expect(await lossOf(handle.renew())).toBe('released');
    expect(handle.isHeld()).toBe(false);
  });

  it('a retry after a lost answer finds the grant released and returns false', async () => {
    const { api, memory, remoteGrant } = world();
    const grant = await remoteGrant();
    api.store.ambiguousWrites = 1;
    expect(await rejection(api.locks.releaseByToken('orders', grant))).toBeInstanceOf(CoordinationUnavailableError);
    expect(await memory.read(KEY)).toMatchObject({ token: grant.token, released: true });
    expect(await api.locks.releaseByToken('orders', grant)).toBe(false);
  });
});

describe('by-token input validation', () => {
  const { api } = world();

  it.each([
    ['a zero token', () => api.locks.renewByToken('orders', { owner: 'a', token: 0 }), /token must be the positive whole number/],
    ['a fractional token', () => api.locks.releaseByToken('orders', { owner: 'a', token: 1.5 }), /token must be the positive whole number .* got 1.5/],
    ['an empty owner', () => api.locks.releaseByToken('orders', { owner: '', token: 1 }), /owner must be a non-empty string/],
    ['an empty name', () => api.locks.renewByToken('', { owner: 'a', token: 1 }), /lock name must be a non-empty string/],
    ['a bad lease', () => api.locks.renewByToken('orders', { owner: 'a', token: 1, leaseMs: 5 }), /leaseMs must be a whole number/],
    ['an oversized payload', () => api.locks.renewByToken('orders', { owner: 'a', token: 1, payload: 'x'.repeat(70_000) }), /payload must be at most/],
  ])('rejects %s with LockConfigError before any I/O', async (_label, call, message) => {
    const err = await rejection(call());
    expect(err).toBeInstanceOf(LockConfigError);
    expect((err as Error).message).toMatch(message);
    expect(api.store.calls.read).toBe(0);
  });
});

/** Every store call and its answer happen at moments the fast-check scheduler picks. */
class ScheduledStore implements LockStore {
  /** Every record stored, in order. */
  readonly writes: LockRecord[] = [];

  constructor(
    private readonly inner: MemoryLockStore,
    private readonly s: fc.Scheduler,
  ) {}

  read(key: string): Promise<LockRecord | undefined> {
    return this.step('read', () => this.inner.read(key));
  }
  acquireFree(key: string, grant: Parameters<LockStore['acquireFree']>[1]): Promise<WriteOutcome> {
    return this.step('acquireFree', () => this.logged(this.inner.acquireFree(key, grant)));
  }
  takeOver(key: string, seen: string, grant: Parameters<LockStore['takeOver']>[2]): Promise<WriteOutcome> {
    return this.step('takeOver', () => this.logged(this.inner.takeOver(key, seen, grant)));
  }
  renew(key: string, update: GrantUpdate): Promise<WriteOutcome> {
    return this.step('renew', () => this.logged(this.inner.renew(key, update)));
  }
  release(key: string, update: GrantUpdate): Promise<WriteOutcome> {
    return this.step('release', () => this.logged(this.inner.release(key, update)));
  }

  private async logged(outcome: Promise<WriteOutcome>): Promise<WriteOutcome> {
    const result = await outcome;
    if (result.kind === 'ok') this.writes.push(result.record);
    return result;
  }

  /** The operation runs at one scheduled moment and its answer arrives at a later one. */
  private async step<T>(label: string, run: () => Promise<T>): Promise<T> {
    await this.s.schedule(Promise.resolve(), `${label} lands`);
    const result = await run();
    return this.s.schedule(Promise.resolve(result), `${label} answered`);
  }
}

type RaceOp = 'renew' | 'release' | 'acquire';

describe('renew racing release (property)', () => {
  it('a released grant never comes back, at most one release frees it, and renewals keep the token', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(fc.constantFrom<RaceOp>('renew', 'release', 'acquire'), { minLength: 2, maxLength: 8 }), async (s, ops) => {
        const { memory, remoteGrant, clock } = world();
        const grant = await remoteGrant();
        const store = new ScheduledStore(memory, s);
        let n = 0;
        const callers = ops.map((_, i) => new LockClient({ store, clock, newId: () => `race-${i}-${++n}`, owner: `other-${i}`, leaseMs: LEASE }));
        const running = ops.map((op, i) => {
          const locks = callers[i]!;
          if (op === 'renew')
            return locks.renewByToken('orders', grant).then(
              (info) => ({ op, info }),
              (error: unknown) => ({ op, error }),
            );
          if (op === 'release') return locks.releaseByToken('orders', grant).then((freed) => ({ op, freed }));
          return locks.tryAcquire('orders', { autoRenew: false }).then((handle) => ({ op, token: handle?.token }));
        });
        const results = await s.waitFor(Promise.all(running));

        const freed = results.filter((r) => 'freed' in r && r.freed).length;
        expect(freed).toBeLessThanOrEqual(1);
        for (const r of results) {
          if ('info' in r) expect(r.info.token).toBe(grant.token);
          if ('error' in r) expect(['released', 'taken']).toContain((r.error as LockLostError).reason);
        }
        // Once a record of this grant is released, no later write shows the grant live again.
        const releasedAt = store.writes.findIndex((w) => w.token === grant.token && w.released);
        if (releasedAt >= 0) expect(store.writes.slice(releasedAt).some((w) => w.token === grant.token && !w.released)).toBe(false);
        expect(freed).toBe(releasedAt >= 0 ? 1 : 0);
        // A second owner got the lock only after the grant was released, with a larger token.
        const acquired = results.flatMap((r) => ('token' in r && r.token !== undefined ? [r.token] : []));
        expect(acquired.length).toBeLessThanOrEqual(freed);
        for (const token of acquired) expect(token).toBeGreaterThan(grant.token);
      }),
      { numRuns: 200 },
    );
  });
});
