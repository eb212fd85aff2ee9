/**
 * Storage of lock and leader records. Each write is ONE atomic conditional write whose precondition
 * and effect are those of the same-named pure function in `lambdas/coordination/rules/record.ts`.
 *
 * Outcomes instead of exceptions for the expected cases:
 * - `ok`: the write applied; `record` is the item as stored.
 * - `rejected`: the precondition failed; `current` is the item at that moment (undefined if absent).
 * - `conflict`: a concurrent write in another region won (MRSC `ReplicatedWriteConflictException`)
 *   or a transaction held the item; nothing was written and the current item is unknown: re-read.
 * Transient trouble (throttling, timeouts, 5xx) that outlasted the SDK's retries is thrown as
 * `CoordinationUnavailableError`; anything else (missing table, no permission) is thrown as is.
 */
import type { Grant, GrantUpdate, LockRecord } from './rules/record';

export type WriteOutcome =
  { readonly kind: 'ok'; readonly record: LockRecord } | { readonly kind: 'rejected'; readonly current: LockRecord | undefined } | { readonly kind: 'conflict'; readonly cause: unknown };

export interface LockStore {
  /** Strongly consistent read. */
  read(key: string): Promise<LockRecord | undefined>;
  acquireFree(key: string, grant: Grant): Promise<WriteOutcome>;
  takeOver(key: string, seenVersion: string, grant: Grant): Promise<WriteOutcome>;
  renew(key: string, update: GrantUpdate): Promise<WriteOutcome>;
  release(key: string, update: GrantUpdate): Promise<WriteOutcome>;
}
