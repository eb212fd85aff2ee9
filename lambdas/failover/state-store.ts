/**
 * The controller's shared state (State table) and audit trail (Audit table). Every write is
 * conditional: on the state's version (optimistic concurrency), on the pending intent, and for the
 * leader on its term (`fenceTerm` ≤ my term, then store my term), so a deposed leader's late write
 * is rejected by storage. Implementations: dynamodb-state-store.ts, memory-state-store.ts (same
 * conditions, one process, faults injectable); test/failover/support/state-store-contract.ts
 * holds both to the same cases.
 *
 * Every state change an operator or the controller makes is an intent: recorded (phase 1),
 * applied (phase 2), committed (phase 3). The commit is ONE conditional write that also stores
 * what the change still owes — its audit entry and, for a flip, its notification — as an outbox
 * entry in the same item. So no state change ever exists without its audit record: the outbox
 * entry is copied to the Audit table right after the commit (or, if that writer died, by the next
 * leader tick) and read models show it meanwhile.
 */
import type { FlipCause, FlipPlan, Pin, TrafficSplit } from './rules/types';
import type { HealthStatus } from '../health/rules';

/**
 * Who writes: the elected controller (fenced by its term; `termNumber` is that term's number for
 * people, recorded next to it) or an operator through the API.
 */
export type Writer = { readonly kind: 'leader'; readonly term: number; readonly termNumber?: number } | { readonly kind: 'operator'; readonly actor: string };

/** A term's number for people (`term #7`), next to its fencing token; absent where it is unknown (old records). */
export interface TermNumbered {
  readonly termNumber?: number;
}

/** Per region at the time of a flip; `since` (quorum reached) and `firstFailureAt` (first failed probe) when known. */
export type VerdictSummary = Readonly<Record<string, { readonly status: HealthStatus; readonly reason: string; readonly since?: number; readonly firstFailureAt?: number }>>;

/** What an intent does to the pin when it completes (`clear` holds the pin being cleared). */
export type PinChange = { readonly set: Pin } | { readonly clear: Pin };

/** A failed phase 2 of a pending intent, kept for the status view. */
export interface ApplyFailure {
  /** Wall-clock ms of the failure. */
  readonly at: number;
  readonly message: string;
  /** Failed applies of this intent so far. */
  readonly attempts: number;
}

/** Phase 1 record: what is about to be applied, by whom, under which term. */
export interface FlipIntent extends TermNumbered {
  readonly id: string;
  readonly plan: FlipPlan;
  /** The writer's term (operators: the stored fence term at the time). */
  readonly term: number;
  readonly actor: string;
  /** `schedule`, `stream`, `api`, … */
  readonly trigger: string;
  /** Wall-clock ms when the intent was recorded; also orders the audit entry. */
  readonly createdAt: number;
  readonly verdicts: VerdictSummary;
  /** Pin and unpin go through the same intent → apply → commit path as flips. */
  readonly pin?: PinChange;
  /** An operator passed `force`: the readiness gate is skipped, also when the intent is rolled forward. */
  readonly force?: boolean;
  readonly lastError?: ApplyFailure;
}

export interface LastFlip extends TermNumbered {
  readonly id: string;
  readonly cause: FlipCause;
  readonly to: TrafficSplit;
  readonly actor: string;
  readonly term: number;
  readonly completedAt: number;
}

/** How a committed intent ended: applied, or found no longer valid when it was rolled forward. */
export type IntentOutcome = 'completed' | 'superseded';

/** The last intent committed, and by whom: lets a writer recognise its own commit after a lost answer. */
export interface LastIntent {
  readonly id: string;
  readonly outcome: IntentOutcome;
  /** The committing writer's `Completion.claimant`. */
  readonly claimant: string;
  /** Wall-clock ms of the commit. */
  readonly at: number;
  /** Superseded: why the intent was no longer valid. */
  readonly detail?: string;
}

/**
 * What a committed intent still owes, written in the same conditional write as the commit: its
 * audit entry (unless a transaction wrote it already) and, for a flip, its notification. Whoever
 * holds the claim delivers it and clears it; a claim older than OUTBOX_CLAIM_MS may be taken over.
 */
