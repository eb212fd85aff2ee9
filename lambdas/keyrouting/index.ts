/**
 * Public API of the routing library: versioned routing tables over the consistent-hash ring,
 * stored in DynamoDB, with a cached reader that answers "where does this key go?" for reads and
 * writes. See docs/routing.md.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoRouteTableStore, type DynamoRouteTableStoreOptions } from './dynamodb-route-table-store';
import type { Clock } from '../platform/clock';
import { RouteTableReader } from './reader';

export { CorruptRouteTableError, NoRouteTableError, OutdatedRouteTableSourceError, RouteTableFencedError, RouteTableInputError, StaleRouteTableVersionError } from './errors';
export { NoHealthyTargetError, RingQueryError, type Member, type RingDescription, type RingOptions, type RouteOp } from './ring';
export { ROUTING_DEFAULT_SEED, ROUTING_DEFAULT_SLOT_COUNT, parseRouteTable, sameRouteTable, type RouteTable } from './table';
export { nextRouteTable, type RouteTableChange } from './next';
export { membersFromPolicy, routeTableChangeFromActiveSet, routingInputsFromConfig, type ActiveSetChange } from './config';
export { RouteTableSnapshot, compileRouteTable, type RouteAnswer } from './snapshot';
export { RouteTableReader, type RouteTableReaderOptions } from './reader';
export { updateRouteTable, type UpdateOptions, type UpdateResult } from './update';
export { MemoryRouteTableStore } from './memory-route-table-store';
export { DynamoRouteTableStore, ROUTING_HEAD_SK, ROUTING_PK, SOURCE_VERSION_ATTRIBUTE, historySortKey, type DynamoRouteTableStoreOptions } from './dynamodb-route-table-store';
export type { PublishOptions, RouteTableFence, RouteTableStore } from './route-table-store';

export interface RouteTableOptions extends Omit<DynamoRouteTableStoreOptions, 'documents' | 'tableName'> {
  /** `createAwsClients(...)`; only the DocumentClient is used. */
  readonly clients: { readonly documents: DynamoDBDocumentClient };
  /** The service's State table: `tableNames(service).state`. */
  readonly tableName: string;
}

/** The DynamoDB store (for the controller, which publishes). */
export function createRouteTableStore(options: RouteTableOptions): DynamoRouteTableStore {
  const { clients, ...rest } = options;
  return new DynamoRouteTableStore({ ...rest, documents: clients.documents });
}

/** A cached reader over the DynamoDB store (for the API and for users' own code). */
export function createRouteTableReader(options: RouteTableOptions & { readonly maxAgeMs?: number; readonly staleIfErrorMs?: number; readonly clock?: Pick<Clock, 'monotonicMs'> }): RouteTableReader {
  const { maxAgeMs, staleIfErrorMs, clock, ...storeOptions } = options;
  return new RouteTableReader({
    store: createRouteTableStore(storeOptions),
    ...(maxAgeMs !== undefined ? { maxAgeMs } : {}),
    ...(staleIfErrorMs !== undefined ? { staleIfErrorMs } : {}),
    ...(clock !== undefined ? { clock } : {}),
  });
}
