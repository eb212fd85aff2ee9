/**
 * Where versioned routing tables live. Writers publish version N+1 only if the stored version is
 * still N (optimistic concurrency), optionally fenced by a leader term; readers poll the head's
 * version cheaply and load the full table only when it changed.
 * Implementations: lambdas/keyrouting/dynamodb-route-table-store.ts (State table),
 * lambdas/keyrouting/memory-route-table-store.ts (one process, tests).
 */
import type { RouteTable } from './table';

/**
 * Fences a publish by the writer's leader term: the publish lands only while no publish with a
 * larger term has landed, and stores `term` with the head. A value, not a storage expression: each
 * store adds the comparison to its own write in its own terms, as etcd's concurrency package adds a
 * compare to the caller's transaction (the DynamoDB store: a condition on the head's `fenceTerm`
 * attribute in the same UpdateItem; the in-memory store: a number comparison).
 */
export interface RouteTableFence {
  /** The writer's leader term, or any fencing token that only grows (a lock's token). */
  readonly term: number;
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
