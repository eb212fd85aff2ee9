/** RouteTableSync over the in-memory store: outcomes for each way a publish can go, never a throw. */
import { RouteTableSync } from '../../lambdas/failover/route-table-sync';
import { MemoryRouteTableStore, nextRouteTable, routeTableChangeFromActiveSet, type RouteTableStore, type RouteTable } from '../../lambdas/keyrouting';

const config = { policy: { mode: 'active-passive' as const, priority: ['us-east-1', 'us-west-2'] }, routing: { epsilon: 0.05 } };
const EAST = { 'us-east-1': 1, 'us-west-2': 0 };
const WEST = { 'us-east-1': 0, 'us-west-2': 1 };

/** `store` with `load` replaced. */
function withLoad(store: RouteTableStore, load: () => Promise<RouteTable | undefined>): RouteTableStore {
  return { where: store.where, headVersion: () => store.headVersion(), history: (v) => store.history(v), publish: (t, o) => store.publish(t, o), load };
}

function setup() {
  const store = new MemoryRouteTableStore();
  const warnings: Record<string, unknown>[] = [];
  const sync = new RouteTableSync({ store, config, clock: { wallMs: () => 1_000 }, log: { warn: (_m, extra) => warnings.push(extra ?? {}) } });
  let stateVersion = 0;
  // Each call reads a newer controller state unless told which one it read.
  const request = (traffic: Record<string, number>, term = 1, version = (stateVersion += 1)) => ({ traffic, term, stateVersion: version, by: `controller (term ${term})`, reason: 'test' });
  return { store, sync, warnings, request };
}

test('publishes v1, then only when the active set changes; the fence term is stored', async () => {
  const { store, sync, request } = setup();
  expect(await sync.sync(request(EAST))).toEqual({ outcome: 'published', version: 1 });
  expect(await sync.sync(request(EAST))).toEqual({ outcome: 'unchanged', version: 1 });
  expect(await sync.sync(request(WEST, 2))).toEqual({ outcome: 'published', version: 2 });
  expect(await store.load()).toMatchObject({ version: 2, primary: 'us-west-2', healthy: ['us-west-2'], updatedBy: 'controller (term 2)' });
});

test('a lower term is fenced; it is reported, logged and never thrown', async () => {
  const { store, sync, warnings, request } = setup();
  await sync.sync(request(WEST, 5));
  expect(await sync.sync(request(EAST, 4))).toMatchObject({ outcome: 'fenced', detail: expect.stringMatching(/stored fence 5 > yours 4/) });
  expect(await store.load()).toMatchObject({ version: 1, primary: 'us-west-2' });
  expect(warnings).toEqual([expect.objectContaining({ outcome: 'fenced', term: 4 })]);
});

test('losing the race to another publisher is a conflict (not retried with a possibly outdated active set)', async () => {
  const { store, sync, request } = setup();
  await sync.sync(request(EAST));
  // Another writer publishes between our load and our publish.
  const racer = withLoad(store, async () => {
    const seen = await store.load();
    await store.publish(nextRouteTable(seen, routeTableChangeFromActiveSet(config, { weights: WEST, at: 2, by: 'other', reason: 'race' })), { expectedVersion: seen?.version ?? 0 });
    return seen;
  });
  const racing = new RouteTableSync({ store: racer, config, clock: { wallMs: () => 1_000 } });
  expect(await racing.sync(request({ 'us-east-1': 1, 'us-west-2': 1 }))).toMatchObject({ outcome: 'conflict' });
  expect(await store.load()).toMatchObject({ version: 2, updatedBy: 'other' });
});

test('a writer with an older controller state than the stored table is refused as outdated, in the same term', async () => {
  const { store, sync, warnings, request } = setup();
  expect(await sync.sync(request(WEST, 3, 7))).toEqual({ outcome: 'published', version: 1 });
  expect(await sync.sync(request(EAST, 3, 6))).toMatchObject({ outcome: 'outdated', detail: expect.stringMatching(/source version 7, newer than this writer's 6/) });
  expect(await store.load()).toMatchObject({ version: 1, primary: 'us-west-2' });
  expect(warnings).toEqual([expect.objectContaining({ outcome: 'outdated', term: 3 })]);
  // The same state version again (a retry) and newer ones are accepted.
  expect(await sync.sync(request(WEST, 3, 7))).toEqual({ outcome: 'unchanged', version: 1 });
  expect(await sync.sync(request(EAST, 3, 8))).toEqual({ outcome: 'published', version: 2 });
});

test('a store error is a failure outcome', async () => {
  const { store, request } = setup();
  const broken = withLoad(store, () => Promise.reject(new Error('ECONNRESET')));
  const sync = new RouteTableSync({ store: broken, config, clock: { wallMs: () => 1_000 } });
  expect(await sync.sync(request(EAST))).toEqual({ outcome: 'failed', detail: 'ECONNRESET' });
});
