/** Observations round-trip through DynamoDB Local; seq-conditional writes never go backwards. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbObservationStore, ObservationStoreError } from '../../lambdas/health/dynamodb-observation-store';
import { buildObservation } from '../../lambdas/health/rules/observation';
import type { HealthState, Observation } from '../../lambdas/health/rules/types';
import { useEmulators } from '../support/emulators';

const ctx = useEmulators();
let store: DynamoDbObservationStore;
let table: string;

beforeAll(async () => {
  table = (await ctx.provisionTables('obs-svc')).observations;
  store = new DynamoDbObservationStore({ documents: ctx.clients.documents, tableName: table });
});

/** Recent timestamps: DynamoDB Local applies TTL, and items stamped in the past would expire. */
const T0 = Date.now();
const DOWN: HealthState = { state: 'DOWN', consecutiveFailures: 3, consecutiveSuccesses: 0, stateSince: T0 };

function observation(target: string, checker: string, seq: number, health: HealthState = DOWN): Observation {
  return buildObservation({
    target,
    checker,
    health,
    recent: [
      { at: T0, ok: true, ms: 12, status: 200 },
      { at: T0 + 5000, ok: false, ms: 2000, reason: 'timeout' },
    ],
    observedAt: T0 + 5000 + seq,
    seq,
    intervalMs: 5000,
    writer: 'test',
  });
}

describe('DynamoDbObservationStore', () => {
  it('writes an item and reads it back unchanged, per checker and per target', async () => {
    const a = observation('us-east-1', 'eu-west-1', 1);
    const b = observation('us-east-1', 'us-west-2', 1, { state: 'UNKNOWN', consecutiveFailures: 0, consecutiveSuccesses: 1 });
    const c = observation('us-west-2', 'eu-west-1', 1);
    for (const o of [a, b, c]) expect(await store.put(o)).toEqual({ written: true });

    const mine = await store.loadForChecker('eu-west-1', ['us-east-1', 'us-west-2', 'ap-south-1']);
    expect([...mine.keys()].sort()).toEqual(['us-east-1', 'us-west-2']);
    expect(mine.get('us-east-1')).toEqual(a);

    const all = await store.loadForTargets(['us-east-1']);
    expect(all.sort((x, y) => x.checker.localeCompare(y.checker))).toEqual([a, b]);
    expect(await store.loadForTargets(['nobody'])).toEqual([]);
  });

  it('refuses a write whose seq is not above the stored one and returns the stored item', async () => {
    const newer = observation('ap-south-1', 'eu-west-1', 5);
    expect(await store.put(newer)).toEqual({ written: true });
    const older = observation('ap-south-1', 'eu-west-1', 5, { state: 'UP', consecutiveFailures: 0, consecutiveSuccesses: 3 });
    expect(await store.put(older)).toEqual({ written: false, current: newer, currentSeq: 5 });
    expect(await store.put(observation('ap-south-1', 'eu-west-1', 6))).toEqual({ written: true });
  });

  it('reports a malformed stored item with its key, and still returns its seq when a write is refused', async () => {
    await ctx.clients.documents.send(new PutCommand({ TableName: table, Item: { target: 'broken', checker: 'eu-west-1', seq: 9, state: 'SIDEWAYS' } }));
    await expect(store.loadForChecker('eu-west-1', ['broken'])).rejects.toThrow(/broken\/eu-west-1 is malformed: .*state/);
    expect(await store.put(observation('broken', 'eu-west-1', 3))).toEqual({ written: false, currentSeq: 9 });
    expect(await store.put(observation('broken', 'eu-west-1', 10))).toEqual({ written: true });
  });

  it('reads more keys than one BatchGetItem takes', async () => {
    const targets = Array.from({ length: 105 }, (_, i) => `target-${i}`);
    // A few writes at a time: DynamoDB Local on a shared machine times out under a burst.
    for (let i = 0; i < targets.length; i += 8) await Promise.all(targets.slice(i, i + 8).map((t) => store.put(observation(t, 'sa-east-1', 1))));
    const loaded = await store.loadForChecker('sa-east-1', [...targets, 'not-written']);
    expect(loaded.size).toBe(105);
  });

  it('names the table when DynamoDB rejects a call', async () => {
    const missing = new DynamoDbObservationStore({ documents: ctx.clients.documents, tableName: 'no-such-table' });
    const error = await missing.put(observation('x', 'y', 1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObservationStoreError);
    expect((error as Error).message).toMatch(/writing observation x\/y in table no-such-table failed: ResourceNotFoundException/);
  });
});