export interface OutboxEntry {
  readonly audit: AuditEntry;
  readonly notify: boolean;
  /** The audit entry is already in the Audit table (written in the commit's transaction). */
  readonly audited: boolean;
  readonly claimant: string;
  /** Wall-clock ms the claim was taken. */
  readonly claimedAt: number;
}

/** After this long, an outbox entry's claim is presumed dead (its writer crashed) and may be taken over. */
export const OUTBOX_CLAIM_MS = 30_000;

export interface ControllerState {
  readonly traffic: TrafficSplit;
  /** Grows by one with every decision-relevant write (intent, commit). */
  readonly version: number;
  /** Highest leader term that wrote the item (0: none yet). */
  readonly fenceTerm: number;
  /** The number of that term, stored by the claim (absent in states from before term numbers). */
  readonly fenceTermNumber?: number;
  /** Wall-clock ms of flips inside the flap window, oldest first. */
  readonly flipTimes: readonly number[];
  readonly pin?: Pin;
  /** A flip recorded but not completed: whoever finds it rolls it forward. */
  readonly intent?: FlipIntent;
  readonly lastFlip?: LastFlip;
  readonly lastIntent?: LastIntent;
  /** Work owed by committed intents, by intent id. */
  readonly outbox: Readonly<Record<string, OutboxEntry>>;
  readonly updatedAt: number;
}

/** `chaos`: a fault injected or healed in local mode (recorded so the timeline shows it). */
export type AuditKind = 'flip' | 'pin' | 'unpin' | 'chaos';

export interface FlipTimings {
  readonly intentAt: number;
  readonly appliedAt: number;
  readonly completedAt: number;
}

export interface AuditEntry extends TermNumbered {
  /** Intent id; an entry is written at most once per id. */
  readonly id: string;
  readonly kind: AuditKind;
  /** Wall-clock ms; orders the history (the intent's createdAt, so every writer writes the same key). */
  readonly at: number;
  /** Who asked for the change (the intent's actor). */
  readonly actor: string;
  /** The term of the writer whose commit succeeded (operators: the term their intent carried). */
  readonly term: number;
  readonly reason: string;
  /** Absent in entries written before outcomes were recorded: those completed. */
  readonly outcome?: IntentOutcome;
  /** Superseded: why the intent was no longer valid. */
  readonly detail?: string;
  readonly cause?: FlipCause;
  readonly from?: TrafficSplit;
  readonly to?: TrafficSplit;
  readonly region?: string;
  readonly trigger?: string;
  readonly force?: boolean;
  readonly timings?: FlipTimings;
  readonly verdicts?: VerdictSummary;
  readonly dns?: { readonly mode: string; readonly changeId?: string; readonly changed: boolean; readonly attempts: number };
}

/** Phase 3: what the commit writes. */
export interface Completion {
  readonly outcome: IntentOutcome;
  /** A completed intent that moves traffic: the new traffic, flip times and last flip. */
  readonly flip?: { readonly traffic: TrafficSplit; readonly flipTimes: readonly number[]; readonly lastFlip: LastFlip };
  /** A completed pin (set) or unpin (null). */
  readonly pin?: Pin | null;
  readonly audit: AuditEntry;
  /** A flip to announce. */
  readonly notify: boolean;
  /** Unique per commit attempt: recognises this writer's own commit after a lost answer, and first holds the outbox claim. */
  readonly claimant: string;
  /** Superseded: why. */
  readonly detail?: string;
}

export interface CompletionResult {
  /** The state right after the commit (when another writer committed: as found). */
  readonly state: ControllerState;
  /** True when another writer had already committed this intent (this call changed nothing). */
  readonly alreadyCompleted: boolean;
}

export interface HistoryPage {
  readonly entries: readonly AuditEntry[];
  /** Pass as `before` for the next (older) page. */
  readonly next?: string;
}

export type ConflictCode = 'fenced' | 'version' | 'intent-pending' | 'intent-gone' | 'missing';

