/**
 * An in-memory LockStore that applies the protocol's pure transitions directly: the reference the
 * DynamoDB adapter is tested against, and a fast store for unit tests of code that takes locks or
 * leadership (one process only: it coordinates nothing across hosts).
 */
import { acquireFree, release, renew, takeOver, type Grant, type GrantUpdate, type LockRecord, type Transition } from './rules/record';
import type { LockStore, WriteOutcome } from './lock-store';
import { asPromise } from '../platform/as-promise';

export class MemoryLockStore implements LockStore {
  private readonly records = new Map<string, LockRecord>();

  read(key: string): Promise<LockRecord | undefined> {
    return Promise.resolve(this.records.get(key));
  }

  acquireFree(key: string, grant: Grant): Promise<WriteOutcome> {
    return asPromise(() => this.apply(key, acquireFree(this.records.get(key), key, grant)));
  }

  takeOver(key: string, seenVersion: string, grant: Grant): Promise<WriteOutcome> {
    return asPromise(() => this.apply(key, takeOver(this.records.get(key), key, seenVersion, grant)));
  }

  renew(key: string, update: GrantUpdate): Promise<WriteOutcome> {
    return asPromise(() => this.apply(key, renew(this.records.get(key), key, update)));
  }

  release(key: string, update: GrantUpdate): Promise<WriteOutcome> {
    return asPromise(() => this.apply(key, release(this.records.get(key), key, update)));
  }

  /** Deletes a record, as DynamoDB TTL would after a long idle time. */
  delete(key: string): void {
    this.records.delete(key);
  }

  private apply(key: string, transition: Transition): WriteOutcome {
    if (!transition.ok) return { kind: 'rejected', current: transition.current };
    this.records.set(key, transition.record);
    return { kind: 'ok', record: transition.record };
  }
}
