/**
 * Locks over HTTP. A caller of the API holds a lock across requests, so no process keeps a lease
 * handle for it: acquire takes the lock without background renewal and hands out the fencing
 * token and a lease secret (lease-secret.ts) — the token is public, the secret is shown once and
 * is what renew and release require. Those name the grant by token through the library's
 * by-token calls, whose conditional writes apply only while that exact grant (owner + token, not
 * released) still holds the lock; the owner is read from the lock first.
 *
 * `expiresAt` of a grant counts from when the write was sent, less the library's clock-drift
 * margin, never from when the answer left: a slow answer must not make the holder believe in a
 * lease longer than the one waiters honour (they wait a full lease plus the margin after they see
 * the write).
 */
import { CoordinationUnavailableError, DEFAULT_DRIFT_RATE, LockClient, LockLostError, LockTimeoutError, safetyMarginMs, type LockInfo, type LockStore } from '../coordination';
import type { Clock } from '../platform/clock';
import { ServiceRejection } from './errors';
import { checkLeaseSecret, leaseSecretPayload, newLeaseSecret } from './lease-secret';
import type { LockPort } from './ports';
import type { LockAcquiredBody, LockBody, LockRenewedBody } from './schemas';

export interface LockPortDeps {
  readonly store: LockStore;
  readonly clock: Clock;
  readonly newId: () => string;
  /** @default 32 random bytes */
  readonly newSecret?: () => string;
}

/** The public view: holder and fencing token; `expiresAt` is the library's estimate for humans (last write + lease). */
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

  async acquire(name: string, request: { owner: string; leaseMs: number; waitMs: number }): Promise<LockAcquiredBody | undefined> {
    const leaseSecret = (this.deps.newSecret ?? newLeaseSecret)();
    const options = { owner: request.owner, leaseMs: request.leaseMs, autoRenew: false, payload: leaseSecretPayload(leaseSecret) };
    try {
      const handle = request.waitMs > 0 ? await this.client.acquire(name, { ...options, waitMs: request.waitMs }) : await this.client.tryAcquire(name, options);
      if (handle === undefined) return undefined;
      // The handle's deadline counts from when its write was sent, less the drift margin.
      const expiresAt = Math.floor(this.deps.clock.wallMs() + handle.remainingMs());
      return { name, owner: handle.owner, token: handle.token, leaseSecret, leaseMs: request.leaseMs, expiresAt };
    } catch (err) {
      if (err instanceof LockTimeoutError) return undefined;
      return unavailable(err);
    }
  }

  async renew(name: string, grant: { token: number; secret: string }, leaseMs?: number): Promise<LockRenewedBody> {
    const current = await this.holder(name, grant, 'renew');
    const sentAt = this.deps.clock.wallMs();
    try {
      const info = await this.client.renewByToken(name, { owner: current.owner, token: grant.token, ...(leaseMs !== undefined ? { leaseMs } : {}) });
      return { name, owner: info.owner, token: info.token, leaseMs: info.leaseMs, expiresAt: sentAt + info.leaseMs - safetyMarginMs(info.leaseMs, DEFAULT_DRIFT_RATE) };
    } catch (err) {
      if (err instanceof LockLostError) throw await this.lost(name, grant.token, 'renew');
      return unavailable(err);
    }
  }

  async release(name: string, grant: { token: number; secret: string }): Promise<void> {
    const current = await this.holder(name, grant, 'release');
    const released = await this.client.releaseByToken(name, { owner: current.owner, token: grant.token }).catch(unavailable);
    if (!released) throw await this.lost(name, grant.token, 'release');
  }

  async inspect(name: string): Promise<LockBody> {
    return view(name, await this.client.current(name).catch(unavailable));
  }

  /** The grant `token`, if it still holds the lock and `secret` is its lease secret; else a 409 saying why. */
  private async holder(name: string, grant: { token: number; secret: string }, action: string): Promise<LockInfo> {
    const info = await this.client.current(name).catch(unavailable);
    if (info === undefined || info.token !== grant.token) throw this.conflict(name, grant.token, action, info);
    const check = checkLeaseSecret(info.payload, grant.secret);
    if (check === 'match') return info;
    const why =
      check === 'mismatch'
        ? 'the lease secret does not match the one handed out when it was acquired; only the holder that acquired it can renew or release it'
        : 'it was not acquired through this API (its holder renews and releases it in its own process)';
    throw new ServiceRejection('conflict', `cannot ${action} lock ${JSON.stringify(name)} with token ${grant.token}: ${why}`, view(name, info));
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
