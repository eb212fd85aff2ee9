/**
 * DynamoRouteTableStore and RouteTableReader on DynamoDB Local: storage layout, conditional
 * publishes under contention, fencing by leader term, readers during a stream of publishes, and
 * corrupt items — with and without TransactWriteItems.
 */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoRouteTableStore, historySortKey } from '../../lambdas/keyrouting/dynamodb-route-table-store';
import { CorruptRouteTableError, OutdatedRouteTableSourceError, RouteTableFencedError, StaleRouteTableVersionError } from '../../lambdas/keyrouting/errors';
import { createRouteTableReader } from '../../lambdas/keyrouting';
import { nextRouteTable } from '../../lambdas/keyrouting/next';
import { RouteTableReader } from '../../lambdas/keyrouting/reader';
import { compileRouteTable, type RouteAnswer } from '../../lambdas/keyrouting/snapshot';
import type { RouteTable } from '../../lambdas/keyrouting/table';
import { useEmulators } from '../support/emulators';
import { change, firstTable } from './fixtures';

const ctx = useEmulators();
let counter = 0;

const MEMBERS = [
  { id: 'us-east-1', weight: 2 },
  { id: 'us-west-2', weight: 1 },
  { id: 'eu-west-1', weight: 1 },
];
const IDS = MEMBERS.map((m) => m.id).sort();
const term = (t: number) => ({ term: t });

async function freshStore(transactions: boolean): Promise<{ store: DynamoRouteTableStore; tableName: string }> {
  counter += 1;
  const tables = await ctx.provisionTables(`rts-${counter}`);
  return { store: new DynamoRouteTableStore({ documents: ctx.clients.documents, tableName: tables.state, transactions }), tableName: tables.state };
}

async function getItem(tableName: string, sk: string): Promise<Record<string, unknown> | undefined> {
  return (await ctx.clients.documents.send(new GetCommand({ TableName: tableName, Key: { pk: 'routing', sk }, ConsistentRead: true }))).Item;
}

