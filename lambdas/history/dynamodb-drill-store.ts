/**
 * DrillStore on the State table: the latest drill is ONE item (pk `drill`, sk `latest`) written
 * conditionally on its version, so two runners cannot both advance it, and a new drill is created
 * only when none is running. Each write also keeps a copy by id (sk `id#<id>`, unconditional: the
 * latest item is the authority) so a finished drill's record outlives the next drill. The status
 * fields (target, home, started, ends at, status) sit beside the record for people reading the table.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { conditionFailure } from '../coordination';
import { DrillConflictError, drillSummary, type DrillRecord, type DrillStore } from './drill-store';

export const DRILL_PK = 'drill';
const LATEST_SK = 'latest';

export interface DynamoDbDrillStoreOptions {
  readonly documents: DynamoDBDocumentClient;
  /** The State table. */
  readonly tableName: string;
}

export class DynamoDbDrillStore implements DrillStore {
  constructor(private readonly options: DynamoDbDrillStoreOptions) {}

  latest(): Promise<DrillRecord | undefined> {
    return this.read(LATEST_SK);
  }

  get(id: string): Promise<DrillRecord | undefined> {
    return this.read(`id#${id}`);
  }

  async create(record: DrillRecord): Promise<void> {
    try {
      await this.put(LATEST_SK, record, { ConditionExpression: 'attribute_not_exists(pk) OR finished = :true', ExpressionAttributeValues: { ':true': true } });
    } catch (err) {
      if (conditionFailure(err) === undefined) throw err;
      const running = await this.latest();
      throw new DrillConflictError('drill-running', `drill ${running?.id ?? '?'} is running; abort it or wait until it has finished`);
    }
    await this.put(`id#${record.id}`, record);
  }

  async update(record: DrillRecord, expectedVersion: number): Promise<void> {
    try {
      await this.put(LATEST_SK, record, { ConditionExpression: 'drillId = :id AND version = :v', ExpressionAttributeValues: { ':id': record.id, ':v': expectedVersion } });
    } catch (err) {
      if (conditionFailure(err) === undefined) throw err;
      throw new DrillConflictError('version', `drill ${record.id} changed meanwhile; re-read it`);
    }
    await this.put(`id#${record.id}`, record);
  }

  private async read(sk: string): Promise<DrillRecord | undefined> {
    const { Item } = await this.options.documents.send(new GetCommand({ TableName: this.options.tableName, Key: { pk: DRILL_PK, sk }, ConsistentRead: true }));
    return typeof Item?.record === 'string' ? (JSON.parse(Item.record) as DrillRecord) : undefined;
  }

  private async put(sk: string, record: DrillRecord, condition?: { ConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> }): Promise<void> {
    await this.options.documents.send(
      new PutCommand({
        TableName: this.options.tableName,
        Item: {
          pk: DRILL_PK,
          sk,
          drillId: record.id,
          version: record.version,
          finished: record.drill.phase === 'finished',
          ...drillSummary(record),
          updatedAt: record.updatedAt,
          record: JSON.stringify(record),
        },
        ...(condition ?? {}),
      }),
    );
  }
}
