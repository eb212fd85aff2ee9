/** What every store checks before writing a table: never store an item readers would refuse. */
import type { PublishOptions } from './route-table-store';
import { CorruptRoutingTableError, RoutingTableInputError } from './errors';
import { parseRoutingTable, type VersionedRoutingTable } from './table';

/** @throws RoutingTableInputError if `next` is invalid or is not exactly one version after `expectedVersion`. */
export function checkPublishable(next: VersionedRoutingTable, options: PublishOptions): VersionedRoutingTable {
  const expected = options?.expectedVersion;
  if (typeof expected !== 'number' || !Number.isSafeInteger(expected) || expected < 0) {
    throw new RoutingTableInputError([`expectedVersion must be a non-negative integer, 0 for the first table (got ${String(expected)})`]);
  }
  let table: VersionedRoutingTable;
  try {
    table = parseRoutingTable(next, 'publish input');
  } catch (err) {
    if (err instanceof CorruptRoutingTableError) throw new RoutingTableInputError(err.problems, { cause: err });
    throw err;
  }
  if (table.version !== expected + 1) {
    throw new RoutingTableInputError([`next.version must be expectedVersion + 1 = ${expected + 1} (got ${table.version}); build it with nextRoutingTable from the table you read`]);
  }
  return table;
}