describe.each([false, true])('DynamoRouteTableStore (transactions: %s)', (transactions) => {
  it('stores the head under routing/current and immutable history under v#<version>', async () => {
    const { store, tableName } = await freshStore(transactions);
    expect(await store.headVersion()).toBeUndefined();
    expect(await store.load()).toBeUndefined();
    const t1 = firstTable(MEMBERS);
    await store.publish(t1, { expectedVersion: 0 });
    const t2 = nextRouteTable(t1, change(undefined, 'us-west-2', ['us-west-2', 'eu-west-1']));
    await store.publish(t2, { expectedVersion: 1 });

    expect(await store.headVersion()).toBe(2);
    expect(await store.load()).toEqual(t2);
    expect(await store.history(1)).toEqual(t1);
    expect(await store.history(2)).toEqual(t2);
    expect(await store.history(3)).toBeUndefined();
    const head = await getItem(tableName, 'current');
    expect(head).toMatchObject({ pk: 'routing', sk: 'current', schema: 1, version: 2, primary: 'us-west-2', healthy: ['eu-west-1', 'us-west-2'] });
    expect(head?.ring).toEqual({ algorithm: t2.ring.algorithm, version: 1, hash: t2.ring.hash, slotCount: 256, epsilon: t2.ring.epsilon, seed: 0, fingerprint: t2.ring.fingerprint });
    expect(historySortKey(2)).toBe('v#0000000000000002');
    expect(await getItem(tableName, historySortKey(1))).toMatchObject({ version: 1, primary: 'us-east-1' });
  });

  it('N concurrent publishers on the same expected version: exactly one wins, the rest get StaleRouteTableVersionError', async () => {
    const { store } = await freshStore(transactions);
    const t1 = firstTable(MEMBERS);
    await store.publish(t1, { expectedVersion: 0 });
    const candidates = Array.from({ length: 8 }, (_, i) => nextRouteTable(t1, change(undefined, IDS[i % IDS.length]!, IDS.slice(0, 1 + (i % IDS.length)), { reason: `writer ${i}` })));
    const results = await Promise.allSettled(candidates.map((c) => store.publish(c, { expectedVersion: 1 })));
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    expect(won).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ name: 'StaleRouteTableVersionError', expectedVersion: 1, actualVersion: 2 });
    }
    const winner = candidates[won[0]!]!;
    expect(await store.load()).toEqual(winner);
    expect(await store.history(2)).toEqual(winner);
  });

  it('records the source version of each table and refuses one built from an older source, in the same term', async () => {
    const { store, tableName } = await freshStore(transactions);
    const t1 = firstTable(MEMBERS);
    await store.publish(t1, { expectedVersion: 0, fence: term(10), sourceVersion: 5 });
    expect(await getItem(tableName, 'current')).toMatchObject({ version: 1, fenceTerm: 10, sourceVersion: 5 });
    const t2 = nextRouteTable(t1, change(undefined, 'us-west-2', IDS));
    const refused = store.publish(t2, { expectedVersion: 1, fence: term(10), sourceVersion: 4 });
    await expect(refused).rejects.toBeInstanceOf(OutdatedRouteTableSourceError);
    await expect(refused).rejects.toMatchObject({ storedSourceVersion: 5, sourceVersion: 4 });
    await store.publish(t2, { expectedVersion: 1, fence: term(10), sourceVersion: 6 });
    // A re-sent publish (its answer lost) is recognised as already published.
    await expect(store.publish(t2, { expectedVersion: 1, fence: term(10), sourceVersion: 6 })).resolves.toEqual(t2);
    expect(await getItem(tableName, 'current')).toMatchObject({ version: 2, sourceVersion: 6 });
  });

  it('a fenced publish with a lower term is rejected; the same or a higher term passes', async () => {
    const { store, tableName } = await freshStore(transactions);
    const t1 = firstTable(MEMBERS);
    await store.publish(t1, { expectedVersion: 0, fence: term(10) });
    const t2 = nextRouteTable(t1, change(undefined, 'us-west-2', IDS));
    const refused = store.publish(t2, { expectedVersion: 1, fence: term(9) });
    await expect(refused).rejects.toBeInstanceOf(RouteTableFencedError);
    await expect(refused).rejects.toMatchObject({ storedFence: 10 });
    await store.publish(t2, { expectedVersion: 1, fence: term(10) });
    const t3 = nextRouteTable(t2, change(undefined, 'eu-west-1', IDS));
    await store.publish(t3, { expectedVersion: 2, fence: term(12) });
    expect(await getItem(tableName, 'current')).toMatchObject({ version: 3, fenceTerm: 12 });
    // A stale version is reported as such, fenced or not; re-publishing the identical table is idempotent
    // unless a newer term wrote it.
    const other = { ...t3, reason: 'another writer' };
    await expect(store.publish(other, { expectedVersion: 2 })).rejects.toBeInstanceOf(StaleRouteTableVersionError);
    await expect(store.publish(other, { expectedVersion: 2, fence: term(13) })).rejects.toBeInstanceOf(StaleRouteTableVersionError);
    await expect(store.publish(t3, { expectedVersion: 2, fence: term(12) })).resolves.toEqual(t3);
    await expect(store.publish(t3, { expectedVersion: 2, fence: term(11) })).rejects.toBeInstanceOf(StaleRouteTableVersionError);
  });

  it('readers polling during many publishes never see the version go backwards, and every answer matches its version', async () => {
    const { store, tableName } = await freshStore(transactions);
    const published = new Map<number, RouteTable>();
    let table = firstTable(MEMBERS);
    await store.publish(table, { expectedVersion: 0 });
    published.set(1, table);
    const readers = [0, 1].map(() => createRouteTableReader({ clients: ctx.clients, tableName, maxAgeMs: 0 }));
    const keys = Array.from({ length: 20 }, (_, i) => `user-${i}`);
    const answers: RouteAnswer[][] = readers.map(() => []);
    let done = false;

    const writer = (async () => {
      for (let i = 0; i < 25; i++) {
        const healthy = IDS.filter((_, j) => ((i + 1) >> j) & 1);
        const next = nextRouteTable(table, change(undefined, IDS[i % IDS.length]!, healthy.length > 0 ? healthy : IDS, { reason: `step ${i}` }));
        if (next === table) continue;
        published.set(next.version, next);
        await store.publish(next, { expectedVersion: table.version });
        table = next;
      }
      done = true;
    })();
    const polls = readers.map(async (reader, r) => {
      let i = 0;
      while (!done) {
        const key = keys[i++ % keys.length]!;
        answers[r]!.push(await reader.resolveRoute(key, i % 3 === 0 ? 'write' : 'read'));
      }
    });
    await Promise.all([writer, ...polls]);

    const compiled = new Map([...published].map(([v, t]) => [v, compileRouteTable(t)]));
    for (const seen of answers) {
      expect(seen.length).toBeGreaterThan(5);
      const versions = seen.map((a) => a.version);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
      for (const a of seen) expect(a).toEqual(compiled.get(a.version)!.route(a.key, a.op));
    }
    expect(new Set(answers.flat().map((a) => a.version)).size).toBeGreaterThan(2);
  });

  it('a corrupt stored item yields CorruptRouteTableError from the store and the reader, never a crash', async () => {
    const { store, tableName } = await freshStore(transactions);
    const t1 = firstTable(MEMBERS);
    await store.publish(t1, { expectedVersion: 0 });
    const head = (await getItem(tableName, 'current'))!;
    const put = (item: Record<string, unknown>) => ctx.clients.documents.send(new PutCommand({ TableName: tableName, Item: item }));
    const reader = new RouteTableReader({ store, maxAgeMs: 0 });

    await put({ ...head, version: 2, members: 'garbage' });
    await expect(store.load()).rejects.toBeInstanceOf(CorruptRouteTableError);
    await expect(reader.resolveRoute('k', 'read')).rejects.toMatchObject({ name: 'CorruptRouteTableError', where: `${tableName} routing/current` });

    await put({ ...head, version: 3, ring: { ...(head.ring as object), fingerprint: 'deadbeef' } });
    await expect(reader.get()).rejects.toMatchObject({ name: 'CorruptRouteTableError', problems: [expect.stringMatching(/fingerprint .* does not match the described deadbeef/)] });

    await put({ ...head, version: 4, schema: 99 });
    await expect(store.load()).rejects.toThrow(/schema must be 1 \(got 99\)/);

    await put({ ...head, version: 'five' });
    await expect(store.headVersion()).rejects.toBeInstanceOf(CorruptRouteTableError);
    await expect(reader.get()).rejects.toBeInstanceOf(CorruptRouteTableError);

    await put({ ...head, version: 6 });
    expect((await reader.get()).version).toBe(6);
  });
});

describe('DynamoRouteTableStore without transactions', () => {
  it('repairs a history entry its writer did not get to write, on the next publish', async () => {
    const { store, tableName } = await freshStore(false);
    const t1 = firstTable(MEMBERS);
    await store.publish(t1, { expectedVersion: 0 });
    await ctx.clients.documents.send(new DeleteCommand({ TableName: tableName, Key: { pk: 'routing', sk: historySortKey(1) } }));
    expect(await store.history(1)).toBeUndefined();
    await store.publish(nextRouteTable(t1, change(undefined, 'us-west-2', IDS)), { expectedVersion: 1 });
    expect(await store.history(1)).toEqual(t1);
  });
});
