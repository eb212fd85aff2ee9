/**
 * ControllerStateStore in one process's memory, with exactly the DynamoDB store's conditional
 * semantics (version, pending intent, leader fence, audit once per id, `alreadyCompleted`), for
 * fast unit tests of the decision and flip paths. Every write is one atomic step, as one DynamoDB
 * request is; where the DynamoDB store makes two requests (audit, then state, without
 * transactions), so does this one.
 *
 * Faults can be injected before or after any write, to play failure timelines: a crash (the write
 * does not happen, or happens and the process dies), a lost answer (the write lands and the SDK
 * retries the same request, which then meets its own write), a timeout (the caller gets an error
 * whether or not the write landed), or a pause until the test releases it.
 */
import type { TrafficSplit } from './rules';
import {
  auditSortKey,
  explainConflict,
  recognizeCompletion,
  type ApplyFailure,
  type AuditEntry,
  type Completion,
  type CompletionResult,
  type ControllerState,
  type ControllerStateStore,
  type FlipIntent,
  type HistoryPage,
  type OutboxEntry,
  type Writer,
} from './state-store';

/** The writes a fault can target: one per request the DynamoDB store sends. */
export type StoreWrite = 'initialize' | 'claim' | 'recordIntent' | 'noteApplyFailure' | 'completeIntent' | 'claimOutbox' | 'clearOutbox' | 'putAudit';

export interface WriteEvent {
  readonly write: StoreWrite;
  /** The state before the write. */
  readonly before: ControllerState | undefined;
  /** The state after it (`after` faults only; equal to `before` when the write was refused). */
  readonly after?: ControllerState | undefined;
  /** The audit entry being written (`putAudit`, and `completeIntent`). */
  readonly audit?: AuditEntry;
  /** False when the write's condition refused it (`after` faults only). */
  readonly applied?: boolean;
}

export type StoreFault =
  /** The process dies here: `SimulatedCrash` is thrown, and every later call of its `session()` fails too. */
  | { readonly kind: 'crash' }
  /** The caller gets `SimulatedTimeout`; before: nothing was written, after: the write landed. */
  | { readonly kind: 'timeout' }
  /** After only: the write landed, its answer was lost and the SDK sent the same request again. */
  | { readonly kind: 'lost-answer' }
  /** Waits for the test to resolve `until`, then goes on. */
  | { readonly kind: 'pause'; readonly until: Promise<unknown> };

export interface FaultRule {
  readonly at: 'before' | 'after';
  readonly match: (event: WriteEvent) => boolean;
  /** The fault, or a function making one per hit (e.g. a pause on a fresh promise each time). */
  readonly fault: StoreFault | ((event: WriteEvent) => StoreFault);
  /** How many matching writes it hits. @default 1 */
  readonly times?: number;
}

/** One committed intent, as the store saw it (for invariant checks). */
export interface CommittedIntent {
  readonly id: string;
  readonly outcome: Completion['outcome'];
  readonly changedTraffic: boolean;
}

export class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
}

export class SimulatedTimeout extends Error {
  override readonly name = 'SimulatedTimeout';
}

/** A refused condition, as DynamoDB's ConditionalCheckFailedException. */
class ConditionFailed extends Error {}

interface StoredAudit {
  readonly sk: string;
  readonly entry: AuditEntry;
}

export interface MemoryControllerStateStoreOptions {
  /** Complete + audit as one atomic write (DynamoDB TransactWriteItems). @default false */
  readonly transactions?: boolean;
}

export class MemoryControllerStateStore implements ControllerStateStore {
  /** Every write attempt that reached the store, in order (refused ones included). */
  readonly writes: { readonly write: StoreWrite; readonly applied: boolean }[] = [];
  private state: ControllerState | undefined;
  private readonly audits = new Map<string, StoredAudit>();
  private rules: { rule: FaultRule; left: number }[] = [];
  private readonly commits: CommittedIntent[] = [];
  private readonly transactions: boolean;

  constructor(options: MemoryControllerStateStoreOptions = {}) {
    this.transactions = options.transactions ?? false;
  }

  /** Hits the next `times` writes matching `rule.match` with `rule.fault`. */
  inject(rule: FaultRule): void {
    this.rules.push({ rule, left: rule.times ?? 1 });
  }

  /** Removes every injected fault still armed. */
  clearFaults(): void {
    this.rules = [];
  }

  /** Audit entries as stored, oldest first (for assertions). */
  auditEntries(): AuditEntry[] {
    return [...this.audits.values()].sort((a, b) => (a.sk < b.sk ? -1 : 1)).map((a) => structuredClone(a.entry));
  }

