/** HttpLockPort over the in-memory reference store: token + lease secret across requests; expiry counted from the send time. */
import { LockClient, MemoryLockStore, type LockStore } from '../../lambdas/coordination';
import { ManualClock } from '../support/manual-clock';
import { ServiceRejection } from '../../lambdas/api/errors';
import { HttpLockPort } from '../../lambdas/api/lock-port';
import type { Clock } from '../../lambdas/platform/clock';

function manualClock(start = 1_700_000_000_000): Clock & { advance(ms: number): void } {
  let mono = 0;
  let wall = start;
  return {
    monotonicMs: () => mono,
    wallMs: () => wall,
    sleep: async (ms) => {
      mono += ms;
      wall += ms;
    },
    advance(ms) {
      mono += ms;
      wall += ms;
    },
  };
}

/** A store whose writes take `latencyMs` on the clock after they were sent (a slow network or a pause). */
function slowWrites(store: LockStore, clock: { advance(ms: number): unknown }, latencyMs: () => number): LockStore {
  const later = async <T>(write: Promise<T>): Promise<T> => {
    const out = await write;
    await clock.advance(latencyMs());
    return out;
  };
  return {
    read: (key) => store.read(key),
    acquireFree: (key, grant) => later(store.acquireFree(key, grant)),
    takeOver: (key, seen, grant) => later(store.takeOver(key, seen, grant)),
    renew: (key, update) => later(store.renew(key, update)),
    release: (key, update) => later(store.release(key, update)),
  };
}

function setup(latencyMs = 0) {
  const clock = manualClock();
  let n = 0;
  let s = 0;
  const port = new HttpLockPort({ store: slowWrites(new MemoryLockStore(), clock, () => latencyMs), clock, newId: () => `id-${++n}`, newSecret: () => `s${String(++s).padStart(42, '0')}` });
  return { port, clock };
}

const LEASE = 5000;

describe('HttpLockPort', () => {
  test('acquire hands out a token and a lease secret; a second owner is refused while it is held; GET never shows the secret', async () => {
    const { port } = setup();
    const grant = await port.acquire('orders', { owner: 'a', leaseMs: LEASE, waitMs: 0 });
    expect(grant).toMatchObject({ name: 'orders', owner: 'a', token: expect.any(Number), leaseMs: LEASE, leaseSecret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(await port.acquire('orders', { owner: 'b', leaseMs: LEASE, waitMs: 0 })).toBeUndefined();
    const seen = await port.inspect('orders');
    expect(seen).toMatchObject({ held: true, owner: 'a', token: grant!.token });
    expect(JSON.stringify(seen)).not.toContain(grant!.leaseSecret);
    expect(Object.keys(seen).sort()).toEqual(['expiresAt', 'held', 'name', 'owner', 'token']);
  });

  test("renew and release need the lease secret: the public token alone, or another grant's secret, is a 409 and changes nothing", async () => {
    const { port, clock } = setup();
    const mine = (await port.acquire('orders', { owner: 'a', leaseMs: LEASE, waitMs: 0 }))!;
    const other = (await port.acquire('jobs', { owner: 'b', leaseMs: LEASE, waitMs: 0 }))!;
    const before = await port.inspect('orders');
    clock.advance(1000);
    for (const secret of [other.leaseSecret, 'x'.repeat(43)]) {
      await expect(port.renew('orders', { token: mine.token, secret })).rejects.toMatchObject({ kind: 'conflict', message: expect.stringMatching(/lease secret does not match/) });
      await expect(port.release('orders', { token: mine.token, secret })).rejects.toBeInstanceOf(ServiceRejection);
    }
    expect(await port.inspect('orders')).toEqual(before);
    await port.renew('orders', { token: mine.token, secret: mine.leaseSecret });
    await port.release('orders', { token: mine.token, secret: mine.leaseSecret });
    expect(await port.inspect('orders')).toEqual({ name: 'orders', held: false });
  });

  test('a lock acquired in another process (no lease secret on record) cannot be renewed or released over HTTP', async () => {
    const store = new MemoryLockStore();
    const clock = manualClock();
    const held = await new LockClient({ store, clock, owner: 'worker' }).acquire('batch', { autoRenew: false, leaseMs: LEASE });
    const port = new HttpLockPort({ store, clock, newId: () => 'x' });
    await expect(port.renew('batch', { token: held.token, secret: 'y'.repeat(43) })).rejects.toMatchObject({ kind: 'conflict', message: expect.stringMatching(/not acquired through this API/) });
  });

  test('renew and release work by token from a later request; a stale token gets a 409 naming the holder', async () => {
    const { port, clock } = setup();
    const first = (await port.acquire('orders', { owner: 'a', leaseMs: LEASE, waitMs: 0 }))!;
    const proof = { token: first.token, secret: first.leaseSecret };
    clock.advance(1000);
    const renewed = await port.renew('orders', proof, 8000);
    expect(renewed).toMatchObject({ token: first.token, leaseMs: 8000 });
    expect(renewed).not.toHaveProperty('leaseSecret');
    await expect(port.renew('orders', { ...proof, token: first.token + 1 })).rejects.toThrow(/held by a with token/);
    await port.release('orders', proof);
    expect(await port.inspect('orders')).toEqual({ name: 'orders', held: false });
    await expect(port.release('orders', proof)).rejects.toBeInstanceOf(ServiceRejection);
    const second = (await port.acquire('orders', { owner: 'b', leaseMs: LEASE, waitMs: 0 }))!;
    expect(second.token).toBeGreaterThan(first.token);
    await expect(port.renew('orders', proof)).rejects.toMatchObject({ kind: 'conflict', message: expect.stringMatching(/held by b/) });
  });

  test('expiresAt counts from when the write was sent, not from when a slow answer came back (issue 12)', async () => {
    const clock = new ManualClock();
    const port = new HttpLockPort({ store: slowWrites(new MemoryLockStore(), clock, () => 2000), clock, newId: () => `id-${clock.pending}-${clock.wallMs()}` });
    const sentAt = clock.wallMs();
    const grant = (await port.acquire('orders', { owner: 'a', leaseMs: LEASE, waitMs: 0 }))!;
    // The answer arrived 2 s after the write was sent; the lease still counts from the send.
    expect(clock.wallMs()).toBe(sentAt + 2000);
    expect(grant.expiresAt).toBeLessThanOrEqual(sentAt + LEASE);
    expect(grant.expiresAt).toBeGreaterThan(sentAt + LEASE - 100);
    const renewSent = clock.wallMs();
    const renewed = await port.renew('orders', { token: grant.token, secret: grant.leaseSecret });
    expect(clock.wallMs()).toBe(renewSent + 2000);
    expect(renewed.expiresAt).toBeLessThanOrEqual(renewSent + LEASE);
    expect(renewed.expiresAt).toBeGreaterThan(renewSent + LEASE - 100);
  });

  test('waiting takes over a holder that stopped renewing', async () => {
    const { port } = setup();
    const first = (await port.acquire('job', { owner: 'crashed', leaseMs: 1000, waitMs: 0 }))!;
    const second = await port.acquire('job', { owner: 'next', leaseMs: 1000, waitMs: 8000 });
    expect(second).toMatchObject({ owner: 'next' });
    expect(second!.token).toBeGreaterThan(first.token);
  });
});
