/**
 * Errors DynamoDB Local cannot produce, provoked with aws-sdk-client-mock: an MRSC write conflict
 * (nothing written) is explained by re-reading the version, a failed history write after the head
 * was published does not fail the publish, a retry refused after a lost answer is recognized as
 * our own write, and a fence in the wrong format is refused up front.
 */
import { mockClient } from 'aws-sdk-client-mock';
import { ConditionalCheckFailedException, DynamoDBClient, ReplicatedWriteConflictException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoRouteTableStore, encodeRoutingItem } from '../../lambdas/keyrouting/dynamodb-route-table-store';
import { RouteTableInputError, StaleRouteTableVersionError } from '../../lambdas/keyrouting/errors';
import { nextRouteTable } from '../../lambdas/keyrouting/next';
import { change, firstTable } from './fixtures';

const metadata = { $metadata: {} };
const conflict = () => new ReplicatedWriteConflictException({ message: 'One or more items are being modified by a request in another Region', ...metadata });
const MEMBERS = [
  { id: 'us-east-1', weight: 1 },
  { id: 'us-west-2', weight: 1 },
];

describe('DynamoRouteTableStore error handling (mocked SDK)', () => {
  const dynamodb = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const documents = DynamoDBDocumentClient.from(dynamodb);
  const mock = mockClient(documents);
  const t1 = firstTable(MEMBERS);
  const t2 = nextRouteTable(t1, change(undefined, 'us-west-2', ['us-west-2']));
  afterEach(() => mock.reset());
  afterAll(() => dynamodb.destroy());

  it('a write conflict after which the version moved is a stale version', async () => {
    mock.on(UpdateCommand).rejects(conflict());
    mock.on(GetCommand).resolves({ Item: { version: 2 } });
    const store = new DynamoRouteTableStore({ documents, tableName: 't' });
    await expect(store.publish(t2, { expectedVersion: 1 })).rejects.toBeInstanceOf(StaleRouteTableVersionError);
  });

  it('a write conflict that changed nothing is passed on for the caller to retry', async () => {
    const err = conflict();
    mock.on(UpdateCommand).rejects(err);
    mock.on(GetCommand).resolves({ Item: { version: 1 } });
    const store = new DynamoRouteTableStore({ documents, tableName: 't' });
    await expect(store.publish(t2, { expectedVersion: 1 })).rejects.toBe(err);
  });

  it('a failed history write after the head was published is reported, not thrown', async () => {
    mock.on(UpdateCommand).resolves({});
    const failure = new Error('socket hang up');
    mock.on(PutCommand).rejects(failure);
    const seen: Array<[unknown, number]> = [];
    const store = new DynamoRouteTableStore({ documents, tableName: 't', onHistoryError: (e, v) => seen.push([e, v]) });
    await expect(store.publish(t2, { expectedVersion: 1 })).resolves.toEqual(t2);
    expect(seen).toEqual([[failure, 2]]);
  });

  it('a retry refused after a lost answer is recognized as our own write', async () => {
    mock.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', ...metadata }));
    mock
      .on(GetCommand)
      .resolvesOnce({ Item: { version: 2 } })
      .resolvesOnce({ Item: { pk: 'routing', sk: 'current', ...encodeRoutingItem(t2), fenceTerm: 4 } })
      .resolvesOnce({ Item: { version: 2 } })
      .resolvesOnce({ Item: { pk: 'routing', sk: 'current', ...encodeRoutingItem({ ...t2, reason: 'someone else' }) } });
    const store = new DynamoRouteTableStore({ documents, tableName: 't' });
    await expect(store.publish(t2, { expectedVersion: 1 })).resolves.toEqual(t2);
    await expect(store.publish(t2, { expectedVersion: 1 })).rejects.toMatchObject({ name: 'StaleRouteTableVersionError', actualVersion: 2 });
  });

  it('refuses a fence whose term is not a non-negative integer without sending anything', async () => {
    const store = new DynamoRouteTableStore({ documents, tableName: 't' });
    await expect(store.publish(t2, { expectedVersion: 1, fence: { term: Number.NaN } })).rejects.toBeInstanceOf(RouteTableInputError);
    expect(mock.calls()).toHaveLength(0);
  });
});
