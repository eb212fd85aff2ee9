/**
 * Locks over HTTP. A caller of the API holds a lock across requests, so no process keeps a lease
 * handle for it: acquire takes the lock without background renewal and hands out the fencing
 * token; renew and release name the grant by that token (owner read from the record), and the
 * store's conditional write applies only while that exact grant still holds the lock.
 */
import { LockClient, LockTimeoutError, type LockStore } from '../coordination';
import { CoordinationUnavailableError } from '../core/coordination/errors';
import { lockKey } from '../core/coordination/keys';
import type { LockRecord } from '../core/coordination/record';
import { resolveLeaseSettings } from '../core/coordination/settings';
import type { Clock } from '../ports/clock';
import { ServiceRejection } from './errors';
import type { LockPort } from './ports';
import type { LockGrant, LockView } from './schemas';

export interface LockPortDeps {
  readonly store: LockStore;
  readonly clock: Clock;
  readonly newId: () => string;
}

/** Expiry for humans: last write + lease. Waiters never trust wall clocks; people reading status may. */
function estimatedExpiry(record: LockRecord): number {
  return record.updatedAtMs + record.leaseMs;
}

function view(name: string, record: LockRecord | undefined): LockView {
  if (record === undefined || record.released) return { name, held: false };
  return { name, held: true, owner: record.owner, token: record.token, expiresAt: estimatedExpiry(record) };
}

function unavailable(err: unknown): never {
  if (err instanceof CoordinationUnavailableError) throw new ServiceRejection('unavailable', `${err.message}; retry shortly`);
  throw err;
}

export class HttpLockPort implements LockPort {
  private readonly client: LockClient;

  constructor(private readonly deps: LockPortDeps) {
    this.client = new LockClient({ store: deps.store, clock: deps.clock, newId: deps.newId });
  }

  async acquire(name: string, request: { owner: string; leaseMs: number; waitMs: number }): Promise<LockGrant | undefined> {
    const options = { owner: request.owner, leaseMs: request.leaseMs, autoRenew: false };
    try {
      const handle = request.waitMs > 0 ? await this.client.acquire(name, { ...options, waitMs: request.waitMs }) : await this.client.tryAcquire(name, options);
      if (handle === undefined) return undefined;
      return { name, owner: handle.owner, token: handle.token, expiresAt: this.deps.clock.wallMs() + request.leaseMs };
    } catch (err) {
      if (err instanceof LockTimeoutError) return undefined;
      return unavailable(err);
    }
  }

  async renew(name: string, token: number, leaseMs?: number): Promise<LockGrant> {
    const record = await this.holding(name, token, 'renew');
    const lease = leaseMs ?? record.leaseMs;
    const wallMs = this.deps.clock.wallMs();
    const ttlMs = resolveLeaseSettings({ leaseMs: lease }).ttlMs;
    const outcome = await this.deps.store
      .renew(lockKey(name), {
        owner: record.owner,
        token,
        recordVersion: this.deps.newId(),
        leaseMs: lease,
        ...(record.payload !== undefined ? { payload: record.payload } : {}),
        expiresAt: Math.ceil((wallMs + ttlMs) / 1000),
        wallMs,
      })
      .catch(unavailable);
    if (outcome.kind !== 'ok') throw this.lost(name, token, 'renew', outcome.kind === 'rejected' ? outcome.current : undefined);
    return { name, owner: record.owner, token, expiresAt: wallMs + lease };
  }

  async release(name: string, token: number): Promise<void> {
    const record = await this.holding(name, token, 'release');
    const wallMs = this.deps.clock.wallMs();
    const outcome = await this.deps.store
      .release(lockKey(name), { owner: record.owner, token, recordVersion: this.deps.newId(), leaseMs: record.leaseMs, expiresAt: record.expiresAt, wallMs })
      .catch(unavailable);
    if (outcome.kind !== 'ok') throw this.lost(name, token, 'release', outcome.kind === 'rejected' ? outcome.current : undefined);
  }

  async inspect(name: string): Promise<LockView> {
    return view(name, await this.deps.store.read(lockKey(name)).catch(unavailable));
  }

  /** The record, if `token` still holds the lock; else a 409 saying who does. */
  private async holding(name: string, token: number, action: string): Promise<LockRecord> {
    const record = await this.deps.store.read(lockKey(name)).catch(unavailable);
    if (record === undefined || record.released || record.token !== token) throw this.lost(name, token, action, record);
    return record;
  }

  private lost(name: string, token: number, action: string, current: LockRecord | undefined): ServiceRejection {
    const now = view(name, current);
    const who = now.held ? `it is held by ${now.owner} with token ${now.token}` : 'it is free';
    return new ServiceRejection('conflict', `cannot ${action} lock ${JSON.stringify(name)} with token ${token}: ${who}; acquire it again`, now);
  }
}
