/**
 * A granted lease: renews itself every heartbeat and aborts `signal` the moment its holder must stop
 * acting — at its local deadline (last renewal sent + lease − safety margin) if no renewal got
 * through, or at once when a renewal finds the grant taken, released or gone. Both lock handles
 * and leaderships are this object under their own names.
 */
import { CoordinationUnavailableError, LockLostError, LockReleasedError, type LossReason } from './rules/errors';
import type { GrantUpdate, LockRecord } from './rules/record';
import { holderDeadline, nextRenewalAt, renewalRetryAt } from './rules/timing';
import { fenceCondition, withFence, type FenceCondition, type FenceOptions, type FencibleInput } from './dynamodb/fencing';
import type { CoordinationDeps, LeaseRequest } from './deps';
import { grantUpdate, releaseGrant, renewGrant } from './grant-writes';
import { assertNoProblems, payloadProblem } from './rules/settings';

/**
 * A held lease, whatever it guards: a lock (`name` is the lock's name, `token` its fencing token)
 * or a leadership (`name` is the election group, `token` the term). Check `signal` (or
 * `assertHeld()`) before acting and fence writes that must not come from a zombie.
 */
export interface LeaseHandle {
  /** The lock's name, or the election group. */
  readonly name: string;
  /** The holder (a lock's owner, a leadership's candidate). */
  readonly owner: string;
  /** Fencing token, strictly greater than that of every earlier grant of this key; a leadership's term. */
  readonly token: number;
  /** This grant's number among the grants of this key (1, 2, 3, …, no gaps); a leadership's term number, for people. */
  readonly sequence: number;
  /** Aborts with LockLostError when the lease is lost or in danger, LockReleasedError after release(). */
  readonly signal: AbortSignal;
  readonly payload: string | undefined;
  isHeld(): boolean;
  /** Throws LockLostError / LockReleasedError unless still held. */
  assertHeld(): void;
  remainingMs(): number;
  /** Heartbeat now; optionally replace the payload. Rejects with LockLostError if the grant is gone. */
  renew(payload?: string): Promise<void>;
  /** True if this call freed the lease (a leadership: stepped down). Never resurrects a lost lease. */
  release(): Promise<boolean>;
  /** Condition "stored fence ≤ my token" (+ SET fragment) for a write to another item. */
  fenceCondition(options?: FenceOptions): FenceCondition;
  /** A Put/Update/Delete/ConditionCheck input made conditional on the fence (and storing it). */
  fenced<T extends FencibleInput>(input: T, options?: FenceOptions): T;
}

export class HeldLease implements LeaseHandle {
  readonly key: string;
  readonly name: string;
  readonly resource: string;
  readonly owner: string;
  /** Fencing token of this grant (the term, for a leadership); fixed for the grant's life. */
  readonly token: number;
  readonly sequence: number;
  /** Aborts with LockLostError (must stop: lost or in danger) or LockReleasedError (released here). */
  readonly signal: AbortSignal;

  private readonly deps: CoordinationDeps;
  private readonly request: LeaseRequest;
  private readonly aborter = new AbortController();
  /** Stops the background loops without telling the holder anything. */
  private readonly stopper = new AbortController();
  private latest: LockRecord;
  private lastSentAtMs: number;
  private deadlineMs: number;
  private ended = false;
  private renewals: Promise<void> = Promise.resolve();
  private releasing: Promise<boolean> | undefined;

  constructor(deps: CoordinationDeps, request: LeaseRequest, record: LockRecord, sentAtMs: number) {
    this.deps = deps;
    this.request = request;
    this.key = request.key;
    this.name = request.name;
    this.resource = request.resource;
    this.owner = record.owner;
    this.token = record.token;
    this.sequence = record.sequence;
    this.signal = this.aborter.signal;
    this.latest = record;
    this.lastSentAtMs = sentAtMs;
    this.deadlineMs = holderDeadline(sentAtMs, record.leaseMs, request.settings.driftRate);
    void this.watchDeadline();
    if (request.autoRenew) void this.heartbeat();
  }

  /** The payload as last written by this holder. */
  get payload(): string | undefined {
    return this.latest.payload;
  }

  /** Local view: still held and before the deadline. Checking it past the deadline ends the lease. */
  isHeld(): boolean {
    if (!this.ended && this.deps.clock.monotonicMs() >= this.deadlineMs) this.lose('expired');
    return !this.ended;
  }

  /** Throws the reason to stop (LockLostError / LockReleasedError) unless still held. */
  assertHeld(): void {
    if (!this.isHeld()) throw this.signal.reason;
  }

  /** Milliseconds of the local lease left (0 once ended). */
  remainingMs(): number {
    return this.isHeld() ? this.deadlineMs - this.deps.clock.monotonicMs() : 0;
  }

