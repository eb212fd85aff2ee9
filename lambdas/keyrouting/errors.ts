/**
 * Typed errors of the routing-table layer. Callers branch on the class (or `name`), never on the
 * message. Ring errors (`RingConfigError`, `NoHealthyTargetError`, `RingQueryError`) pass through
 * unchanged where they describe the caller's own query; problems with a table's members or ring
 * options are reported as `RouteTableInputError` (when building) or `CorruptRouteTableError`
 * (when reading a stored item), with the ring's problems included.
 */

/** Input to `nextRouteTable` or `publish` is invalid; `problems` lists every problem found. */
export class RouteTableInputError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options?: { cause?: unknown }) {
    super(`invalid routing table: ${problems.join('; ')}`, options);
    this.name = 'RouteTableInputError';
    this.problems = problems;
  }
}

/**
 * A stored routing table failed validation when read back (wrong shape, members and ring out of
 * step, a ring that rebuilds to a different fingerprint). Nothing is routed from it; fix or
 * republish the item (`where` names it).
 */
export class CorruptRouteTableError extends Error {
  readonly problems: readonly string[];
  readonly where: string;

  constructor(where: string, problems: readonly string[], options?: { cause?: unknown }) {
    super(`corrupt routing table at ${where}: ${problems.join('; ')}; republish the table from the controller or fix the item`, options);
    this.name = 'CorruptRouteTableError';
    this.where = where;
    this.problems = problems;
  }
}

/** `publish` lost a race: the stored version is no longer the expected one. Re-read, recompute, retry. */
export class StaleRouteTableVersionError extends Error {
  readonly expectedVersion: number;
  /** Stored version after the failed write (0: no table). */
  readonly actualVersion: number;

  constructor(expectedVersion: number, actualVersion: number) {
    super(`routing table version ${expectedVersion} is stale: the stored version is now ${actualVersion}; re-read the table and retry`);
    this.name = 'StaleRouteTableVersionError';
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

/** `publish` was refused by its fence: a writer with a newer term or token has written the table. */
export class RouteTableFencedError extends Error {
  /** The fence stored on the table, when known. */
  readonly storedFence: number | undefined;

  constructor(storedFence: number | undefined, token: number | undefined) {
    const detail = storedFence !== undefined && token !== undefined ? ` (stored fence ${storedFence} > yours ${token})` : '';
    super(`routing table write fenced off${detail}: a newer leader has written it; this writer must stop`);
    this.name = 'RouteTableFencedError';
    this.storedFence = storedFence;
  }
}

/**
 * `publish` was refused because the stored table was built from a newer version of its source (the
 * controller state) than this one: the writer's view is outdated, and a route table never goes
 * back to an older source version. Nothing to retry: a newer table is already in place.
 */
export class OutdatedRouteTableSourceError extends Error {
  readonly storedSourceVersion: number;
  readonly sourceVersion: number;

  constructor(storedSourceVersion: number, sourceVersion: number) {
    super(`routing table write refused: the stored table was built from source version ${storedSourceVersion}, newer than this writer's ${sourceVersion}`);
    this.name = 'OutdatedRouteTableSourceError';
    this.storedSourceVersion = storedSourceVersion;
    this.sourceVersion = sourceVersion;
  }
}

/** No routing table has been published yet for this service. */
export class NoRouteTableError extends Error {
  constructor(where: string) {
    super(`no routing table at ${where} yet; the controller publishes one on its first run`);
    this.name = 'NoRouteTableError';
  }
}
