/**
 * Public API of the routing library: versioned routing tables over the consistent-hash ring,
 * stored in DynamoDB, with a cached reader that answers "where does this key go?" for reads and
 * writes. See docs/routing.md.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoRoutingTableStore, type DynamoRoutingTableStoreOptions } from './dynamodb-route-table-store';
import type { Clock } from '../platform/clock';
import { RoutingTableReader } from './reader';

export { CorruptRoutingTableError, NoRoutingTableError, RoutingFencedError, RoutingTableInputError, StaleRoutingVersionError } from './errors';
export { NoHealthyTargetError, RingQueryError, type Member, type RingDescription, type RingOptions, type RouteOp } from './ring';
export { ROUTING_DEFAULT_SEED, ROUTING_DEFAULT_SLOT_COUNT, parseRoutingTable, sameRouteTable, type VersionedRoutingTable } from './table';
export { nextRoutingTable, type RoutingChange } from './next';
export { membersFromPolicy, routingChangeFromActiveSet, routingInputsFromConfig, type ActiveSetChange } from './config';
export { RoutingSnapshot, compileRoutingTable, type RouteAnswer } from './snapshot';
export { RoutingTableReader, type RoutingTableReaderOptions } from './reader';
export { updateRoutingTable, type UpdateOptions, type UpdateResult } from './update';
export { MemoryRoutingTableStore } from './memory-route-table-store';
export { DynamoRoutingTableStore, ROUTING_HEAD_SK, ROUTING_PK, historySortKey, type DynamoRoutingTableStoreOptions } from './dynamodb-route-table-store';
export type { PublishOptions, RoutingFence, RoutingTableStore } from './route-table-store';

export interface RoutingTableOptions extends Omit<DynamoRoutingTableStoreOptions, 'documents' | 'tableName'> {
  /** `createAwsClients(...)`; only the DocumentClient is used. */
  readonly clients: { readonly documents: DynamoDBDocumentClient };
  /** The service's State table: `tableNames(service).state`. */
  readonly tableName: string;
}

/** The DynamoDB store (for the controller, which publishes). */
export function createRoutingTableStore(options: RoutingTableOptions): DynamoRoutingTableStore {
  const { clients, ...rest } = options;
  return new DynamoRoutingTableStore({ ...rest, documents: clients.documents });
}

/** A cached reader over the DynamoDB store (for the API and for users' own code). */
export function createRoutingTableReader(
  options: RoutingTableOptions & { readonly maxAgeMs?: number; readonly staleIfErrorMs?: number; readonly clock?: Pick<Clock, 'monotonicMs'> },
): RoutingTableReader {
  const { maxAgeMs, staleIfErrorMs, clock, ...storeOptions } = options;
  return new RoutingTableReader({
    store: createRoutingTableStore(storeOptions),
    ...(maxAgeMs !== undefined ? { maxAgeMs } : {}),
    ...(staleIfErrorMs !== undefined ? { staleIfErrorMs } : {}),
    ...(clock !== undefined ? { clock } : {}),
  });
}
