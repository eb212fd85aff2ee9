/**
 * The two writes a holder makes to its own grant, renew and release, with their outcomes read the
 * same way wherever the holder lives: a lease handle in this process (held-lease.ts) or a remote
 * caller naming its grant by owner + token (LockClient.renewByToken / releaseByToken). The
 * precondition (owner + token + not released) is the store's, from core/coordination/record.ts.
 */
import { isOwnWrite, lossReason, type GrantId, type GrantUpdate, type LockRecord } from './rules/record';
import type { LossReason } from './rules/errors';
import type { LockStore } from './lock-store';
import type { CoordinationDeps } from './deps';

export type RenewResult =
  | { readonly kind: 'renewed'; readonly record: LockRecord }
  | { readonly kind: 'lost'; readonly reason: Exclude<LossReason, 'expired'>; readonly current: LockRecord | undefined }
  /** A concurrent write won (MRSC conflict): nothing was written, the record is unknown. */
  | { readonly kind: 'unknown'; readonly cause: unknown };

export type ReleaseResult = { readonly kind: 'released' } | { readonly kind: 'not-held'; readonly current: LockRecord | undefined } | { readonly kind: 'unknown'; readonly cause: unknown };

/** The whole record a renewal or release of `grant` stores, with a fresh version and TTL. */
export function grantUpdate(deps: CoordinationDeps, grant: GrantId & { readonly leaseMs: number; readonly payload?: string | undefined }, ttlMs: number): GrantUpdate {
  const wallMs = deps.clock.wallMs();
  return {
    owner: grant.owner,
    token: grant.token,
    recordVersion: deps.newId(),
    leaseMs: grant.leaseMs,
    expiresAt: Math.ceil((wallMs + ttlMs) / 1000),
    wallMs,
    ...(grant.payload !== undefined ? { payload: grant.payload } : {}),
  };
}

/** One conditional renewal. A refusal showing our own write is a retried write that had landed. */
export async function renewGrant(store: LockStore, key: string, update: GrantUpdate): Promise<RenewResult> {
  const outcome = await store.renew(key, update);
  if (outcome.kind === 'conflict') return { kind: 'unknown', cause: outcome.cause };
  if (outcome.kind === 'ok') return { kind: 'renewed', record: outcome.record };
  const { current } = outcome;
  if (isOwnWrite(current, update.owner, update.recordVersion) && !current.released) return { kind: 'renewed', record: current };
  return { kind: 'lost', reason: lossReason(current, update), current };
}

/** One conditional release. It keeps the token, so it never resurrects a grant that is gone. */
export async function releaseGrant(store: LockStore, key: string, update: GrantUpdate): Promise<ReleaseResult> {
  const outcome = await store.release(key, update);
  if (outcome.kind === 'conflict') return { kind: 'unknown', cause: outcome.cause };
  if (outcome.kind === 'ok') return { kind: 'released' };
  // A retried release whose first attempt landed shows our own released write.
  if (isOwnWrite(outcome.current, update.owner, update.recordVersion) && outcome.current.released) return { kind: 'released' };
  return { kind: 'not-held', current: outcome.current };
}