/** A conditional write lost: someone else wrote first. Re-read and decide again. */
export class StateConflictError extends Error {
  override readonly name = 'StateConflictError';
  constructor(
    readonly code: ConflictCode,
    message: string,
    readonly current: ControllerState | undefined,
  ) {
    super(message);
  }
}

/**
 * Why a conditional write on the state lost, from the state found after it: the fence (a newer
 * leader term wrote), a pending intent, or a version change. Shared by every store so the
 * controller sees the same codes and words whatever the backend.
 */
export function explainConflict(operation: string, current: ControllerState | undefined, writer: Writer, fallback: ConflictCode): StateConflictError {
  if (current === undefined) return new StateConflictError('missing', `${operation}: no controller state yet; initialize it first`, current);
  if (writer.kind === 'leader' && current.fenceTerm > writer.term) {
    return new StateConflictError('fenced', `${operation}: term ${writer.term} is fenced off by term ${current.fenceTerm}; this controller is no longer the leader`, current);
  }
  const detail =
    fallback === 'intent-pending'
      ? `flip ${current.intent?.id ?? ''} is in progress`
      : fallback === 'intent-gone'
        ? 'the intent was completed or replaced by another writer'
        : `state changed (now version ${current.version})`;
  return new StateConflictError(fallback, `${operation}: ${detail}; re-read and retry`, current);
}

/**
 * After a commit's condition refused it: this very intent was committed already — by this writer
 * (its answer was lost and the request re-sent) or by another — or the refusal is a real conflict.
 */
export function recognizeCompletion(operation: string, intentId: string, claimant: string, current: ControllerState | undefined, writer: Writer): CompletionResult {
  if (current?.lastIntent?.id === intentId && current.intent?.id !== intentId) return { state: current, alreadyCompleted: current.lastIntent.claimant !== claimant };
  throw explainConflict(operation, current, writer, 'intent-gone');
}

/** The history cursor and audit sort key: ISO time of the entry, then its id (so entries sort by time). */
export function auditSortKey(entry: Pick<AuditEntry, 'at' | 'id'>): string {
  return `${new Date(entry.at).toISOString()}#${entry.id}`;
}

export interface ControllerStateStore {
  /** Strongly consistent read; undefined before the first write. */
  load(): Promise<ControllerState | undefined>;
  /** Creates the state with this traffic if none exists; returns the stored state either way. */
  initialize(traffic: TrafficSplit, writer: Writer, now: number): Promise<ControllerState>;
  /** Leader only: stores `term` as the fence (and its number, if known; no other change), so older terms are locked out. */
  claim(term: number, now: number, termNumber?: number): Promise<ControllerState>;
  /**
   * Phase 1: requires `expectedVersion` and no pending intent. A request re-sent after its answer
   * was lost finds its own intent pending and succeeds.
   */
  recordIntent(intent: FlipIntent, expectedVersion: number, writer: Writer, now: number): Promise<ControllerState>;
  /** Records a failed phase 2 on the pending intent `intentId` (for the status view); no version change. */
  noteApplyFailure(intentId: string, failure: ApplyFailure, now: number): Promise<void>;
  /**
   * Phase 3, the commit: requires the intent `intentId` still pending (and the leader's fence);
   * removes it, applies the completion and stores its outbox entry, in one conditional write (with
   * transactions, the audit entry too). A request re-sent after its answer was lost is recognised
   * as this writer's own commit (`alreadyCompleted: false`).
   */
  completeIntent(intentId: string, completion: Completion, writer: Writer, now: number): Promise<CompletionResult>;
  /** Takes over outbox entry `id` if its claim is still the one seen (`seenClaimant`); the entry, or undefined if someone else claimed or cleared it. */
  claimOutbox(id: string, seenClaimant: string, claimant: string, now: number): Promise<OutboxEntry | undefined>;
  /** Removes outbox entry `id` (done); no version change. */
  clearOutbox(id: string): Promise<void>;
  /** Writes an audit entry once per id (a repeat is a no-op: every writer writes the committed entry). */
  putAudit(entry: AuditEntry): Promise<void>;
  history(options?: { readonly limit?: number; readonly before?: string }): Promise<HistoryPage>;
}
