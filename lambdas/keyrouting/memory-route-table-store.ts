/**
 * RouteTableStore in one process's memory, with the DynamoDB store's semantics (version check,
 * fence, immutable history, validation on read). For unit tests of code that publishes or reads
 * routing tables; counts reads so cache behaviour can be asserted.
 */
import type { PublishOptions, RouteTableStore } from './route-table-store';
import { CorruptRouteTableError, OutdatedRouteTableSourceError, RouteTableFencedError, StaleRouteTableVersionError } from './errors';
import { checkPublishable } from './publish-check';
import { parseRouteTable, type RouteTable } from './table';
import { asPromise } from '../platform/as-promise';

export class MemoryRouteTableStore implements RouteTableStore {
  readonly where = 'memory routing/current';
  /** Number of `headVersion` and `load` calls. */
  readonly reads = { head: 0, full: 0 };
  private head: unknown;
  private fence: number | undefined;
  private sourceVersion: number | undefined;
  private readonly past = new Map<number, RouteTable>();

  headVersion(): Promise<number | undefined> {
    return asPromise(() => {
      this.reads.head += 1;
      if (this.head === undefined) return undefined;
      const version = (this.head as { version?: unknown }).version;
      if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
        throw new CorruptRouteTableError(this.where, [`version must be a positive integer (got ${JSON.stringify(version) ?? 'nothing'})`]);
      }
      return version;
    });
  }

  load(): Promise<RouteTable | undefined> {
    return asPromise(() => {
      this.reads.full += 1;
      return this.head === undefined ? undefined : parseRouteTable(structuredClone(this.head), this.where);
    });
  }

  publish(next: RouteTable, options: PublishOptions): Promise<RouteTable> {
    return asPromise(() => {
      const table = checkPublishable(next, options);
      const actual = this.head === undefined ? 0 : ((this.head as { version?: unknown }).version as number);
      const token = options.fence?.term;
      if (actual !== options.expectedVersion) throw new StaleRouteTableVersionError(options.expectedVersion, actual);
      if (token !== undefined && this.fence !== undefined && this.fence > token) throw new RouteTableFencedError(this.fence, token);
      const source = options.sourceVersion;
      if (source !== undefined && this.sourceVersion !== undefined && this.sourceVersion > source) throw new OutdatedRouteTableSourceError(this.sourceVersion, source);
      if (token !== undefined) this.fence = token;
      if (source !== undefined) this.sourceVersion = source;
      this.head = structuredClone(table);
      this.past.set(table.version, table);
      return table;
    });
  }

  history(version: number): Promise<RouteTable | undefined> {
    return asPromise(() => this.past.get(version));
  }

  /** Replaces the stored head with anything (tests of corrupt items). */
  overwriteHead(value: unknown): void {
    this.head = structuredClone(value);
  }
}