  /**
   * A view of this store for one process: a crash fault hit by one of its writes kills it, so every
   * later call it makes — the read-back of an answer it never got, too — fails with
   * `SimulatedCrash`, as nothing runs in a dead process. Other sessions go on.
   */
  session(): ControllerStateStore {
    let dead = false;
    const call =
      <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        if (dead) throw new SimulatedCrash('this process crashed earlier');
        try {
          return await method(...args);
        } catch (err) {
          if (err instanceof SimulatedCrash) dead = true;
          throw err;
        }
      };
    return {
      load: call(this.load.bind(this)),
      initialize: call(this.initialize.bind(this)),
      claim: call(this.claim.bind(this)),
      recordIntent: call(this.recordIntent.bind(this)),
      noteApplyFailure: call(this.noteApplyFailure.bind(this)),
      completeIntent: call(this.completeIntent.bind(this)),
      claimOutbox: call(this.claimOutbox.bind(this)),
      clearOutbox: call(this.clearOutbox.bind(this)),
      putAudit: call(this.putAudit.bind(this)),
      history: call(this.history.bind(this)),
    };
  }

  /** Every intent whose commit was applied, in order. */
  committedIntents(): CommittedIntent[] {
    return [...this.commits];
  }

  load(): Promise<ControllerState | undefined> {
    return Promise.resolve(this.copy());
  }

  initialize(traffic: TrafficSplit, writer: Writer, now: number): Promise<ControllerState> {
    return this.conditional(
      'initialize',
      () => {
        if (this.state) throw new ConditionFailed();
        const numbered = writer.kind === 'leader' && writer.termNumber !== undefined ? { fenceTermNumber: writer.termNumber } : {};
        this.state = { traffic, version: 1, fenceTerm: writer.kind === 'leader' ? writer.term : 0, ...numbered, flipTimes: [], outbox: {}, updatedAt: now };
        return this.mustCopy('initialize');
      },
      () => this.mustCopy('initialize'),
    );
  }

  claim(term: number, now: number, termNumber?: number): Promise<ControllerState> {
    const writer: Writer = { kind: 'leader', term };
    return this.conditional(
      'claim',
      () => {
        const s = this.fencedState(writer);
        this.state = { ...s, fenceTerm: term, ...(termNumber !== undefined ? { fenceTermNumber: termNumber } : {}), updatedAt: now };
        return this.mustCopy('claim');
      },
      () => this.refused('claim', writer),
    );
  }

  recordIntent(intent: FlipIntent, expectedVersion: number, writer: Writer, now: number): Promise<ControllerState> {
    return this.conditional(
      'recordIntent',
      () => {
        const s = this.fencedState(writer);
        if (s.version !== expectedVersion || s.intent) throw new ConditionFailed();
        this.state = { ...s, intent: structuredClone(intent), version: s.version + 1, updatedAt: now, ...this.fenceOf(writer) };
        return this.mustCopy('recordIntent');
      },
      () => {
        // The request was re-sent after its answer was lost: the pending intent is our own.
        const current = this.copy();
        if (current?.intent?.id === intent.id) return current;
        return this.refused('recordIntent', writer);
      },
    );
  }

  noteApplyFailure(intentId: string, failure: ApplyFailure, now: number): Promise<void> {
    return this.conditional(
      'noteApplyFailure',
      () => {
        const s = this.state;
        if (s?.intent?.id !== intentId) throw new ConditionFailed();
        this.state = { ...s, intent: { ...s.intent, lastError: structuredClone(failure) }, updatedAt: now };
      },
      () => undefined,
    );
  }

  completeIntent(intentId: string, completion: Completion, writer: Writer, now: number): Promise<CompletionResult> {
    const entry: OutboxEntry = { audit: structuredClone(completion.audit), notify: completion.notify, audited: this.transactions, claimant: completion.claimant, claimedAt: now };
    return this.conditional(
      'completeIntent',
      () => {
        const s = this.fencedState(writer);
        if (s.intent?.id !== intentId) throw new ConditionFailed();
        const { intent: _done, pin: oldPin, ...rest } = s;
        const pin = completion.pin === undefined ? oldPin : (completion.pin ?? undefined);
        this.state = {
          ...rest,
          ...(completion.flip ? { traffic: completion.flip.traffic, flipTimes: [...completion.flip.flipTimes], lastFlip: structuredClone(completion.flip.lastFlip) } : {}),
          ...(pin ? { pin: structuredClone(pin) } : {}),
          lastIntent: { id: intentId, outcome: completion.outcome, claimant: completion.claimant, at: now, ...(completion.detail ? { detail: completion.detail } : {}) },
          outbox: { ...s.outbox, [intentId]: entry },
          version: s.version + 1,
          updatedAt: now,
          ...this.fenceOf(writer),
        };
        // The committed entry is the record: it replaces anything written under its key before.
        if (this.transactions) this.audits.set(auditSortKey(completion.audit), { sk: auditSortKey(completion.audit), entry: structuredClone(completion.audit) });
        this.commits.push({ id: intentId, outcome: completion.outcome, changedTraffic: completion.flip !== undefined });
        return { state: this.mustCopy('completeIntent'), alreadyCompleted: false };
      },
      () => recognizeCompletion('completeIntent', intentId, completion.claimant, this.copy(), writer),
      completion.audit,
    );
  }

  claimOutbox(id: string, seenClaimant: string, claimant: string, now: number): Promise<OutboxEntry | undefined> {
    return this.conditional(
      'claimOutbox',
      () => {
        const s = this.state;
        const entry = s?.outbox[id];
        if (s === undefined || entry?.claimant !== seenClaimant) throw new ConditionFailed();
        const claimed = { ...entry, claimant, claimedAt: now };
        this.state = { ...s, outbox: { ...s.outbox, [id]: claimed } };
        return structuredClone(claimed);
      },
      () => {
        // Our own claim whose answer was lost, or someone else's claim or clear.
        const mine = this.copy()?.outbox[id];
        return mine?.claimant === claimant ? mine : undefined;
      },
    );
  }

  clearOutbox(id: string): Promise<void> {
    return this.conditional(
      'clearOutbox',
      () => {
        const s = this.state;
        if (s === undefined) throw new ConditionFailed();
        const { [id]: _done, ...outbox } = s.outbox;
        this.state = { ...s, outbox };
      },
      () => undefined,
    );
  }

  putAudit(entry: AuditEntry): Promise<void> {
    return this.conditional(
      'putAudit',
      () => {
        const sk = auditSortKey(entry);
        if (this.audits.has(sk)) throw new ConditionFailed();
        this.audits.set(sk, { sk, entry: structuredClone(entry) });
      },
      // Already written (a retry, or another writer delivering the same outbox entry): the same record.
      () => undefined,
      entry,
    );
  }
  history(options: { readonly limit?: number; readonly before?: string } = {}): Promise<HistoryPage> {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
    const newestFirst = [...this.audits.values()].filter((a) => options.before === undefined || a.sk < options.before).sort((a, b) => (a.sk < b.sk ? 1 : -1));
    const page = newestFirst.slice(0, limit);
    const last = page[page.length - 1];
    return Promise.resolve({ entries: page.map((a) => structuredClone(a.entry)), ...(newestFirst.length > limit && last ? { next: last.sk } : {}) });
  }

  /** The stored state if the writer passes the leader fence (stored term ≤ mine); else the condition fails. */
  private fencedState(writer: Writer): ControllerState {
    const s = this.state;
    if (s === undefined) throw new ConditionFailed();
    if (writer.kind === 'leader' && s.fenceTerm > writer.term) throw new ConditionFailed();
    return s;
  }

  private fenceOf(writer: Writer): { fenceTerm?: number } {
    return writer.kind === 'leader' ? { fenceTerm: writer.term } : {};
  }

  private refused(operation: string, writer: Writer): never {
    const current = this.copy();
    throw explainConflict(operation, current, writer, current?.intent ? 'intent-pending' : 'version');
  }

  /**
   * One request: faults before, the atomic write (`apply`, which throws ConditionFailed when its
   * condition refuses it), faults after. A refusal is explained by `refusal`, as the DynamoDB
   * store explains a ConditionalCheckFailedException; a lost answer re-sends the same request.
   */
  private async conditional<T>(write: StoreWrite, apply: () => T, refusal: () => T, audit?: AuditEntry): Promise<T> {
    const attempt = (): { result: T; applied: boolean } => {
      try {
        const result = apply();
        this.writes.push({ write, applied: true });
        return { result, applied: true };
      } catch (err) {
        if (!(err instanceof ConditionFailed)) throw err;
        this.writes.push({ write, applied: false });
        return { result: undefined as T, applied: false };
      }
    };
    const before = this.copy();
    await this.fault('before', { write, before, ...(audit ? { audit } : {}) });
    const first = attempt();
    const lost = await this.fault('after', { write, before, after: this.copy(), applied: first.applied, ...(audit ? { audit } : {}) });
    const outcome = lost ? attempt() : first;
    return outcome.applied ? outcome.result : refusal();
  }

  /** Runs the first matching rule; true when the answer is lost and the request must be re-sent. */
  private async fault(at: 'before' | 'after', event: WriteEvent): Promise<boolean> {
    const hit = this.rules.find((r) => r.left > 0 && r.rule.at === at && r.rule.match(event));
    if (hit === undefined) return false;
    hit.left -= 1;
    const fault = typeof hit.rule.fault === 'function' ? hit.rule.fault(event) : hit.rule.fault;
    switch (fault.kind) {
      case 'crash':
        throw new SimulatedCrash(`crash ${at} ${event.write}`);
      case 'timeout':
        throw new SimulatedTimeout(`${event.write}: no answer (${at === 'after' ? 'the write landed' : 'nothing was written'})`);
      case 'pause':
        await fault.until;
        return false;
      case 'lost-answer':
        return at === 'after';
    }
  }

  private copy(): ControllerState | undefined {
    return this.state === undefined ? undefined : structuredClone(this.state);
  }

  private mustCopy(operation: string): ControllerState {
    const s = this.copy();
    if (s === undefined) throw explainConflict(operation, undefined, { kind: 'operator', actor: 'store' }, 'missing');
    return s;
  }
}
