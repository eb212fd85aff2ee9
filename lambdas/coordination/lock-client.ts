/**
 * Lease locks with fencing tokens on the Coordination table (`lock#<name>` items).
 *
 *   const locks = createLockClient({ clients, tableName: tables.coordination });
 *   const lock = await locks.acquire('orders', { leaseMs: 10_000, waitMs: 30_000 });
 *   try {
 *     await work(lock.signal);                             // stop when the signal aborts
 *     await documents.send(new PutCommand(lock.fenced({ TableName, Item })));  // zombie-proof
 *   } finally {
 *     await lock.release();
 *   }
 *
 * A holder in another process (an HTTP caller) keeps no handle: it names its grant by owner +
 * token, and renewByToken / releaseByToken make the same conditional writes a handle makes.
 */
import { CoordinationUnavailableError, LockLostError } from './rules/errors';
import { isLiveGrant, lossReason, type LockRecord } from './rules/record';
import {
  assertNoProblems,
  MAX_NAME_LENGTH,
  MAX_OWNER_LENGTH,
  nameProblem,
  payloadProblem,
  resolveLeaseSettings,
  tokenProblem,
  waitProblem,
  type LeaseOptions,
  type LeaseSettings,
} from './rules/settings';
import { lockKey } from './rules/keys';
import { DEFAULT_FENCE_ATTRIBUTE } from './dynamodb/fencing';
import { acquireLease, tryAcquireLease } from './acquire';
import { defaultOwner, resolveDeps, type CoordinationDeps, type DepsOptions, type LeaseRequest } from './deps';
import { grantUpdate, releaseGrant, renewGrant } from './grant-writes';
import type { LeaseHandle } from './held-lease';

export interface LockClientOptions extends DepsOptions, LeaseOptions {
  /** Default owner of this client's grants, shown to other waiters. @default `<host>:<pid>:<random>` */
  readonly owner?: string;
}

export interface AcquireOptions extends LeaseOptions {
  readonly owner?: string;
  /** acquire() only: give up with LockTimeoutError after this long. @default 2 × leaseMs (enough to take over a crashed holder) */
  readonly waitMs?: number;
  /** Stored on the lock while held; readable with current(). */
  readonly payload?: string;
  /** acquire() only: stop waiting; rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Renew in the background every heartbeatMs. Turn off only to drive renew() yourself. @default true */
  readonly autoRenew?: boolean;
}

/** A held lock: the one lease handle, `name` being the lock's name and `token` its fencing token. */
export type LockHandle = LeaseHandle;

/** What current() and renewByToken() report about a held lock. Expiry cannot be told from one read (no wall clocks). */
export interface LockInfo {
  readonly name: string;
  readonly owner: string;
  readonly token: number;
  readonly leaseMs: number;
  readonly payload: string | undefined;
  /** Changes on every write; a taker judges expiry by this staying unchanged for a lease on its own clock. */
  readonly recordVersion: string;
  /**
   * For humans only: wall-clock ms of the last write + leaseMs, by the writer's clock. Nothing in
   * the protocol trusts it; a taker may take over later than this (never earlier than a lease after seeing the write).
   */
  readonly expiresAtMs: number;
}

/** A grant held by someone without a handle in this process (e.g. an HTTP caller): who, and the token acquire gave it. */
export interface TokenGrant {
  readonly owner: string;
  readonly token: number;
}

export interface RenewByTokenOptions extends TokenGrant {
  /** New lease length from now. @default the lease stored with the grant */
  readonly leaseMs?: number;
  /** Replaces the stored payload. @default keep it */
  readonly payload?: string;
}

function resourceOf(name: string): string {
  return `lock ${JSON.stringify(name)}`;
}

function infoOf(name: string, record: LockRecord): LockInfo {
  return {
    name,
    owner: record.owner,
    token: record.token,
    leaseMs: record.leaseMs,
    payload: record.payload,
    recordVersion: record.recordVersion,
    expiresAtMs: record.updatedAtMs + record.leaseMs,
  };
}

export class LockClient {
  private readonly deps: CoordinationDeps;
  private readonly defaults: LeaseOptions;
  private readonly owner: string;

  constructor(options: LockClientOptions) {
    this.deps = resolveDeps(options);
    this.defaults = options;
    this.owner = options.owner ?? defaultOwner(this.deps.newId);
    assertNoProblems([nameProblem('owner', this.owner, MAX_OWNER_LENGTH)]);
    resolveLeaseSettings(this.pickLease(options));
  }

  /** Waits up to waitMs for the lock, taking it over from a holder that stopped renewing. */
  async acquire(name: string, options: AcquireOptions = {}): Promise<LockHandle> {
    const request = this.request(name, options);
    const waitMs = options.waitMs ?? 2 * request.settings.leaseMs;
    assertNoProblems([waitProblem(waitMs)]);
    const lease = await acquireLease(this.deps, request, { waitMs, ...(options.signal ? { signal: options.signal } : {}) });
    return lease;
  }

