/** What every store checks before writing a table: never store an item readers would refuse. */
import type { PublishOptions } from './route-table-store';
import { CorruptRouteTableError, RouteTableInputError } from './errors';
import { parseRouteTable, type RouteTable } from './table';

/** @throws RouteTableInputError if `next` is invalid, is not exactly one version after `expectedVersion`, or the fence's term is not a non-negative integer. */
export function checkPublishable(next: RouteTable, options: PublishOptions): RouteTable {
  const expected = options?.expectedVersion;
  if (typeof expected !== 'number' || !Number.isSafeInteger(expected) || expected < 0) {
    throw new RouteTableInputError([`expectedVersion must be a non-negative integer, 0 for the first table (got ${String(expected)})`]);
  }
  const term = options.fence?.term;
  if (options.fence !== undefined && (typeof term !== 'number' || !Number.isSafeInteger(term) || term < 0)) {
    throw new RouteTableInputError([`fence term must be a non-negative integer (got ${String(term)})`]);
  }
  let table: RouteTable;
  try {
    table = parseRouteTable(next, 'publish input');
  } catch (err) {
    if (err instanceof CorruptRouteTableError) throw new RouteTableInputError(err.problems, { cause: err });
    throw err;
  }
  if (table.version !== expected + 1) {
    throw new RouteTableInputError([`next.version must be expectedVersion + 1 = ${expected + 1} (got ${table.version}); build it with nextRouteTable from the table you read`]);
  }
  return table;
}
