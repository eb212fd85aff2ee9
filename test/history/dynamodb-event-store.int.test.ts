/**
 * The Events table adapter on DynamoDB Local through the real SDK: the store contract, the TTL
 * attribute from the retention setting, paging, and items that do not decode.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DayDigests, digestKey } from '../../lambdas/history/day-digests';
import { DynamoDbEventStore } from '../../lambdas/history/dynamodb-event-store';
import { eventKey } from '../../lambdas/history/rules/keys';
import { useEmulators } from '../support/emulators';
import { eventStoreContract } from './support/event-store-contract';
import { buildReport, windowEndingAt } from '../../lambdas/history/report';
import { historyConfig } from './support/config';
import { A, B, DAY, MIN, S, T0, verdict } from './support/events';

const ctx = useEmulators();
let counter = 0;

async function freshStore(options: { retentionDays?: number; pageSize?: number; now?: () => number; digests?: boolean } = {}): Promise<{ store: DynamoDbEventStore; table: string }> {
  counter += 1;
  const tables = await ctx.provisionTables(`evt-${counter}`);
  // The fixtures are dated 2025: a short retention would have DynamoDB Local's TTL sweeper delete them mid-test.
  const store = new DynamoDbEventStore({
    documents: ctx.clients.documents,
    tableName: tables.events,
    retentionDays: options.retentionDays ?? 3650,
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.digests === undefined ? {} : { digests: options.digests }),
  });
  return { store, table: tables.events };
}

describe('DynamoDbEventStore without day digests', () => {
  eventStoreContract(async () => (await freshStore({ digests: false })).store);
});

describe('DynamoDbEventStore day digests (the fixtures of 2025 are settled days)', () => {
  const day = [verdict(A, 'DOWN', T0 + 5 * MIN), verdict(B, 'DOWN', T0 + 7 * MIN), verdict(A, 'UP', T0 + 20 * MIN)];

  async function digestOf(table: string): Promise<Record<string, unknown> | undefined> {
    return (await ctx.clients.documents.send(new GetCommand({ TableName: table, Key: digestKey(eventKey(verdict(A, 'UP', T0)).pk), ConsistentRead: true }))).Item;
  }

  it('the first read of a settled day digests it; later reads come from the digest (one item for the whole day)', async () => {
    const { store, table } = await freshStore();
    for (const e of day) await store.put(e);
    expect((await store.range(T0, T0 + DAY)).events).toEqual(day);
    expect(await digestOf(table)).toMatchObject({ count: 3, v: expect.stringMatching(/^[0-9a-f]{16}$/) });
    // Proof the digest answers: an event item removed behind the store's back is still reported.
    const { pk, sk } = eventKey(day[1]!);
    await ctx.clients.documents.send(new DeleteCommand({ TableName: table, Key: { pk, sk } }));
    expect((await store.range(T0, T0 + DAY)).events).toEqual(day);
    // …and a range covering part of the day gets only its part.
    expect((await store.range(T0 + 6 * MIN, T0 + 10 * MIN)).events).toEqual([day[1]]);
  });

  it('an event filed late in a digested day stales the digest: the next read has it', async () => {
    const { store, table } = await freshStore();
    for (const e of day) await store.put(e);
    await store.range(T0, T0 + DAY);
    const late = verdict(B, 'UP', T0 + 30 * MIN);
    expect(await store.put(late)).toBe('written');
    expect((await digestOf(table))?.z).toBeUndefined();
    expect((await store.range(T0, T0 + DAY)).events).toEqual([...day, late]);
    expect(await digestOf(table)).toMatchObject({ count: 4 });
  });

  it('a digest built from a read that a writer overtook is not stored', async () => {
    const { store, table } = await freshStore();
    for (const e of day) await store.put(e);
    const digests = new DayDigests(ctx.clients.documents, table, 3650);
    const pk = eventKey(day[0]!).pk;
    // The writes above marked the day (settled days get a marker); a reader sees that marker…
    const [seen] = await digests.lookup([pk]);
    expect(seen).toEqual({ kind: 'miss', marker: expect.any(String) });
    const marker = seen?.kind === 'miss' ? seen.marker : undefined;
    // …a writer files another event meanwhile (a new marker)…
    await store.put(verdict(B, 'UP', T0 + 30 * MIN));
    // …so the reader's digest, which lacks that event, is refused.
    expect(await digests.store(pk, day, marker)).toBe(false);
    expect((await digestOf(table))?.z).toBeUndefined();
  });

  it('a digest made under another event schema is not trusted: the day is read again and digested anew', async () => {
    const { store, table } = await freshStore();
    for (const e of day) await store.put(e);
    await store.range(T0, T0 + DAY);
    const key = digestKey(eventKey(day[0]!).pk);
    await ctx.clients.documents.send(new UpdateCommand({ TableName: table, Key: key, UpdateExpression: 'SET v = :old', ExpressionAttributeValues: { ':old': 'an-older-schema' } }));
    expect((await store.range(T0, T0 + DAY)).events).toEqual(day);
    expect(await digestOf(table)).toMatchObject({ count: 3, v: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  it('a report of a window where nothing can be stored (years before 1970, after 9999) reads nothing and is empty', async () => {
    const { store } = await freshStore();
    for (const end of [Date.parse('0020-02-29T00:00:00Z'), Date.parse('9999-12-31T23:59:59-14:00')]) {
      const report = await buildReport({ store, config: historyConfig(), window: windowEndingAt(end), now: Date.now() });
      expect(report).toMatchObject({ incidents: [], data: { events: 0 } });
    }
  });

  it('a day that has not settled yet is read by Query and never digested', async () => {
    const { store, table } = await freshStore({ now: () => T0 + DAY + 5 * S });
    for (const e of day) await store.put(e);
    expect((await store.range(T0, T0 + DAY)).events).toEqual(day);
    expect(await digestOf(table)).toBeUndefined();
  });
});

describe('DynamoDbEventStore', () => {
  eventStoreContract(async () => (await freshStore()).store);

  it('stores the event as JSON with its anchor, kind and a TTL of the anchor time plus the configured retention', async () => {
    const { store, table } = await freshStore({ retentionDays: 3000 });
    const event = verdict(A, 'DOWN', T0 + 1500);
    await store.put(event);
    const { pk, sk } = eventKey(event);
    const { Item } = await ctx.clients.documents.send(new GetCommand({ TableName: table, Key: { pk, sk } }));
    expect(Item).toMatchObject({ at: T0 + 1500, kind: 'verdict', expiresAt: Math.floor((T0 + 1500) / 1000) + 3000 * 86_400 });
    expect(JSON.parse(String(Item?.e))).toEqual(event);
  });

  it('pages through a day with more items than one page holds', async () => {
    const { store } = await freshStore({ pageSize: 3 });
    for (let i = 0; i < 10; i++) await store.put(verdict(i % 2 === 0 ? A : B, i % 4 < 2 ? 'DOWN' : 'UP', T0 + i * MIN));
    const { events } = await store.range(T0, T0 + DAY);
    expect(events.map((e) => e.at)).toEqual(Array.from({ length: 10 }, (_, i) => T0 + i * MIN));
  });

  it('skips and counts stored items that are not valid events instead of failing the read', async () => {
    const { store, table } = await freshStore();
    await store.put(verdict(A, 'DOWN', T0 + S));
    const bad = eventKey(verdict(B, 'DOWN', T0 + 2 * S));
    const worse = eventKey(verdict(B, 'UP', T0 + 3 * S));
    await ctx.clients.documents.send(new PutCommand({ TableName: table, Item: { pk: bad.pk, sk: bad.sk, at: bad.anchorAt, e: JSON.stringify({ kind: 'verdict', region: B }) } }));
    await ctx.clients.documents.send(new PutCommand({ TableName: table, Item: { pk: worse.pk, sk: worse.sk, at: worse.anchorAt, e: '{"kind": "verd' } }));
    const { events, skipped } = await store.range(T0, T0 + MIN);
    expect(events).toHaveLength(1);
    expect(skipped).toBe(2);
  });
});
