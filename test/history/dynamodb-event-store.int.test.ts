/**
 * The Events table adapter on DynamoDB Local through the real SDK: the store contract, the TTL
 * attribute from the retention setting, paging, and items that do not decode.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbEventStore } from '../../lambdas/history/dynamodb-event-store';
import { eventKey } from '../../lambdas/history/rules/keys';
import { useEmulators } from '../support/emulators';
import { eventStoreContract } from './support/event-store-contract';
import { A, B, DAY, MIN, S, T0, verdict } from './support/events';

const ctx = useEmulators();
let counter = 0;

async function freshStore(options: { retentionDays?: number; pageSize?: number } = {}): Promise<{ store: DynamoDbEventStore; table: string }> {
  counter += 1;
  const tables = await ctx.provisionTables(`evt-${counter}`);
  // The fixtures are dated 2025: a short retention would have DynamoDB Local's TTL sweeper delete them mid-test.
  const store = new DynamoDbEventStore({
    documents: ctx.clients.documents,
    tableName: tables.events,
    retentionDays: options.retentionDays ?? 3650,
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
  });
  return { store, table: tables.events };
}

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
