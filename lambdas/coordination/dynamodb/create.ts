/** Wiring for production: the DynamoDB lock store on the Coordination table, system clock, random ids. */
import type { AwsClients } from '../../platform/aws-clients';
import { DynamoLockStore } from './lock-store';
import { LeaderElector, type LeaderElectorOptions } from '../leader-elector';
import { LockClient, type LockClientOptions } from '../lock-client';

export interface TableOptions {
  /** From `createAwsClients`; only the low-level DynamoDB client is used. */
  readonly clients: Pick<AwsClients, 'dynamodb'>;
  /** Physical Coordination table name: `tableNames(service).coordination`. */
  readonly tableName: string;
}

export function createLockClient(options: TableOptions & Omit<LockClientOptions, 'store'>): LockClient {
  const { clients, tableName, ...rest } = options;
  return new LockClient({ ...rest, store: new DynamoLockStore({ dynamodb: clients.dynamodb, tableName }) });
}

export function createLeaderElector(options: TableOptions & Omit<LeaderElectorOptions, 'store'>): LeaderElector {
  const { clients, tableName, ...rest } = options;
  return new LeaderElector({ ...rest, store: new DynamoLockStore({ dynamodb: clients.dynamodb, tableName }) });
}
