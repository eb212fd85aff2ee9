/** HttpLockPort over the in-memory reference store: token-based renew/release across requests. */
import { MemoryLockStore } from '../../lambdas/coordination';
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

function setup() {
  const clock = manualClock();
  let n = 0;
  const port = new HttpLockPort({ store: new MemoryLockStore(), clock, newId: () => `id-${++n}` });
  return { port, clock };
}

describe('HttpLockPort', () => {
  test('acquire hands out a token; a second owner is refused while it is held', async () => {
    const { port } = setup();
    const grant = await port.acquire('orders', { owner: 'a', leaseMs: 5000, waitMs: 0 });
    expect(grant).toMatchObject({ name: 'orders', owner: 'a', token: expect.any(Number) });
    expect(await port.acquire('orders', { owner: 'b', leaseMs: 5000, waitMs: 0 })).toBeUndefined();
    expect(await port.inspect('orders')).toMatchObject({ held: true, owner: 'a', token: grant!.token });
  });

  test('renew and release work by token from a later request; a stale token gets a 409 naming the holder', async () => {
    const { port, clock } = setup();
    const first = (await port.acquire('orders', { owner: 'a', leaseMs: 5000, waitMs: 0 }))!;
    clock.advance(1000);
    const renewed = await port.renew('orders', first.token, 8000);
    expect(renewed).toMatchObject({ token: first.token, expiresAt: clock.wallMs() + 8000 });
    await expect(port.renew('orders', first.token + 1)).rejects.toThrow(/held by a with token/);
    await port.release('orders', first.token);
    expect(await port.inspect('orders')).toEqual({ name: 'orders', held: false });
    await expect(port.release('orders', first.token)).rejects.toBeInstanceOf(ServiceRejection);
    const second = (await port.acquire('orders', { owner: 'b', leaseMs: 5000, waitMs: 0 }))!;
    expect(second.token).toBeGreaterThan(first.token);
    await expect(port.renew('orders', first.token)).rejects.toMatchObject({ kind: 'conflict', message: expect.stringMatching(/held by b/) });
  });

  test('a released grant stays released: renewing it is a 409 saying the lock is free', async () => {
    const { port, clock } = setup();
    const grant = (await port.acquire('orders', { owner: 'a', leaseMs: 5000, waitMs: 0 }))!;
    clock.advance(1000);
    const renewed = await port.renew('orders', grant.token);
    expect(await port.inspect('orders')).toEqual({ name: 'orders', held: true, owner: 'a', token: grant.token, expiresAt: renewed.expiresAt });
    await port.release('orders', grant.token);
    await expect(port.renew('orders', grant.token)).rejects.toMatchObject({ kind: 'conflict', message: expect.stringMatching(/it is free/) });
    expect(await port.inspect('orders')).toEqual({ name: 'orders', held: false });
  });

  test('waiting takes over a holder that stopped renewing', async () => {
    const { port } = setup();
    const first = (await port.acquire('job', { owner: 'crashed', leaseMs: 1000, waitMs: 0 }))!;
    const second = await port.acquire('job', { owner: 'next', leaseMs: 1000, waitMs: 8000 });
    expect(second).toMatchObject({ owner: 'next' });
    expect(second!.token).toBeGreaterThan(first.token);
  });
});
