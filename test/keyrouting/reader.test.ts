/** RouteTableReader on the in-memory store with a manual clock: caching, refresh, errors. */
import { NoHealthyTargetError } from '../../lambdas/keyrouting/ring';
import { CorruptRouteTableError, NoRouteTableError } from '../../lambdas/keyrouting/errors';
import { MemoryRouteTableStore } from '../../lambdas/keyrouting/memory-route-table-store';
import { nextRouteTable } from '../../lambdas/keyrouting/next';
import { RouteTableReader } from '../../lambdas/keyrouting/reader';
import type { RouteTable } from '../../lambdas/keyrouting/table';
import { change, firstTable, manualClock } from './fixtures';

const MEMBERS = [
  { id: 'us-east-1', weight: 1 },
  { id: 'us-west-2', weight: 1 },
  { id: 'eu-west-1', weight: 1 },
];

async function setup(maxAgeMs = 1000, staleIfErrorMs?: number) {
  const store = new MemoryRouteTableStore();
  const clock = manualClock();
  const reader = new RouteTableReader({ store, clock, maxAgeMs, ...(staleIfErrorMs !== undefined ? { staleIfErrorMs } : {}) });
  const t1 = firstTable(MEMBERS);
  await store.publish(t1, { expectedVersion: 0 });
  return { store, clock, reader, t1 };
}

async function advanceTo(store: MemoryRouteTableStore, current: RouteTable, primary: string, healthy: string[]): Promise<RouteTable> {
  const next = nextRouteTable(current, change(undefined, primary, healthy));
  await store.publish(next, { expectedVersion: current.version });
  return next;
}

describe('RouteTableReader', () => {
  it('serves from memory within maxAgeMs, then checks only the head version while it is unchanged', async () => {
    const { store, clock, reader } = await setup();
    const first = await reader.get();
    expect(store.reads).toEqual({ head: 1, full: 1 });
    clock.advance(999);
    expect(await reader.get()).toBe(first);
    expect(store.reads).toEqual({ head: 1, full: 1 });
    clock.advance(1);
    expect(await reader.get()).toBe(first);
    expect(store.reads).toEqual({ head: 2, full: 1 });
  });

  it('loads the full table and rebuilds the ring only when the version changed', async () => {
    const { store, clock, reader, t1 } = await setup();
    const s1 = await reader.get();
    const t2 = await advanceTo(store, t1, 'us-west-2', ['us-west-2', 'eu-west-1']);
    expect(await reader.get()).toBe(s1); // still fresh
    clock.advance(1000);
    const s2 = await reader.get();
    expect(s2.version).toBe(t2.version);
    expect(s2.table).toEqual(t2);
    expect(store.reads).toEqual({ head: 2, full: 2 });
    expect(await reader.resolveRoute('user-42', 'write')).toEqual({ key: 'user-42', op: 'write', target: 'us-west-2', fallbacks: [], version: 2 });
    const read = await reader.resolveRoute('user-42', 'read');
    expect(read.version).toBe(2);
    expect(['us-west-2', 'eu-west-1']).toContain(read.target);
  });

  it('shares one refresh among concurrent callers', async () => {
    const { store, reader } = await setup(0);
    const answers = await Promise.all(Array.from({ length: 10 }, () => reader.get()));
    expect(new Set(answers).size).toBe(1);
    expect(store.reads).toEqual({ head: 1, full: 1 });
  });

  it('never goes back to an older version', async () => {
    const { store, clock, reader, t1 } = await setup(0);
    const t2 = await advanceTo(store, t1, 'us-west-2', ['us-west-2']);
    expect((await reader.get()).version).toBe(2);
    store.overwriteHead(t1); // e.g. a lagging replica answered
    clock.advance(1);
    expect((await reader.get()).version).toBe(t2.version);
  });

  it('reports a missing table and a corrupt table with typed errors, and recovers when fixed', async () => {
    const store = new MemoryRouteTableStore();
    const clock = manualClock();
    const reader = new RouteTableReader({ store, clock });
    await expect(reader.get()).rejects.toBeInstanceOf(NoRouteTableError);
    const t1 = firstTable(MEMBERS);
    await store.publish(t1, { expectedVersion: 0 });
    await expect(reader.get()).rejects.toBeInstanceOf(NoRouteTableError); // remembered until maxAge
    clock.advance(1000);
    expect((await reader.get()).version).toBe(1);

    store.overwriteHead({ ...t1, version: 2, primary: 'nowhere' });
    clock.advance(1000);
    await expect(reader.get()).rejects.toThrow(CorruptRouteTableError);
    await expect(reader.resolveRoute('k', 'read')).rejects.toMatchObject({ name: 'CorruptRouteTableError', problems: ['primary "nowhere" is not a member'] });
    expect(store.reads.full).toBe(2); // the error is remembered, not re-read on every call
    store.overwriteHead({ ...t1, version: 2, ring: { ...t1.ring, fingerprint: '00000000' } });
    clock.advance(1000);
    await expect(reader.get()).rejects.toMatchObject({ name: 'CorruptRouteTableError', problems: [expect.stringMatching(/fingerprint/)] });
    store.overwriteHead({ ...t1, version: 3 });
    clock.advance(1000);
    expect((await reader.get()).version).toBe(3);
  });

  it('keeps answering from a recently confirmed table while the store is unreachable', async () => {
    const { store, clock, reader } = await setup(1000, 5000);
    await reader.get();
    const failure = new Error('connect ECONNREFUSED');
    jest.spyOn(store, 'headVersion').mockRejectedValue(failure);
    clock.advance(1000);
    expect((await reader.get()).version).toBe(1);
    clock.advance(3999);
    expect((await reader.get()).version).toBe(1);
    clock.advance(1001);
    await expect(reader.get()).rejects.toBe(failure);
  });

  it('surfaces the ring errors of a query', async () => {
    const { store, clock, reader, t1 } = await setup();
    await advanceTo(store, t1, 'us-east-1', []);
    clock.advance(1000);
    await expect(reader.resolveRoute('k', 'read')).rejects.toBeInstanceOf(NoHealthyTargetError);
    await expect(reader.resolveRoute('k', 'write')).resolves.toMatchObject({ target: 'us-east-1' });
    await expect(reader.resolveRoute('k', 'delete' as 'read')).rejects.toMatchObject({ name: 'RingQueryError' });
  });

  it('rejects nonsense options', () => {
    const store = new MemoryRouteTableStore();
    expect(() => new RouteTableReader({ store, maxAgeMs: -1 })).toThrow(RangeError);
    expect(() => new RouteTableReader({ store, staleIfErrorMs: Number.NaN })).toThrow(RangeError);
  });
});
