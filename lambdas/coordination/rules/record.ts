/**
 * The lock record and the four writes that change it, as pure functions. This is the protocol's
 * specification: the DynamoDB adapter implements each function as ONE conditional write with the
 * same precondition and effect (the in-memory store calls these directly), and the property tests
 * check the adapter against them.
 *
 * Every write sets every field of the record (one conditional UpdateItem; a grant also adds 1 to
 * the stored sequence, so it needs no read and no knowledge of the count).
 * Invariants these writes keep, whatever the interleaving:
 * - the token changes only when ownership is granted (acquireFree, takeOver), and then grows;
 * - so does the sequence, by exactly one per grant (1, 2, 3, …): a count of grants kept in the
 *   record, a leadership's human-readable term number (`term #7`) next to its token;
 * - renew and release apply only to the grant they name (owner + token) while it is not released,
 *   so a renewal racing a release can never resurrect the lock;
 * - every write stores a fresh recordVersion, which is what waiters watch to judge expiry.
 */
import type { LossReason } from './errors';

export interface LockRecord {
  /** Partition key: `lock#<name>` or `leader#<group>`. */
  readonly key: string;
  readonly owner: string;
  /** Unique per write; unchanged for a full lease (on the waiter's clock) means the holder is gone. */
  readonly recordVersion: string;
  /** Fencing token (leader term): grows on every grant of ownership (usually ≈ the grant's wall-clock ms). */
  readonly token: number;
  /**
   * How many grants of ownership this record has seen: 1 for the first, +1 per grant, unchanged by
   * renew and release. Unlike the token it has no gaps, so people can read it (a leadership's term
   * number). Records written before it existed read as 0. It restarts at 1 only if DynamoDB TTL
   * deleted the record after `ttlMs` without any write (the token still grows then).
   */
  readonly sequence: number;
  /** The lease the holder promised to renew within; waiters judge expiry by this, not their own. */
  readonly leaseMs: number;
  readonly released: boolean;
  readonly payload?: string;
  /** Epoch seconds for DynamoDB TTL; far in the future, refreshed by every write. */
  readonly expiresAt: number;
  /** Wall-clock time of the last write, for humans only: expiry never trusts it. */
  readonly updatedAtMs: number;
}

/** What a writer asking for ownership supplies. */
export interface Grant {
  readonly owner: string;
  readonly recordVersion: string;
  /**
   * The token this grant asks for; the write succeeds only if it exceeds the stored token, so
   * tokens strictly increase whoever computed them. Writers propose max(wall-clock ms, last token
   * seen + 1) (`proposeToken`): known before the write, so a grant is one write with no read, and
   * still growing after DynamoDB TTL deleted an idle record (see docs/coordination.md).
   */
  readonly token: number;
  readonly leaseMs: number;
  readonly payload?: string;
  readonly expiresAt: number;
  readonly wallMs: number;
}

/** Identifies one grant for renew and release, and carries the whole record the write stores. */
export interface GrantUpdate {
  readonly owner: string;
  readonly token: number;
  readonly recordVersion: string;
  readonly leaseMs: number;
  /** Renew: the payload to store (the current one to keep it). Release drops it. */
  readonly payload?: string;
  readonly expiresAt: number;
  readonly wallMs: number;
}

export type Transition = { readonly ok: true; readonly record: LockRecord } | { readonly ok: false; readonly current: LockRecord | undefined };

/** The token a writer proposes: its wall clock in ms, or one above the last token it saw if that is larger. */
export function proposeToken(wallMs: number, lastSeenToken: number | undefined): number {
  return Math.max(Math.floor(wallMs), (lastSeenToken ?? 0) + 1);
}

/** The sequence number the next grant of ownership gets: one above the stored record's (absent: 1). */
export function nextSequence(current: LockRecord | undefined): number {
  return (current?.sequence ?? 0) + 1;
}

/**
 * The record a write stores: the same for the pure transition and for the adapter's UpdateItem
 * (which SETs these fields and, for a grant, ADDs 1 to the sequence it finds).
 */
export function recordOf(key: string, fields: GrantUpdate | Grant, released: boolean, sequence: number): LockRecord {
  return {
    key,
    owner: fields.owner,
    recordVersion: fields.recordVersion,
    token: fields.token,
    sequence,
    leaseMs: fields.leaseMs,
    released,
    ...(fields.payload !== undefined && !released ? { payload: fields.payload } : {}),
    expiresAt: fields.expiresAt,
    updatedAtMs: fields.wallMs,
  };
}

/**
 * Precondition: no record, or a released one with a smaller token. The uncontended acquire: one
 * write. (A proposal not above the stored token is refused with the record, and retried above it.)
 */
export function acquireFree(current: LockRecord | undefined, key: string, grant: Grant): Transition {
  if (current !== undefined && !(current.released && current.token < grant.token)) return { ok: false, current };
  return { ok: true, record: recordOf(key, grant, false, nextSequence(current)) };
}

/** Precondition: the record is still exactly the version the waiter watched for a full lease (and the token grows). */
export function takeOver(current: LockRecord | undefined, key: string, seenVersion: string, grant: Grant): Transition {
  if (current === undefined || current.recordVersion !== seenVersion || current.token >= grant.token) return { ok: false, current };
  return { ok: true, record: recordOf(key, grant, false, nextSequence(current)) };
}

/** Names one grant: renew and release apply only to this owner with this token. */
export type GrantId = Pick<GrantUpdate, 'owner' | 'token'>;

/** The precondition of renew and release: `current` is the named grant and is not released. */
export function isLiveGrant(current: LockRecord | undefined, grant: GrantId): current is LockRecord {
  return current !== undefined && !current.released && current.owner === grant.owner && current.token === grant.token;
}

/**
 * Why `current` is not the live grant `grant` (after a refused renew or release). Never `expired`:
 * the record alone cannot say that (no wall clocks), only a holder's own clock can.
 */
export function lossReason(current: LockRecord | undefined, grant: GrantId): Exclude<LossReason, 'expired'> {
  if (current === undefined) return 'missing';
  if (current.token !== grant.token || current.owner !== grant.owner) return 'taken';
  return 'released';
}

/** Precondition: the named grant is live. Keeps the token and sequence; stores a new version (and the given payload). */
export function renew(current: LockRecord | undefined, key: string, update: GrantUpdate): Transition {
  if (!isLiveGrant(current, update)) return { ok: false, current };
  return { ok: true, record: recordOf(key, update, false, current.sequence) };
}

/** Precondition: the named grant is live. Keeps the token and sequence (the counters must survive); drops the payload. */
export function release(current: LockRecord | undefined, key: string, update: GrantUpdate): Transition {
  if (!isLiveGrant(current, update)) return { ok: false, current };
  return { ok: true, record: recordOf(key, update, true, current.sequence) };
}

/** True when `current` is the record a write of `recordVersion` by `owner` produced (a retried write that had landed). */
export function isOwnWrite(current: LockRecord | undefined, owner: string, recordVersion: string): current is LockRecord {
  return current !== undefined && current.owner === owner && current.recordVersion === recordVersion;
}
