/**
 * Cached reads of the routing table. `get()` answers from memory while the cached table was
 * confirmed less than `maxAgeMs` ago; after that it asks the store for the head's version only
 * (a projected, strongly consistent read), and loads the full table and rebuilds the ring only
 * when the version changed. Concurrent callers share one refresh, and the cached version never
 * goes backwards.
 */
import { systemClock, type Clock } from '../platform/clock';
import type { RouteTableStore } from './route-table-store';
import type { RouteOp } from './ring';
import { CorruptRouteTableError, NoRouteTableError } from './errors';
import { compileRouteTable, type RouteAnswer, type RouteTableSnapshot } from './snapshot';

export interface RouteTableReaderOptions {
  readonly store: RouteTableStore;
  /** Only `monotonicMs` is used. @default systemClock */
  readonly clock?: Pick<Clock, 'monotonicMs'>;
  /** How long a confirmed table is served without asking the store. @default 1000 */
  readonly maxAgeMs?: number;
  /**
   * If the store cannot be reached, keep serving the cached table while it was confirmed less than
   * this long ago (checking again every `maxAgeMs`). A corrupt or missing table is never masked.
   * @default 30000
   */
  readonly staleIfErrorMs?: number;
}

export class RouteTableReader {
  private readonly store: RouteTableStore;
  private readonly clock: Pick<Clock, 'monotonicMs'>;
  private readonly maxAgeMs: number;
  private readonly staleIfErrorMs: number;
  private cached: RouteTableSnapshot | undefined;
  /** Monotonic ms when the store last confirmed `cached` as current. */
  private confirmedAt = Number.NEGATIVE_INFINITY;
  /** Monotonic ms before which `get()` answers without asking the store. */
  private nextCheckAt = Number.NEGATIVE_INFINITY;
  /** A corrupt or missing table, re-reported until the next check. */
  private failure: Error | undefined;
  private inflight: Promise<RouteTableSnapshot> | undefined;

  constructor(options: RouteTableReaderOptions) {
    const maxAgeMs = options.maxAgeMs ?? 1000;
    const staleIfErrorMs = options.staleIfErrorMs ?? 30_000;
    if (!Number.isFinite(maxAgeMs) || maxAgeMs < 0) throw new RangeError(`maxAgeMs must be a finite number ≥ 0 (got ${maxAgeMs})`);
    if (!Number.isFinite(staleIfErrorMs) || staleIfErrorMs < 0) throw new RangeError(`staleIfErrorMs must be a finite number ≥ 0 (got ${staleIfErrorMs})`);
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.maxAgeMs = maxAgeMs;
    this.staleIfErrorMs = staleIfErrorMs;
  }

  /**
   * The current table (cached up to `maxAgeMs`).
   * @throws NoRouteTableError before the first publish.
   * @throws CorruptRouteTableError if the stored table is invalid.
   * @throws the store's error if it is unreachable and no recent table is cached.
   */
  get(): Promise<RouteTableSnapshot> {
    if (this.clock.monotonicMs() < this.nextCheckAt) {
      if (this.failure) return Promise.reject(this.failure);
      if (this.cached) return Promise.resolve(this.cached);
    }
    return this.refresh();
  }

  /** Asks the store now, whatever the cache age (joins a refresh already in flight). */
  refresh(): Promise<RouteTableSnapshot> {
    this.inflight ??= this.check().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** The cached table without any I/O, if one was loaded. */
  peek(): RouteTableSnapshot | undefined {
    return this.cached;
  }

  /**
   * `{ key, op, target, fallbacks, version }` for one key, all from one table version.
   * Errors as `get()`, plus `NoHealthyTargetError` (a read with no healthy member) and
   * `RingQueryError` (an op other than read/write).
   */
  async resolveRoute(key: string, op: RouteOp): Promise<RouteAnswer> {
    return (await this.get()).route(key, op);
  }

  private async check(): Promise<RouteTableSnapshot> {
    const started = this.clock.monotonicMs();
    try {
      const version = await this.store.headVersion();
      if (version === undefined) throw new NoRouteTableError(this.store.where);
      if (this.cached && version <= this.cached.version) return this.confirm(this.cached, started);
      const table = await this.store.load();
      if (table === undefined) throw new NoRouteTableError(this.store.where);
      // The head may have moved on between the two reads; anything not older than the cache will do.
      if (this.cached && table.version <= this.cached.version) return this.confirm(this.cached, started);
      return this.confirm(compileRouteTable(table, `${this.store.where} (v${table.version})`), started);
    } catch (err) {
      if (err instanceof CorruptRouteTableError || err instanceof NoRouteTableError) {
        this.failure = err;
        this.nextCheckAt = started + this.maxAgeMs;
        throw err;
      }
      if (this.cached && started - this.confirmedAt < this.staleIfErrorMs) {
        this.nextCheckAt = started + this.maxAgeMs;
        return this.cached;
      }
      throw err;
    }
  }

  private confirm(snapshot: RouteTableSnapshot, at: number): RouteTableSnapshot {
    this.cached = snapshot;
    this.failure = undefined;
    this.confirmedAt = at;
    this.nextCheckAt = at + this.maxAgeMs;
    return snapshot;
  }
}
