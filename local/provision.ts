/**
 * Creates the service's tables and hosted zone on DynamoDB Local / moto (or LocalStack) from the
 * same definitions the CDK stacks use (`lambdas/platform/tables.ts`). Idempotent.
 */
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type AttributeDefinition,
  type DynamoDBClient,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import { CreateHostedZoneCommand, ListHostedZonesByNameCommand, type Route53Client } from '@aws-sdk/client-route-53';
import { allTables, tableName, type TableDefinition } from '../lambdas/platform/tables';

export function createTableInput(name: string, table: TableDefinition) {
  const keys = [table.partitionKey, ...(table.sortKey ? [table.sortKey] : [])];
  const attributeDefinitions: AttributeDefinition[] = keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type }));
  const keySchema: KeySchemaElement[] = [{ AttributeName: table.partitionKey.name, KeyType: 'HASH' }, ...(table.sortKey ? [{ AttributeName: table.sortKey.name, KeyType: 'RANGE' as const }] : [])];
  return {
    TableName: name,
    AttributeDefinitions: attributeDefinitions,
    KeySchema: keySchema,
    BillingMode: 'PAY_PER_REQUEST' as const,
    ...(table.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' as const } } : {}),
  };
}

/** Creates one table (if missing) and its TTL setting; returns the physical name. */
export async function provisionTable(client: DynamoDBClient, name: string, table: TableDefinition): Promise<string> {
  try {
    await client.send(new CreateTableCommand(createTableInput(name, table)));
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 0.1, maxDelay: 0.5 }, { TableName: name });
  if (table.ttlAttribute) {
    const described = await client.send(new DescribeTableCommand({ TableName: name }));
    if (described.Table) {
      await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true } })).catch((err: Error) => {
        // Enabling TTL twice is an error on DynamoDB; it is already what we want.
        if (!/already enabled/i.test(err.message)) throw err;
      });
    }
  }
  return name;
}

/** Every table of one service. `prefix` lets test files keep their tables apart. */
export async function provisionTables(client: DynamoDBClient, service: string, prefix = ''): Promise<Record<TableDefinition['logicalName'], string>> {
  const created = await Promise.all(allTables.map(async (t) => [t.logicalName, await provisionTable(client, tableName(service, t, prefix), t)] as const));
  return Object.fromEntries(created) as Record<TableDefinition['logicalName'], string>;
}

export async function deleteAllTables(client: DynamoDBClient): Promise<void> {
  const { TableNames = [] } = await client.send(new ListTablesCommand({}));
  await Promise.all(TableNames.map((TableName) => client.send(new DeleteTableCommand({ TableName }))));
}

/** Returns the id of the public hosted zone with this name, creating it if needed. */
export async function provisionHostedZone(route53: Route53Client, zoneName: string): Promise<string> {
  const fqdn = zoneName.endsWith('.') ? zoneName : `${zoneName}.`;
  const found = await route53.send(new ListHostedZonesByNameCommand({ DNSName: fqdn, MaxItems: 1 }));
  const existing = found.HostedZones?.find((z) => z.Name === fqdn);
  if (existing?.Id) return existing.Id.replace('/hostedzone/', '');
  const created = await route53.send(new CreateHostedZoneCommand({ Name: fqdn, CallerReference: `${fqdn}${Date.now()}` }));
  const id = created.HostedZone?.Id;
  if (!id) throw new Error(`CreateHostedZone returned no id for ${fqdn}`);
  return id.replace('/hostedzone/', '');
}
