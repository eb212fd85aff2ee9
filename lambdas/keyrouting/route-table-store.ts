/**
 * Where versioned routing tables live. Writers publish version N+1 only if the stored version is
 * still N (optimistic concurrency), optionally fenced by a leader term; readers poll the head's
 * version cheaply and load the full table only when it changed.
 * Implementations: lambdas/keyrouting/dynamodb-route-table-store.ts (State table),
 * lambdas/keyrouting/memory-route-table-store.ts (one process, tests).
 */
import type { RouteTable } from './table';

/**
 * A storage-level fence, in the shape the coordination library's `Leadership.fenceCondition()` /
 * `fenceCondition(term, { attribute: 'fenceTerm' })` produce (DocumentClient format): the write
 * succeeds only while the stored fence ≤ `token`, and stores `token`.
 */
export interface RouteTableFence {
  /** e.g. `(attribute_not_exists(#f) OR #f <= :f)`; ANDed into the write's condition. */
  readonly conditionExpression: string;
  /** e.g. `#f = :f`; added to the write's SET clause. */
  readonly setExpression: string;
  readonly expressionAttributeNames: Readonly<Record<string, string>>;
  readonly expressionAttributeValues: Readonly<Record<string, unknown>>;
  /** Fence attribute and token; used to explain a refusal (and by the in-memory store to enforce it). */
  readonly attribute?: string;
  readonly token?: number;
}

export interface PublishOptions {
  /** The version `next` was computed from (0: no table yet). `next.version` must be this + 1. */
  readonly expectedVersion: number;
  readonly fence?: RouteTableFence;
  /**
   * The version of the source of truth this table was built from (the controller state's version).
   * Stored with the head; the publish is refused if the stored one is newer, so a writer that
   * paused with an outdated view can never replace a table built from a newer state.
   */
  readonly sourceVersion?: number;
}

export interface RouteTableStore {
  /** Human-readable location for error messages, e.g. `shop-api-state routing/current`. */
  readonly where: string;
  /**
   * Strongly consistent read of the head's version only (cheap); undefined before the first publish.
   * @throws CorruptRouteTableError if the stored version is not a positive integer.
   */
  headVersion(): Promise<number | undefined>;
  /**
   * Strongly consistent read of the whole current table; undefined before the first publish.
   * @throws CorruptRouteTableError if the item is not a valid table.
   */
  load(): Promise<RouteTable | undefined>;
  /**
   * Stores `next` as the current table (and as immutable history entry `next.version`). Idempotent:
   * if the head already holds exactly `next` (and this fence's token), it succeeds without writing.
   * @throws StaleRouteTableVersionError if the stored version is not `expectedVersion`.
   * @throws RouteTableFencedError if the fence refused the write.
   * @throws OutdatedRouteTableSourceError if the stored table was built from a newer `sourceVersion`.
   * @throws RouteTableInputError if `next` is invalid or `next.version !== expectedVersion + 1`.
   */
  publish(next: RouteTable, options: PublishOptions): Promise<RouteTable>;
  /**
   * A past (or the current) version from the history; undefined if never published or not recorded.
   * @throws CorruptRouteTableError if the item is not a valid table.
   */
  history(version: number): Promise<RouteTable | undefined>;
}
