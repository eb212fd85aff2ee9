/**
 * Errors DynamoDB Local cannot produce, provoked with aws-sdk-client-mock: an MRSC global table's
 * ReplicatedWriteConflictException is a retryable conflict (nothing was written), throttling is
 * transient, and a missing table surfaces as is.
 */
import { mockClient } from 'aws-sdk-client-mock';
import {
  DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  ReplicatedWriteConflictException,
  ResourceNotFoundException,
  UpdateItemCommand,
  type UpdateItemCommandInput,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { DynamoLockStore } from '../../../lambdas/coordination/dynamodb/lock-store';
import { CoordinationUnavailableError, LockClient } from '../../../lambdas/coordination';
import type { Grant } from '../../../lambdas/coordination/rules/record';
import { ManualClock } from '../support/clocks';

const metadata = { $metadata: {} };
const conflict = () => new ReplicatedWriteConflictException({ message: 'One or more items are being modified by a request in another Region', ...metadata });
const grant: Grant = { owner: 'a', recordVersion: 'v1', token: 1, leaseMs: 1000, expiresAt: 1, wallMs: 1 };

function item(overrides: Record<string, AttributeValue> = {}): Record<string, AttributeValue> {
  return {
    pk: { S: 'lock#x' },
    owner: { S: 'a' },
    recordVersion: { S: 'v1' },
    token: { N: '1' },
    leaseMs: { N: '1000' },
    released: { BOOL: false },
    expiresAt: { N: '1' },
    updatedAtMs: { N: '1' },
    ...overrides,
  };
}

/** What DynamoDB answers a successful write with ReturnValues ALL_NEW: the SET values (and a sequence). */
function stored(input: UpdateItemCommandInput): { Attributes: Record<string, AttributeValue> } {
  const set = Object.entries(input.ExpressionAttributeValues ?? {})
    .filter(([placeholder]) => placeholder.startsWith(':set_'))
    .map(([placeholder, value]) => [placeholder.slice(':set_'.length), value]);
  return { Attributes: { ...input.Key, sequence: { N: '1' }, ...Object.fromEntries(set) } };
}

describe('DynamoLockStore error handling (mocked SDK)', () => {
  const dynamodb = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const mock = mockClient(dynamodb);
  const store = new DynamoLockStore({ dynamodb, tableName: 't' });
  afterEach(() => mock.reset());
  afterAll(() => mock.restore());

  it('reports ReplicatedWriteConflictException (class or bare name) as a conflict, not a failure', async () => {
    mock
      .on(UpdateItemCommand)
      .rejectsOnce(conflict())
      .rejectsOnce(Object.assign(new Error('conflict from another SDK copy'), { name: 'ReplicatedWriteConflictException' }));
    expect(await store.acquireFree('lock#x', grant)).toMatchObject({ kind: 'conflict', cause: expect.any(ReplicatedWriteConflictException) });
    expect(await store.renew('lock#x', { owner: 'a', token: 1, recordVersion: 'v2', leaseMs: 1000, expiresAt: 1, wallMs: 1 })).toMatchObject({ kind: 'conflict' });
  });

  it('turns a failed condition into the current record', async () => {
    mock.on(UpdateItemCommand).rejectsOnce(Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException', Item: item({ owner: { S: 'b' } }) }));
    expect(await store.acquireFree('lock#x', grant)).toMatchObject({ kind: 'rejected', current: { owner: 'b', token: 1 } });
  });

  it('throws throttling as CoordinationUnavailableError and a missing table as is', async () => {
    mock.on(GetItemCommand).rejectsOnce(new ProvisionedThroughputExceededException({ message: 'slow down', ...metadata }));
    await expect(store.read('lock#x')).rejects.toThrow(CoordinationUnavailableError);
    mock.on(UpdateItemCommand).rejectsOnce(new ResourceNotFoundException({ message: 'Requested resource not found', ...metadata }));
    await expect(store.acquireFree('lock#x', grant)).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('lets acquire retry after a cross-region conflict and then win', async () => {
    const clock = new ManualClock();
    const locks = new LockClient({ store, clock, owner: 'a', newId: () => 'v1', random: () => 0.5, leaseMs: 1000 });
    mock.on(UpdateItemCommand).rejectsOnce(conflict()).callsFake(stored);
    mock.on(GetItemCommand).resolves({});
    const acquiring = locks.acquire('x', { autoRenew: false });
    let done = false;
    void acquiring.finally(() => (done = true));
    await clock.advanceUntil(() => done, 1000, 10);
    const lock = await acquiring;
    expect(lock.token).toBe(clock.wallMs());
    expect(mock.commandCalls(UpdateItemCommand)).toHaveLength(2);
    expect(mock.commandCalls(GetItemCommand)).toHaveLength(1);
  });

  it('keeps a lease through a conflicting renewal and renews on the retry', async () => {
    const clock = new ManualClock();
    const locks = new LockClient({ store, clock, owner: 'a', newId: () => 'v1', random: () => 0.5, leaseMs: 1000, heartbeatMs: 300, retryMs: 100 });
    mock.on(UpdateItemCommand).callsFakeOnce(stored).rejectsOnce(conflict()).callsFake(stored);
    const lock = await locks.acquire('x');
    await clock.advance(450); // renewal at 300 conflicts, retry at 400 succeeds
    expect(mock.commandCalls(UpdateItemCommand)).toHaveLength(3);
    expect(lock.isHeld()).toBe(true);
    expect(lock.remainingMs()).toBe(400 + 1000 - 11 - 450);
  });
});
