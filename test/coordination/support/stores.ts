/**
 * A LockStore wrapper that counts calls and injects network trouble: a partition (calls fail
 * without reaching the store) or an ambiguous write (it lands, but the answer is lost).
 */
import { CoordinationUnavailableError } from '../../../lambdas/coordination/rules/errors';
import type { Grant, GrantUpdate, LockRecord } from '../../../lambdas/coordination/rules/record';
import type { LockStore, WriteOutcome } from '../../../lambdas/coordination/lock-store';

export type StoreOp = 'read' | 'acquireFree' | 'takeOver' | 'renew' | 'release';

export class ControlledStore implements LockStore {
  readonly calls: Record<StoreOp, number> = { read: 0, acquireFree: 0, takeOver: 0, renew: 0, release: 0 };
  /** Operations that fail as if the network were down. */
  partitioned = new Set<StoreOp>();
  /** The next N writes land but their answer is lost (CoordinationUnavailableError). */
  ambiguousWrites = 0;

  private waiters: Array<{ op: StoreOp; count: number; resolve: () => void }> = [];

  constructor(private readonly inner: LockStore) {}

  /** Resolves once the `count`-th call of `op` has finished (event-based: no polling). */
  reached(op: StoreOp, count: number): Promise<void> {
    if (this.calls[op] >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ op, count, resolve }));
  }

  /** Cut every operation (a host cut off from the table). */
  partitionAll(): void {
    this.partitioned = new Set(['read', 'acquireFree', 'takeOver', 'renew', 'release']);
  }

  read(key: string): Promise<LockRecord | undefined> {
    return this.call('read', () => this.inner.read(key));
  }

  acquireFree(key: string, grant: Grant): Promise<WriteOutcome> {
    return this.write('acquireFree', () => this.inner.acquireFree(key, grant));
  }

  takeOver(key: string, seenVersion: string, grant: Grant): Promise<WriteOutcome> {
    return this.write('takeOver', () => this.inner.takeOver(key, seenVersion, grant));
  }

  renew(key: string, update: GrantUpdate): Promise<WriteOutcome> {
    return this.write('renew', () => this.inner.renew(key, update));
  }

  release(key: string, update: GrantUpdate): Promise<WriteOutcome> {
    return this.write('release', () => this.inner.release(key, update));
  }

  private async call<T>(op: StoreOp, run: () => Promise<T>): Promise<T> {
    this.calls[op] += 1;
    try {
      if (this.partitioned.has(op)) throw new CoordinationUnavailableError(`${op} (test partition)`);
      return await run();
    } finally {
      const due = this.waiters.filter((w) => w.op === op && this.calls[op] >= w.count);
      this.waiters = this.waiters.filter((w) => !due.includes(w));
      for (const w of due) w.resolve();
    }
  }

  private async write(op: StoreOp, run: () => Promise<WriteOutcome>): Promise<WriteOutcome> {
    const outcome = await this.call(op, run);
    if (this.ambiguousWrites > 0) {
      this.ambiguousWrites -= 1;
      throw new CoordinationUnavailableError(`${op} (test: answer lost after the write landed)`);
    }
    return outcome;
  }
}