  /** Renews now (optionally replacing the payload); rejects with the loss reason if the grant is gone. */
  renew(payload?: string): Promise<void> {
    assertNoProblems([payloadProblem(payload)]);
    const next = this.renewals.then(() => this.renewOnce(payload));
    this.renewals = next.catch(() => undefined);
    return next;
  }

  /**
   * Ends the grant: aborts the signal first (work must stop before others may start), then marks
   * the record released, keeping its token. Resolves true if this call freed it; false if it was no
   * longer held (taken, or the table stayed unreachable until the lease ran out and frees itself).
   */
  release(): Promise<boolean> {
    if (this.releasing) return this.releasing;
    const held = this.isHeld();
    const lost: unknown = this.signal.reason;
    // An expired grant may still be ours in the table (nobody took it yet): one conditional
    // release frees it for waiters a lease sooner. Taken or released grants are not ours to touch.
    if (!held && !(lost instanceof LockLostError && lost.reason === 'expired')) return Promise.resolve(false);
    this.end(new LockReleasedError(this.resource, this.token));
    this.releasing = this.releaseUntilDeadline();
    return this.releasing;
  }

  /** Condition fragment "stored fence ≤ my token" for writes to other items (see fencing.ts). */
  fenceCondition(options: FenceOptions = {}): FenceCondition {
    return fenceCondition(this.token, { ...this.request.fence, ...options });
  }

  /** `input` made conditional on the fence, storing this token as the new fence. */
  fenced<T extends FencibleInput>(input: T, options: FenceOptions = {}): T {
    return withFence(input, this.token, { ...this.request.fence, ...options });
  }

  /** The whole record a renewal (or release) stores; the payload stays unless replaced. */
  private update(payload: string | undefined = this.latest.payload): GrantUpdate {
    return grantUpdate(this.deps, { owner: this.owner, token: this.token, leaseMs: this.latest.leaseMs, payload }, this.request.settings.ttlMs);
  }

  private async renewOnce(payload: string | undefined): Promise<void> {
    this.assertHeld();
    const sentAtMs = this.deps.clock.monotonicMs();
    const update = this.update(payload);
    const result = await renewGrant(this.deps.store, this.key, update);
    this.assertHeld();
    if (result.kind === 'unknown') throw new CoordinationUnavailableError(`renew of ${this.key}`, { cause: result.cause });
    if (result.kind === 'lost') {
      this.lose(result.reason);
      throw this.signal.reason;
    }
    const { record } = result;
    this.latest = record;
    // Sent before the old deadline (assertHeld above), so the new lease continues the old one.
    if (sentAtMs > this.lastSentAtMs) {
      this.lastSentAtMs = sentAtMs;
      this.deadlineMs = holderDeadline(sentAtMs, record.leaseMs, this.request.settings.driftRate);
    }
  }

  private async heartbeat(): Promise<void> {
    const { clock } = this.deps;
    const { heartbeatMs, retryMs } = this.request.settings;
    let nextAtMs = nextRenewalAt(this.lastSentAtMs, heartbeatMs);
    while (!this.ended) {
      const waitMs = nextAtMs - clock.monotonicMs();
      if (waitMs > 0 && !(await this.sleep(waitMs))) return;
      if (this.ended) return;
      const renewed = await this.renew().then(
        () => true,
        () => false,
      );
      nextAtMs = renewed ? nextRenewalAt(this.lastSentAtMs, heartbeatMs) : renewalRetryAt(clock.monotonicMs(), retryMs, this.deadlineMs);
    }
  }

  /** Fires the danger signal at the deadline even while a renewal hangs on the network. */
  private async watchDeadline(): Promise<void> {
    while (!this.ended) {
      const leftMs = this.deadlineMs - this.deps.clock.monotonicMs();
      if (leftMs <= 0) {
        this.lose('expired');
        return;
      }
      if (!(await this.sleep(leftMs))) return;
    }
  }

  private async releaseUntilDeadline(): Promise<boolean> {
    const { clock, store } = this.deps;
    for (;;) {
      const update = this.update();
      try {
        const result = await releaseGrant(store, this.key, update);
        if (result.kind !== 'unknown') return result.kind === 'released';
      } catch (err) {
        if (!(err instanceof CoordinationUnavailableError)) throw err;
      }
      const retryMs = this.request.settings.retryMs;
      if (clock.monotonicMs() + retryMs >= this.deadlineMs) return false;
      await clock.sleep(retryMs);
    }
  }

  /** Resolves true after `ms`, false if the lease ended meanwhile. */
  private sleep(ms: number): Promise<boolean> {
    return this.deps.clock.sleep(ms, this.stopper.signal).then(
      () => true,
      () => false,
    );
  }

  private lose(reason: LossReason): void {
    this.end(new LockLostError(this.resource, this.token, reason));
  }

  private end(reason: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.stopper.abort();
    this.aborter.abort(reason);
  }
}
