/**
 * Locks over HTTP. A caller of the API holds a lock across requests, so no process keeps a lease
 * handle for it: acquire takes the lock without background renewal and hands out the fencing
 * token; renew and release name the grant by that token through the library's by-token calls,
 * whose conditional writes apply only while that exact grant (owner + token, not released) still
 * holds the lock. The HTTP requests carry only the token, so the owner is read from the lock first.
 */
import { CoordinationUnavailableError, LockClient, LockLostError, LockTimeoutError, type LockInfo, type LockStore } from '../coordination';
import type { Clock } from '../platform/clock';
import { ServiceRejection } from './errors';
import type { LockPort } from './ports';
import type { LockGrantBody, LockBody } from './schemas';

export interface LockPortDeps {
  readonly store: LockStore;
  readonly clock: Clock;
  readonly newId: () => string;
}

/** `expiresAt` is the library's estimate for humans (last write + lease); waiters never trust wall clocks. */
function view(name: string, info: LockInfo | undefined): LockBody {
  if (info === undefined) return { name, held: false };
  return { name, held: true, owner: info.owner, token: info.token, expiresAt: info.expiresAtMs };
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

  async acquire(name: string, request: { owner: string; leaseMs: number; waitMs: number }): Promise<LockGrantBody | undefined> {
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

  async renew(name: string, token: number, leaseMs?: number): Promise<LockGrantBody> {
    const owner = await this.holder(name, token, 'renew');
    try {
      const info = await this.client.renewByToken(name, { owner, token, ...(leaseMs !== undefined ? { leaseMs } : {}) });
      return { name, owner: info.owner, token: info.token, expiresAt: info.expiresAtMs };
    } catch (err) {
      if (err instanceof LockLostError) throw await this.lost(name, token, 'renew');
      return unavailable(err);
    }
  }

  async release(name: string, token: number): Promise<void> {
    const owner = await this.holder(name, token, 'release');
    const released = await this.client.releaseByToken(name, { owner, token }).catch(unavailable);
    if (!released) throw await this.lost(name, token, 'release');
  }

  async inspect(name: string): Promise<LockBody> {
    return view(name, await this.client.current(name).catch(unavailable));
  }

  /** The owner of the grant `token`, if it still holds the lock; else a 409 saying who does. */
  private async holder(name: string, token: number, action: string): Promise<string> {
    const info = await this.client.current(name).catch(unavailable);
    if (info === undefined || info.token !== token) throw this.conflict(name, token, action, info);
    return info.owner;
  }

  private async lost(name: string, token: number, action: string): Promise<ServiceRejection> {
    return this.conflict(name, token, action, await this.client.current(name).catch(unavailable));
  }

  private conflict(name: string, token: number, action: string, current: LockInfo | undefined): ServiceRejection {
    const now = view(name, current);
    const who = now.held ? `it is held by ${now.owner} with token ${now.token}` : 'it is free';
    return new ServiceRejection('conflict', `cannot ${action} lock ${JSON.stringify(name)} with token ${token}: ${who}; acquire it again`, now);
  }
}
