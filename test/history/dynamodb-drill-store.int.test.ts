/** The drill store on the State table in DynamoDB Local through the real SDK: the contract, and the status fields people read. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbDrillStore } from '../../lambdas/history/dynamodb-drill-store';
import { useEmulators } from '../support/emulators';
import { drillRecord, drillStoreContract } from './support/drill-store-contract';

const ctx = useEmulators();
let counter = 0;

async function fresh(): Promise<{ store: DynamoDbDrillStore; table: string }> {
  counter += 1;
  const tables = await ctx.provisionTables(`drl-${counter}`);
  return { store: new DynamoDbDrillStore({ documents: ctx.clients.documents, tableName: tables.state }), table: tables.state };
}

describe('DynamoDbDrillStore', () => {
  drillStoreContract(async () => (await fresh()).store);

  it('keeps the drill id, target, home, start, end and status beside the record', async () => {
    const { store, table } = await fresh();
    const record = drillRecord('d1', 'watching');
    await store.create({ ...record, drill: { ...record.drill, onTargetSince: record.drill.plan.requestedAt + 2000 } });
    const { Item } = await ctx.clients.documents.send(new GetCommand({ TableName: table, Key: { pk: 'drill', sk: 'latest' } }));
    expect(Item).toMatchObject({
      drillId: 'd1',
      target: 'us-west-2',
      home: { 'us-east-1': 1, 'us-west-2': 0 },
      startedAt: record.drill.plan.requestedAt,
      endsAt: record.drill.plan.requestedAt + 2000 + 600_000,
      status: 'watching',
      finished: false,
      version: 1,
    });
  });
});
