/** Publish rules shared by every store (checked on the in-memory one), updateRouteTable, and parsing of stored tables. */
import { CorruptRouteTableError, OutdatedRouteTableSourceError, RouteTableFencedError, RouteTableInputError } from '../../lambdas/keyrouting/errors';
import { MemoryRouteTableStore } from '../../lambdas/keyrouting/memory-route-table-store';
import { nextRouteTable } from '../../lambdas/keyrouting/next';
import { membersFromPolicy, routeTableChangeFromActiveSet, routingInputsFromConfig } from '../../lambdas/keyrouting/config';
import { parseRouteTable } from '../../lambdas/keyrouting/table';
import { updateRouteTable } from '../../lambdas/keyrouting/update';
import { change, firstTable } from './fixtures';

const MEMBERS = [
  { id: 'us-east-1', weight: 2 },
  { id: 'us-west-2', weight: 1 },
];
const term = (t: number) => ({ term: t });

describe('publish rules', () => {
  it('accepts exactly expectedVersion + 1 and refuses a stale expectation', async () => {
    const store = new MemoryRouteTableStore();
    const t1 = firstTable(MEMBERS);
    await expect(store.publish({ ...t1, version: 2 }, { expectedVersion: 0 })).rejects.toBeInstanceOf(RouteTableInputError);
    await expect(store.publish(t1, { expectedVersion: -1 })).rejects.toThrow(/expectedVersion must be a non-negative integer/);
    await store.publish(t1, { expectedVersion: 0 });
    await expect(store.publish(t1, { expectedVersion: 0 })).rejects.toMatchObject({ name: 'StaleRouteTableVersionError', expectedVersion: 0, actualVersion: 1 });
    const t2 = nextRouteTable(t1, change(undefined, 'us-west-2', ['us-west-2']));
    await store.publish(t2, { expectedVersion: 1 });
    expect(await store.load()).toEqual(t2);
    expect(await store.history(1)).toEqual(t1);
  });

  it('refuses to store an invalid table', async () => {
    const store = new MemoryRouteTableStore();
    const t1 = firstTable(MEMBERS);
    await expect(store.publish({ ...t1, healthy: ['mars-north-1'] }, { expectedVersion: 0 })).rejects.toMatchObject({
      name: 'RouteTableInputError',
      problems: ['healthy names non-members: "mars-north-1"'],
    });
    expect(await store.headVersion()).toBeUndefined();
  });

  it('a fenced publish with a lower term is refused once a higher term wrote', async () => {
    const store = new MemoryRouteTableStore();
    const t1 = firstTable(MEMBERS);
    await store.publish(t1, { expectedVersion: 0, fence: term(7) });
    const t2 = nextRouteTable(t1, change(undefined, 'us-west-2', ['us-west-2']));
    await expect(store.publish(t2, { expectedVersion: 1, fence: term(6) })).rejects.toBeInstanceOf(RouteTableFencedError);
    await store.publish(t2, { expectedVersion: 1, fence: term(7) });
  });

  it('refuses a fence whose term is not a non-negative integer, and writes nothing', async () => {
    const store = new MemoryRouteTableStore();
    const t1 = firstTable(MEMBERS);
    await expect(store.publish(t1, { expectedVersion: 0, fence: term(-1) })).rejects.toThrow(/fence term must be a non-negative integer/);
    await expect(store.publish(t1, { expectedVersion: 0, fence: term(1.5) })).rejects.toBeInstanceOf(RouteTableInputError);
    expect(await store.headVersion()).toBeUndefined();
  });

  it('never goes back to an older source version: a publish built from an older state is refused, the same or a newer one passes', async () => {
    const store = new MemoryRouteTableStore();
    const t1 = firstTable(MEMBERS);
    await store.publish(t1, { expectedVersion: 0, fence: term(7), sourceVersion: 12 });
    const t2 = nextRouteTable(t1, change(undefined, 'us-west-2', ['us-west-2']));
    await expect(store.publish(t2, { expectedVersion: 1, fence: term(7), sourceVersion: 11 })).rejects.toMatchObject({
      name: 'OutdatedRouteTableSourceError',
      storedSourceVersion: 12,
      sourceVersion: 11,
    });
    await expect(store.publish(t2, { expectedVersion: 1, fence: term(7), sourceVersion: 11 })).rejects.toBeInstanceOf(OutdatedRouteTableSourceError);
    await store.publish(t2, { expectedVersion: 1, fence: term(7), sourceVersion: 12 });
    const t3 = nextRouteTable(t2, change(undefined, 'us-east-1', ['us-east-1']));
    await store.publish(t3, { expectedVersion: 2, sourceVersion: 13 });
    expect(await store.headVersion()).toBe(3);
  });
});

