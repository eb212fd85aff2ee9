/**
 * A routing table with its ring rebuilt: the immutable object every answer is computed from. One
 * answer uses one snapshot, so its target, fallbacks and version always belong together.
 */
import { RingConfigError, RingFingerprintError, ringFromDescription, routeKey, type Ring, type RouteOp } from './ring';
import { CorruptRouteTableError } from './errors';
import type { RouteTable } from './table';

export interface RouteAnswer {
  readonly key: string;
  readonly op: RouteOp;
  /** write: the primary; read: the key's first healthy member in its preference order. */
  readonly target: string;
  /** Healthy members to try next, in order (always empty for writes). */
  readonly fallbacks: readonly string[];
  /** Version of the table the answer came from. */
  readonly version: number;
}

export class RouteTableSnapshot {
  readonly healthySet: ReadonlySet<string>;

  /** Use `compileRouteTable`. */
  constructor(
    readonly table: RouteTable,
    readonly ring: Ring,
  ) {
    this.healthySet = new Set(table.healthy);
  }

  get version(): number {
    return this.table.version;
  }

  /**
   * Routes one operation on `key`.
   * @throws NoHealthyTargetError for a read when no member is healthy.
   * @throws RingQueryError for an op other than `read`/`write`.
   */
  route(key: string, op: RouteOp): RouteAnswer {
    const { target, fallbacks } = routeKey(this.ring, key, { op, primary: this.table.primary, healthy: this.healthySet });
    return { key, op, target, fallbacks, version: this.table.version };
  }
}

/**
 * Rebuilds the table's ring and checks it against the stored fingerprint.
 * @throws CorruptRouteTableError if the description is invalid or rebuilds to another ring.
 */
export function compileRouteTable(table: RouteTable, where = `routing table v${table.version}`): RouteTableSnapshot {
  try {
    return new RouteTableSnapshot(table, ringFromDescription(table.ring));
  } catch (err) {
    if (err instanceof RingConfigError) throw new CorruptRouteTableError(where, err.problems, { cause: err });
    if (err instanceof RingFingerprintError) throw new CorruptRouteTableError(where, [err.message], { cause: err });
    throw err;
  }
}
