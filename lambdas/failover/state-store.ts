/**
 * The controller's shared state (State table) and audit trail (Audit table). Every write is
 * conditional: on the state's version (optimistic concurrency), on the pending intent, and for the
 * leader on its term (`fenceTerm` ≤ my term, then store my term), so a deposed leader's late write
 * is rejected by storage. Implementation: lambdas/failover/dynamodb-state-store.ts.
 */
import type { FlipCause, FlipPlan, Pin, TrafficSplit } from './rules/types';
import type { HealthStatus } from '../health/rules';

/** Who writes: the elected controller (fenced by its term) or an operator through the API. */
export type Writer = { readonly kind: 'leader'; readonly term: number } | { readonly kind: 'operator'; readonly actor: string };

export type VerdictSummary = Readonly<Record<string, { readonly status: HealthStatus; readonly reason: string }>>;

/** Phase 1 record: what is about to be applied, by whom, under which term. */
export interface FlipIntent {
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
}

export interface LastFlip {
  readonly id: string;
  readonly cause: FlipCause;
  readonly to: TrafficSplit;
  readonly actor: string;
  readonly term: number;
  readonly completedAt: number;
}

export interface ControllerState {
  readonly traffic: TrafficSplit;
  /** Grows by one with every write. */
  readonly version: number;
  /** Highest leader term that wrote the item (0: none yet). */
  readonly fenceTerm: number;
  /** Wall-clock ms of flips inside the flap window, oldest first. */
  readonly flipTimes: readonly number[];
  readonly pin?: Pin;
  /** A flip recorded but not completed: whoever finds it rolls it forward. */
  readonly intent?: FlipIntent;
  readonly lastFlip?: LastFlip;
  readonly updatedAt: number;
}

/** `chaos`: a fault injected or healed in local mode (recorded so the timeline shows it). */
export type AuditKind = 'flip' | 'pin' | 'unpin' | 'chaos';

export interface FlipTimings {
  readonly intentAt: number;
  readonly appliedAt: number;
  readonly completedAt: number;
}

export interface AuditEntry {
  /** Flip id or operator action id; an entry is written at most once per id. */
  readonly id: string;
  readonly kind: AuditKind;
  /** Wall-clock ms; orders the history (for flips: the intent's createdAt, so a retry writes the same key). */
  readonly at: number;
  readonly actor: string;
  readonly term: number;
  readonly reason: string;
  readonly cause?: FlipCause;
  readonly from?: TrafficSplit;
  readonly to?: TrafficSplit;
  readonly region?: string;
  readonly trigger?: string;
  readonly timings?: FlipTimings;
  readonly verdicts?: VerdictSummary;
  readonly dns?: { readonly mode: string; readonly changeId?: string; readonly changed: boolean; readonly attempts: number };
}

export interface Completion {
  readonly traffic: TrafficSplit;
  readonly flipTimes: readonly number[];
  readonly lastFlip: LastFlip;
}

export interface CompletionResult {
  readonly state: ControllerState;
  /** True when another writer had already completed this intent (this call changed nothing). */
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

export interface ControllerStateStore {
  /** Strongly consistent read; undefined before the first write. */
  load(): Promise<ControllerState | undefined>;
  /** Creates the state with this traffic if none exists; returns the stored state either way. */
  initialize(traffic: TrafficSplit, writer: Writer, now: number): Promise<ControllerState>;
  /** Leader only: stores `term` as the fence (no other change), so older terms are locked out. */
  claim(term: number, now: number): Promise<ControllerState>;
  /** Phase 1: requires `expectedVersion` and no pending intent. */
  recordIntent(intent: FlipIntent, expectedVersion: number, writer: Writer, now: number): Promise<ControllerState>;
  /**
   * Phase 3: requires the intent `intentId` still pending; applies the completion and writes the
   * audit entry (one transaction where supported; else audit first, idempotently, then the state).
   */
  completeIntent(intentId: string, completion: Completion, audit: AuditEntry, writer: Writer, now: number): Promise<CompletionResult>;
  /** Sets or clears the pin; requires `expectedVersion` and no pending intent. */
  setPin(pin: Pin | undefined, expectedVersion: number, writer: Writer, now: number): Promise<ControllerState>;
  /** Writes an audit entry once per id (a repeat is a no-op). */
  putAudit(entry: AuditEntry): Promise<void>;
  history(options?: { readonly limit?: number; readonly before?: string }): Promise<HistoryPage>;
}