describe('updateRouteTable', () => {
  it('publishes the first table, skips no-op updates, and publishes real changes', async () => {
    const store = new MemoryRouteTableStore();
    const first = await updateRouteTable(store, change(MEMBERS, 'us-east-1', ['us-east-1', 'us-west-2']));
    expect(first).toMatchObject({ changed: true, table: { version: 1 }, previous: undefined });
    const same = await updateRouteTable(store, (current) => change(undefined, current!.primary, current!.healthy));
    expect(same).toMatchObject({ changed: false, table: { version: 1 } });
    const flipped = await updateRouteTable(store, change(undefined, 'us-west-2', ['us-west-2']), { fence: term(3) });
    expect(flipped).toMatchObject({ changed: true, table: { version: 2, primary: 'us-west-2' }, previous: { version: 1 } });
  });

  it('fails on a corrupt stored table unless asked to replace it', async () => {
    const store = new MemoryRouteTableStore();
    await updateRouteTable(store, change(MEMBERS, 'us-east-1', ['us-east-1']));
    store.overwriteHead({ version: 4, members: 'garbage' });
    await expect(updateRouteTable(store, change(MEMBERS, 'us-east-1', ['us-east-1']))).rejects.toBeInstanceOf(CorruptRouteTableError);
    const replaced = await updateRouteTable(store, change(MEMBERS, 'us-east-1', ['us-east-1']), { replaceCorrupt: true });
    expect(replaced).toMatchObject({ changed: true, table: { version: 5 } });
    expect((await store.load())?.version).toBe(5);
  });

  it('loses a race with a typed error', async () => {
    const store = new MemoryRouteTableStore();
    await updateRouteTable(store, change(MEMBERS, 'us-east-1', ['us-east-1']));
    const realLoad = store.load.bind(store);
    // Another writer publishes between this update's read and its write.
    jest.spyOn(store, 'load').mockImplementationOnce(async () => {
      const seen = await realLoad();
      await store.publish(nextRouteTable(seen, change(undefined, 'us-east-1', [])), { expectedVersion: seen!.version });
      return seen;
    });
    await expect(updateRouteTable(store, (current) => change(undefined, 'us-west-2', current!.healthy))).rejects.toMatchObject({
      name: 'StaleRouteTableVersionError',
      expectedVersion: 1,
      actualVersion: 2,
    });
    expect(await store.load()).toMatchObject({ version: 2, primary: 'us-east-1', healthy: [] });
  });
});

describe('parseRouteTable (stored items read back)', () => {
  const t1 = firstTable(MEMBERS);
  it.each([
    ['not an object', 'garbage', /table: /],
    ['version 0', { ...t1, version: 0 }, /version: /],
    ['weights as strings', { ...t1, members: [{ id: 'us-east-1', weight: '2' }, MEMBERS[1]], ring: { ...t1.ring, members: [{ id: 'us-east-1', weight: '2' }, MEMBERS[1]] } }, /members\.0\.weight/],
    ['ring out of step with members', { ...t1, ring: { ...t1.ring, members: [MEMBERS[0]] } }, /ring\.members must equal members/],
    ['another ring algorithm', { ...t1, ring: { ...t1.ring, algorithm: 'ketama' } }, /ring\.algorithm/],
    ['unsorted healthy', { ...t1, healthy: ['us-west-2', 'us-east-1'] }, /healthy must be sorted/],
    [
      'a negative weight',
      { ...t1, members: [{ id: 'us-east-1', weight: -2 }, MEMBERS[1]], ring: { ...t1.ring, members: [{ id: 'us-east-1', weight: -2 }, MEMBERS[1]] } },
      /weight must be a finite number > 0/,
    ],
    ['an extra field', { ...t1, extra: 1 }, /table: .*extra/],
  ])('%s → CorruptRouteTableError', (_label, value, problem) => {
    expect(() => parseRouteTable(value, 'item X')).toThrow(CorruptRouteTableError);
    try {
      parseRouteTable(value, 'item X');
    } catch (err) {
      expect((err as CorruptRouteTableError).problems.join('\n')).toMatch(problem);
      expect((err as Error).message).toMatch(/^corrupt routing table at item X: /);
    }
  });
});

describe('members from the config policy', () => {
  it('active-active keeps the weights, active-passive weighs every region equally', () => {
    expect(membersFromPolicy({ mode: 'active-active', weights: { 'us-east-1': 3, 'us-west-2': 1 } })).toEqual([
      { id: 'us-east-1', weight: 3 },
      { id: 'us-west-2', weight: 1 },
    ]);
    expect(routingInputsFromConfig({ policy: { mode: 'active-passive', priority: ['us-west-2', 'us-east-1'] }, routing: { epsilon: 0.05 } })).toEqual({
      members: [
        { id: 'us-west-2', weight: 1 },
        { id: 'us-east-1', weight: 1 },
      ],
      ring: { epsilon: 0.05 },
    });
  });

  it('derives primary and healthy from the controller active set', () => {
    const meta = { at: 1, by: 'controller', reason: 'flip' };
    const aa = { policy: { mode: 'active-active' as const, weights: { 'us-east-1': 1, 'us-west-2': 3, 'eu-west-1': 3 } }, routing: { epsilon: 0.1 } };
    expect(routeTableChangeFromActiveSet(aa, { weights: { 'us-east-1': 2, 'us-west-2': 5, 'eu-west-1': 5 }, ...meta })).toMatchObject({
      primary: 'us-west-2',
      healthy: ['us-east-1', 'us-west-2', 'eu-west-1'],
      ring: { epsilon: 0.1 },
    });
    expect(routeTableChangeFromActiveSet(aa, { weights: { 'us-east-1': 7, 'us-west-2': 0, 'eu-west-1': 0 }, healthy: ['us-east-1', 'eu-west-1'], ...meta })).toMatchObject({
      primary: 'us-east-1',
      healthy: ['us-east-1', 'eu-west-1'],
    });
    const ap = { policy: { mode: 'active-passive' as const, priority: ['us-west-2', 'us-east-1'] }, routing: { epsilon: 0.05 } };
    const c = routeTableChangeFromActiveSet(ap, { weights: { 'us-west-2': 0, 'us-east-1': 1 }, ...meta });
    expect(c).toMatchObject({ primary: 'us-east-1', healthy: ['us-east-1'] });
    expect(routeTableChangeFromActiveSet(ap, { weights: {}, ...meta })).toMatchObject({ primary: 'us-west-2', healthy: [] });
    expect(nextRouteTable(undefined, c)).toMatchObject({
      version: 1,
      primary: 'us-east-1',
      healthy: ['us-east-1'],
      members: [
        { id: 'us-east-1', weight: 1 },
        { id: 'us-west-2', weight: 1 },
      ],
    });
  });
});
