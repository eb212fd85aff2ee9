/**
 * Replica failover against DynamoDB Local: each "replica region" is a TCP proxy in front of the one
 * DynamoDB Local (a single strongly consistent store, as MRSC replicas are), and a replica is made
 * dead, silent or answer-losing by changing its proxy. Real SDK clients, real sockets.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { createAwsClients, type AwsClients } from '../../lambdas/platform/aws-clients';
import type { FailoverEvent } from '../../lambdas/platform/replica-failover';
import { createLockClient } from '../../lambdas/coordination';
import { startTcpProxy, type TcpProxy } from '../../local/regions/tcp-proxy';
import { useEmulators } from '../support/emulators';

const emulators = useEmulators();
let tables: Awaited<ReturnType<typeof emulators.provisionTables>>;
let east: TcpProxy;
let west: TcpProxy;
const opened: AwsClients[] = [];

beforeAll(async () => {
  tables = await emulators.provisionTables('replica-svc');
  const target = new URL(emulators.endpoints.dynamodb);
  east = await startTcpProxy({ target: { host: target.hostname, port: Number(target.port) } });
  west = await startTcpProxy({ target: { host: target.hostname, port: Number(target.port) } });
});
afterEach(async () => {
  await Promise.all([east.setMode('up'), west.setMode('up')]);
  for (const c of opened.splice(0)) c.destroy();
});
afterAll(async () => {
  await Promise.all([east.close(), west.close()]);
});

/** Clients of a component in us-east-1 whose replicas are east (its own) and then west. */
function replicatedClients(events: FailoverEvent[], requestTimeoutMs = 1000): AwsClients {
  const clients = createAwsClients({
    region: 'us-east-1',
    tableRegions: ['us-east-1', 'us-west-2'],
    env: { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_ENDPOINT_URL_DYNAMODB_US_EAST_1: east.url, AWS_ENDPOINT_URL_DYNAMODB_US_WEST_2: west.url },
    requestTimeoutMs,
    failover: { onFailover: (e) => events.push(e) },
  });
  opened.push(clients);
  return clients;
}

describe('DynamoDB clients with an ordered replica list', () => {
  it('use the first replica while it answers', async () => {
    const events: FailoverEvent[] = [];
    const clients = replicatedClients(events);
    const before = { east: east.accepted, west: west.accepted };
    await clients.documents.send(new PutCommand({ TableName: tables.state, Item: { pk: 'first', sk: 'x', v: 1 } }));
    expect(east.accepted).toBeGreaterThan(before.east);
    expect(west.accepted).toBe(before.west);
    expect(events).toEqual([]);
  });

  it('move on when the first replica refuses connections, and go straight to the next one afterwards', async () => {
    await east.setMode('refuse');
    const events: FailoverEvent[] = [];
    const clients = replicatedClients(events);
    await clients.documents.send(new PutCommand({ TableName: tables.state, Item: { pk: 'refused', sk: 'x', v: 1 } }));
    const read = await clients.documents.send(new GetCommand({ TableName: tables.state, Key: { pk: 'refused', sk: 'x' }, ConsistentRead: true }));
    expect(read.Item).toMatchObject({ v: 1 });
    // One failover for the first call; the second skipped the dead replica (it is cooling down).
    expect(events.map((e) => [e.from, e.to])).toEqual([['us-east-1', 'us-west-2']]);
    // The low-level client shares the replicas and their health.
    const raw = await clients.dynamodb.send(new GetItemCommand({ TableName: tables.state, Key: { pk: { S: 'refused' }, sk: { S: 'x' } }, ConsistentRead: true }));
    expect(raw.Item?.v).toEqual({ N: '1' });
    expect(events).toHaveLength(1);
  });

  it('move on from a replica that accepts connections and never answers, within the request timeout', async () => {
    await east.setMode('blackhole');
    const events: FailoverEvent[] = [];
    const clients = replicatedClients(events, 500);
    const started = performance.now();
    await clients.documents.send(new PutCommand({ TableName: tables.state, Item: { pk: 'silent', sk: 'x', v: 2 } }));
    // One 500 ms timeout on the silent replica, then the other; generous slack for a loaded machine.
    expect(performance.now() - started).toBeLessThan(4000);
    expect(events).toEqual([expect.objectContaining({ from: 'us-east-1', to: 'us-west-2', error: expect.objectContaining({ name: 'ReplicaUnreachableError' }) })]);
  });

  it('a lock acquire whose write landed but whose answer was lost is recognised as our own grant on the next replica', async () => {
    await east.setMode('drop-responses');
    const events: FailoverEvent[] = [];
    const clients = replicatedClients(events, 700);
    const locks = createLockClient({ clients, tableName: tables.coordination, owner: 'worker-east', leaseMs: 10_000 });
    const handle = await locks.tryAcquire('nightly');
    expect(handle).toBeDefined();
    expect(events).toHaveLength(1);
    // Exactly one grant exists, ours, with the token we were given: the lost answer did not cost the lock.
    await east.setMode('up');
    const stored = await clients.dynamodb.send(new GetItemCommand({ TableName: tables.coordination, Key: { pk: { S: 'lock#nightly' } }, ConsistentRead: true }));
    expect(stored.Item).toBeDefined();
    expect(JSON.stringify(stored.Item)).toContain('worker-east');
    expect(await handle?.release()).toBe(true);
  });

  it('fail with the plain connection error when every replica is dead, after trying each once', async () => {
    await Promise.all([east.setMode('refuse'), west.setMode('refuse')]);
    const events: FailoverEvent[] = [];
    const clients = replicatedClients(events);
    await expect(clients.documents.send(new GetCommand({ TableName: tables.state, Key: { pk: 'x', sk: 'x' } }))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(events).toHaveLength(1);
  });
});
