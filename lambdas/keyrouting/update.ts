/**
 * Read-modify-write of the routing table in one call, for the controller: load the current table,
 * compute the next one, publish it only if something changed.
 */
import type { RouteTableFence, RouteTableStore } from './route-table-store';
import { CorruptRouteTableError } from './errors';
import { nextRouteTable, type RouteTableChange } from './next';
import type { RouteTable } from './table';

export interface UpdateOptions {
  /** Fence the write by the writer's term, e.g. `{ term: leadership.term }`. */
  readonly fence?: RouteTableFence;
  /**
   * If the stored table is corrupt, replace it (version = stored version + 1) instead of failing.
   * Needs `change.members`. If even the stored version is unreadable the error is thrown.
   * @default false
   */
  readonly replaceCorrupt?: boolean;
  /** The source version the change was computed from (see `PublishOptions.sourceVersion`). */
  readonly sourceVersion?: number;
}

export interface UpdateResult {
  /** The table now current (the stored one when nothing changed). */
  readonly table: RouteTable;
  readonly changed: boolean;
  readonly previous: RouteTable | undefined;
}

/**
 * One attempt; on a lost race it throws and the caller decides again on fresh data.
 * @throws StaleRouteTableVersionError, RouteTableFencedError, OutdatedRouteTableSourceError, RouteTableInputError, CorruptRouteTableError.
 */
export async function updateRouteTable(store: RouteTableStore, change: RouteTableChange | ((current: RouteTable | undefined) => RouteTableChange), options: UpdateOptions = {}): Promise<UpdateResult> {
  const fence = { ...(options.fence ? { fence: options.fence } : {}), ...(options.sourceVersion !== undefined ? { sourceVersion: options.sourceVersion } : {}) };
  let current: RouteTable | undefined;
  try {
    current = await store.load();
  } catch (err) {
    if (!(err instanceof CorruptRouteTableError) || !options.replaceCorrupt) throw err;
    const storedVersion = (await store.headVersion()) ?? 0;
    const fresh = nextRouteTable(undefined, typeof change === 'function' ? change(undefined) : change);
    const table = { ...fresh, version: storedVersion + 1 };
    await store.publish(table, { expectedVersion: storedVersion, ...fence });
    return { table, changed: true, previous: undefined };
  }
  const next = nextRouteTable(current, typeof change === 'function' ? change(current) : change);
  if (next === current) return { table: current, changed: false, previous: current };
  await store.publish(next, { expectedVersion: current?.version ?? 0, ...fence });
  return { table: next, changed: true, previous: current };
}
