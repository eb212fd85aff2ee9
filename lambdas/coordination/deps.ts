/** What the lock and election engines need from the outside world, injected so tests control it. */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { systemClock, type Clock } from '../platform/clock';
import type { LockStore } from './lock-store';
import type { FenceOptions } from './dynamodb/fencing';
import type { LeaseSettings } from './rules/settings';

export interface CoordinationDeps {
  readonly store: LockStore;
  readonly clock: Clock;
  /** Unique ids for record versions (and default owners). */
  readonly newId: () => string;
  /** Uniform [0, 1) for poll jitter, so waiters do not poll in lock-step. */
  readonly random: () => number;
}

export interface DepsOptions {
  readonly store: LockStore;
  /** @default systemClock */
  readonly clock?: Clock;
  /** @default crypto.randomUUID */
  readonly newId?: () => string;
  /** @default Math.random */
  readonly random?: () => number;
}

export function resolveDeps(options: DepsOptions): CoordinationDeps {
  return {
    store: options.store,
    clock: options.clock ?? systemClock,
    newId: options.newId ?? randomUUID,
    random: options.random ?? Math.random,
  };
}

/** A readable, unique owner id: host, process and a random suffix (two processes never share one). */
export function defaultOwner(newId: () => string): string {
  return `${hostname()}:${process.pid}:${newId().slice(0, 8)}`;
}

/** One request for a lease on one key (a lock or a leader record). */
export interface LeaseRequest {
  readonly key: string;
  /** The lock's name, or the election group of a leadership. */
  readonly name: string;
  /** For messages: `lock "orders"`, `leadership of "controller"`. */
  readonly resource: string;
  readonly owner: string;
  readonly payload?: string;
  readonly settings: LeaseSettings;
  /** Renew in the background every heartbeat. */
  readonly autoRenew: boolean;
  /** Fence attribute the handle's helpers use by default. */
  readonly fence: Required<Pick<FenceOptions, 'attribute'>>;
}