  /** One conditional write; undefined if the lock is held (even by a crashed holder: only waiting can tell). */
  async tryAcquire(name: string, options: Omit<AcquireOptions, 'waitMs' | 'signal'> = {}): Promise<LockHandle | undefined> {
    const lease = await tryAcquireLease(this.deps, this.request(name, options));
    return lease;
  }

  renew(handle: LockHandle, payload?: string): Promise<void> {
    return handle.renew(payload);
  }

  release(handle: LockHandle): Promise<boolean> {
    return handle.release();
  }

  /** The holder at this instant (strongly consistent), or undefined if free. */
  async current(name: string): Promise<LockInfo | undefined> {
    assertNoProblems([nameProblem('lock name', name, MAX_NAME_LENGTH)]);
    const record = await this.deps.store.read(lockKey(name));
    if (record === undefined || record.released) return undefined;
    return infoOf(name, record);
  }

  /**
   * Renews a grant named by owner + token (same token, new recordVersion and lease). Succeeds only
   * while the stored record is still that grant, not released; else rejects with LockLostError
   * (`taken`, `released` or `missing`, never `expired`: only the holder's clock can tell that, so a
   * remote holder must renew well within its lease). CoordinationUnavailableError: nothing known, retry.
   */
  async renewByToken(name: string, options: RenewByTokenOptions): Promise<LockInfo> {
    this.checkTokenCall(name, options, payloadProblem(options.payload));
    if (options.leaseMs !== undefined) this.tokenSettings(options.leaseMs); // bad input fails before any I/O
    const key = lockKey(name);
    const stored = await this.deps.store.read(key);
    if (!isLiveGrant(stored, options)) throw new LockLostError(resourceOf(name), options.token, lossReason(stored, options));
    const leaseMs = options.leaseMs ?? stored.leaseMs;
    const update = grantUpdate(this.deps, { owner: options.owner, token: options.token, leaseMs, payload: options.payload ?? stored.payload }, this.tokenSettings(leaseMs).ttlMs);
    const result = await renewGrant(this.deps.store, key, update);
    if (result.kind === 'unknown') throw new CoordinationUnavailableError(`renew of ${key}`, { cause: result.cause });
    if (result.kind === 'lost') throw new LockLostError(resourceOf(name), options.token, result.reason);
    return infoOf(name, result.record);
  }

  /**
   * Releases a grant named by owner + token, keeping the token. True if this call freed it; false
   * if that grant no longer holds the lock (already released, taken or gone): never resurrects it,
   * so retrying is safe. CoordinationUnavailableError: nothing known, retry.
   */
  async releaseByToken(name: string, grant: TokenGrant): Promise<boolean> {
    this.checkTokenCall(name, grant);
    const key = lockKey(name);
    const stored = await this.deps.store.read(key);
    if (!isLiveGrant(stored, grant)) return false;
    // The released record keeps the grant's lease (and token); release drops the payload.
    const update = grantUpdate(this.deps, { owner: grant.owner, token: grant.token, leaseMs: stored.leaseMs }, this.tokenSettings(stored.leaseMs).ttlMs);
    const result = await releaseGrant(this.deps.store, key, update);
    if (result.kind === 'unknown') throw new CoordinationUnavailableError(`release of ${key}`, { cause: result.cause });
    return result.kind === 'released';
  }

  private pickLease(options: LeaseOptions): LeaseOptions {
    const { leaseMs, heartbeatMs, retryMs, driftRate, ttlMs } = options;
    return Object.fromEntries(Object.entries({ leaseMs, heartbeatMs, retryMs, driftRate, ttlMs }).filter(([, v]) => v !== undefined));
  }

  private checkTokenCall(name: string, grant: TokenGrant, ...more: Array<string | undefined>): void {
    assertNoProblems([nameProblem('lock name', name, MAX_NAME_LENGTH), nameProblem('owner', grant.owner, MAX_OWNER_LENGTH), tokenProblem(grant.token), ...more]);
  }

  /** Settings for a write on behalf of a remote holder: its lease, this client's TTL (heartbeats are the holder's business). */
  private tokenSettings(leaseMs: number): LeaseSettings {
    return resolveLeaseSettings({ leaseMs, ...(this.defaults.ttlMs !== undefined ? { ttlMs: this.defaults.ttlMs } : {}) });
  }

  private request(name: string, options: AcquireOptions): LeaseRequest {
    const owner = options.owner ?? this.owner;
    assertNoProblems([nameProblem('lock name', name, MAX_NAME_LENGTH), nameProblem('owner', owner, MAX_OWNER_LENGTH), payloadProblem(options.payload)]);
    const settings = resolveLeaseSettings({ ...this.pickLease(this.defaults), ...this.pickLease(options) });
    return {
      key: lockKey(name),
      name,
      resource: resourceOf(name),
      owner,
      ...(options.payload !== undefined ? { payload: options.payload } : {}),
      settings,
      autoRenew: options.autoRenew ?? true,
      fence: { attribute: DEFAULT_FENCE_ATTRIBUTE },
    };
  }
}
