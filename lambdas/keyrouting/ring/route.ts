/**
 * Read/write split on top of the ring. The failover policy decides the single
 * write primary and which members are healthy; this only turns that into a
 * target plus ordered fallbacks for one key.
 */

import { NoHealthyTargetError, RingQueryError } from './errors';
import type { Ring } from './ring';

export type RouteOp = 'read' | 'write';

export interface RouteRequest {
  readonly op: RouteOp;
  /** Member id that takes all writes, chosen by the failover policy. */
  readonly primary: string;
  /** Member ids currently healthy for reads; ids that are not ring members are ignored. */
  readonly healthy: ReadonlySet<string>;
}

export interface Route {
  readonly target: string;
  /** Members to try, in order, if the target fails; empty for writes (a write goes to the primary or nowhere). */
  readonly fallbacks: readonly string[];
}

/**
 * Routes one operation on `key`.
 * - write: the primary, no fallbacks; writes never fan out, so a failover
 *   changes the primary rather than the route.
 * - read: the key's first healthy member in its preference order, the other
 *   healthy members after it in the same order. Keeping the order per key
 *   (not one global order) spreads a failed member's reads over all survivors.
 * @throws RingQueryError for an unknown op or a primary that is not a member.
 * @throws NoHealthyTargetError if a read finds no healthy member.
 */
export function routeKey(ring: Ring, key: string, request: RouteRequest): Route {
  switch (request.op) {
    case 'write':
      if (!ring.has(request.primary)) {
        throw new RingQueryError(`write primary ${JSON.stringify(request.primary)} is not a member of the ring`);
      }
      return { target: request.primary, fallbacks: [] };
    case 'read': {
      const [target, ...fallbacks] = ring.preferenceAmong(key, request.healthy);
      if (target === undefined) throw new NoHealthyTargetError(key);
      return { target, fallbacks };
    }
    default: {
      const op: never = request.op;
      throw new RingQueryError(`unknown operation ${JSON.stringify(op)} (expected "read" or "write")`);
    }
  }
}
