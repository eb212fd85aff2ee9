/**
 * The fenced two-phase flip, shared by automation and operator commands. Every state change —
 * flip, pin, unpin — is an intent that goes through the same three steps:
 *  (1) record the intent (conditional on version, no pending intent, and the leader's term);
 *  (2) apply it to DNS (idempotent; nothing to do in health-signal mode or when no traffic moves);
 *  (3) commit: one conditional write (the intent still pending; the leader's term) that applies the
 *      change, records the outcome and stores what the change owes — its audit entry and, for a
 *      flip, its notification — as an outbox entry in the same item.
 * Then the committing writer publishes the route table for the new state version, writes the audit
 * entry, announces the flip and clears the outbox entry; if it dies first, the next leader tick
 * takes the outbox entry over. Whoever finds an intent pending — the next tick, a restarted
 * controller, a new leader — re-validates it against the verdicts of that moment and rolls it
 * forward, or commits it as `superseded` (audited, not applied, no flip time).
 *
 * Lost answers: a request re-sent after its answer was lost is recognised by the store as this
 * writer's own (intent id; commit claimant). An answer that never comes at all is resolved by
 * reading the state back: an operator is never told an error for a change that took effect.
 */
import { randomUUID } from 'node:crypto';
import { checkIntentStillValid, initialTraffic, policyRegions, pruneFlipTimes, sameTraffic, type FlipPlan, type Verdicts } from './rules';
import {
  OUTBOX_CLAIM_MS,
  StateConflictError,
  type AuditEntry,
  type Completion,
  type CompletionResult,
  type ControllerState,
  type FlipIntent,
  type IntentOutcome,
  type OutboxEntry,
  type PinChange,
  type VerdictSummary,
  type Writer,
} from './state-store';
import type { ApplyResult } from './dns-flipper';
import type { VerdictSnapshot } from '../health';
import { FlipApplyError, UnknownRegionError } from './errors';
import { RouteTableSync } from './route-table-sync';
import { describeTerm, numbered, termOfWriter, type RecordedTerm } from './term';
import type { CompletedFlip, ControllerDeps } from './controller-types';
import { noFailoverEvents, noteCommittedFlip, type FailoverEvents } from './failover-events';

function summarize(verdicts: Verdicts): VerdictSummary {
  return Object.fromEntries(
    Object.entries(verdicts).map(([r, v]) => [
      r,
      { status: v.status, reason: v.reason, ...(v.since !== undefined ? { since: v.since } : {}), ...(v.firstFailureAt !== undefined ? { firstFailureAt: v.firstFailureAt } : {}) },
    ]),
  );
}

/** An intent committed without being applied: it was no longer valid when it was rolled forward. */
export interface SupersededIntent {
  readonly id: string;
  readonly plan: FlipPlan;
  readonly actor: string;
  readonly detail: string;
}

export type FlipOutcome =
  | { readonly outcome: 'completed'; readonly flip: CompletedFlip; readonly state: ControllerState }
  | { readonly outcome: 'superseded'; readonly intent: SupersededIntent; readonly state: ControllerState };

export interface IntentRequest {
  readonly plan: FlipPlan;
  /** `schedule`, `stream`, `api`, … */
  readonly trigger: string;
  readonly actor: string;
  readonly snapshot: VerdictSnapshot;
  readonly pin?: PinChange;
  readonly force?: boolean;
  readonly signal?: AbortSignal;
  /** The intent's id when the caller chose it beforehand (a drill writes its leg's id down first). @default a new id */
  readonly intentId?: string;
}

export class FlipProtocol {
  readonly routeTableSync: RouteTableSync;
  /** The event history's observer: notes only, written when the tick or command is over. */
  readonly events: FailoverEvents;
  private readonly newId: () => string;

  constructor(private readonly deps: ControllerDeps) {
    this.newId = deps.newId ?? randomUUID;
    this.events = deps.events ?? noFailoverEvents;
    this.routeTableSync = new RouteTableSync({ store: deps.routeTables, config: deps.config, clock: deps.clock, ...(deps.log ? { log: deps.log } : {}) });
  }

  /** App regions in policy order. */
  get regions(): string[] {
    return policyRegions(this.deps.config.policy);
  }

  requireRegion(region: string): void {
    if (!this.regions.includes(region)) throw new UnknownRegionError(region, this.regions);
  }

  /** The stored state, created with the policy's initial traffic on first use. */
  async loadOrInit(writer: Writer): Promise<ControllerState> {
    const state = await this.deps.store.load();
    return state ?? this.deps.store.initialize(initialTraffic(this.deps.config.policy), writer, this.deps.clock.wallMs());
  }

  /** Phase 1, then the rest. */
  async execute(state: ControllerState, writer: Writer, request: IntentRequest): Promise<FlipOutcome> {
    const intent: FlipIntent = {
      id: request.intentId ?? this.newId(),
      plan: request.plan,
      ...(writer.kind === 'leader' ? termOfWriter(writer) : { term: state.fenceTerm, ...numbered(state.fenceTermNumber) }),
      actor: request.actor,
      trigger: request.trigger,
      createdAt: this.deps.clock.wallMs(),
      verdicts: summarize(request.snapshot.verdicts),
      ...(request.pin ? { pin: request.pin } : {}),
      ...(request.force ? { force: true } : {}),
    };
    let recorded: ControllerState;
    try {
      recorded = await this.deps.store.recordIntent(intent, state.version, writer, intent.createdAt);
    } catch (err) {
      if (err instanceof StateConflictError) throw err;
      // No answer came: the intent may or may not be recorded. What does the state say?
      const current = await this.deps.store.load().catch(() => undefined);
      if (current?.intent?.id === intent.id) recorded = current;
      else if (current?.lastIntent?.id === intent.id) return this.foundCommitted(intent, current, writer);
      else throw err;
    }
    this.deps.log?.info('intent recorded', { intentId: intent.id, cause: intent.plan.cause, to: intent.plan.to, term: intent.term });
    this.events.flipIntent(intent);
    return this.finish(intent, recorded, writer, request.signal === undefined ? {} : { signal: request.signal });
  }

  /**
   * Phases 2 and 3; idempotent, so also the roll-forward of an intent found pending. Given
   * `verdicts` (a roll-forward), the intent is first re-validated against them.
   */
  async finish(intent: FlipIntent, state: ControllerState, writer: Writer, options: { readonly signal?: AbortSignal; readonly verdicts?: Verdicts } = {}): Promise<FlipOutcome> {
    const { clock, flipper, config } = this.deps;
    const { signal } = options;
    signal?.throwIfAborted();
    if (options.verdicts) {
      const violation = checkIntentStillValid(state.traffic, intent.plan, options.verdicts, intent.force ?? false);
      if (violation) return this.supersede(intent, writer, violation.detail);
      // A roll-forward: the writer that recorded the intent may have died before its note was written.
      this.events.flipIntent(intent);
    }
    const moves = !sameTraffic(state.traffic, intent.plan.to);
    let applied: ApplyResult;
    try {
      applied = moves ? await flipper.apply(intent.plan.to, intent.id, signal) : { mode: flipper.mode, changed: false, attempts: 0 };
    } catch (err) {
      if (signal?.aborted) throw err;
      await this.noteApplyFailure(intent, err);
      throw new FlipApplyError(intent.id, err);
    }
    const appliedAt = clock.wallMs();
    this.events.flipApplied({ flipId: intent.id, intentAt: intent.createdAt, appliedAt, applied });
    signal?.throwIfAborted();
    const completedAt = clock.wallMs();
    const term = this.termOf(intent, writer);
    const audit: AuditEntry = {
      ...this.auditBase(intent, term, 'completed'),
      timings: { intentAt: intent.createdAt, appliedAt, completedAt },
      dns: { mode: applied.mode, changed: applied.changed, attempts: applied.attempts, ...(applied.changeId ? { changeId: applied.changeId } : {}) },
    };
    const completion: Completion = {
      outcome: 'completed',
      ...(moves
        ? {
            flip: {
              traffic: intent.plan.to,
              flipTimes: pruneFlipTimes([...state.flipTimes, completedAt], config.failover, completedAt),
              lastFlip: { id: intent.id, cause: intent.plan.cause, to: intent.plan.to, actor: intent.actor, ...term, completedAt },
            },
          }
        : {}),
      ...(intent.pin ? { pin: 'set' in intent.pin ? intent.pin.set : null } : {}),
      audit,
      notify: moves,
      claimant: randomUUID(),
    };
    const committed = await this.commit(intent, completion, writer);
    if (committed.state.lastIntent?.outcome === 'superseded') return this.foundCommitted(intent, committed.state, writer);
    const flip = await this.publish(intent, committed.state, { term, applied, appliedAt, completedAt });
    if (!committed.alreadyCompleted) {
      this.events.flipCompleted(audit);
      if (moves) {
        this.deps.metrics.flip(intent.plan.cause);
        // Operator flips run outside tick(), which flushes in its own finally.
        this.deps.metrics.flush();
      }
      this.deps.log?.info('intent committed', { intentId: intent.id, cause: intent.plan.cause, to: intent.plan.to, applyMode: applied.mode });
      await this.deliverOwn(intent.id, committed.state);
    }
    return { outcome: 'completed', flip, state: committed.state };
  }

  /**
   * Outbox entries whose claim has gone stale (their writer died, or SNS was down): take each
   * over and deliver it. A leader tick runs this, so every commit is audited and announced.
   */
  async drainOutbox(state: ControllerState): Promise<number> {
    const now = this.deps.clock.wallMs();
    let delivered = 0;
    for (const [id, entry] of Object.entries(state.outbox)) {
      if (now - entry.claimedAt < OUTBOX_CLAIM_MS) continue;
      try {
        const claimed = await this.deps.store.claimOutbox(id, entry.claimant, randomUUID(), now);
        // Its writer may have died before its history notes were written: note them again (same identities).
        if (claimed) noteCommittedFlip(this.events, claimed.audit);
        if (claimed && (await this.deliver(id, claimed))) delivered += 1;
      } catch (err) {
        this.deps.log?.warn('outbox entry not delivered; the next leader tick retries', { intentId: id, error: (err as Error).message });
      }
    }
    return delivered;
  }

  /** Commits `intent` as superseded: audited, not applied, no flip time. */
  private async supersede(intent: FlipIntent, writer: Writer, detail: string): Promise<FlipOutcome> {
    const term = this.termOf(intent, writer);
    const completion: Completion = { outcome: 'superseded', audit: { ...this.auditBase(intent, term, 'superseded'), detail }, notify: false, claimant: randomUUID(), detail };
    const committed = await this.commit(intent, completion, writer);
    if (committed.state.lastIntent?.outcome !== 'superseded') return this.foundCommitted(intent, committed.state, writer);
    this.deps.log?.warn('pending intent superseded: no longer valid, not applied', { intentId: intent.id, to: intent.plan.to, detail });
    if (!committed.alreadyCompleted) await this.deliverOwn(intent.id, committed.state);
    return { outcome: 'superseded', intent: { id: intent.id, plan: intent.plan, actor: intent.actor, detail }, state: committed.state };
  }

  /**
   * Phase 3. An answer that never came (a timeout, a reset connection) is resolved by reading the
   * state back: the commit either landed — this writer's or another's — or it did not.
   */
  private async commit(intent: FlipIntent, completion: Completion, writer: Writer): Promise<CompletionResult> {
    try {
      return await this.deps.store.completeIntent(intent.id, completion, writer, this.deps.clock.wallMs());
    } catch (err) {
      if (err instanceof StateConflictError) throw err;
      const current = await this.deps.store.load().catch(() => undefined);
      if (current?.lastIntent?.id === intent.id && current.intent?.id !== intent.id) return { state: current, alreadyCompleted: current.lastIntent.claimant !== completion.claimant };
      throw err;
    }
  }

  /** The intent was committed by someone else (or before our answer came): report what the state says. */
  private async foundCommitted(intent: FlipIntent, state: ControllerState, writer: Writer): Promise<FlipOutcome> {
    if (state.lastIntent?.outcome === 'superseded') {
      return { outcome: 'superseded', intent: { id: intent.id, plan: intent.plan, actor: intent.actor, detail: state.lastIntent.detail ?? 'no longer valid when it was rolled forward' }, state };
    }
    const completedAt = state.lastFlip?.id === intent.id ? state.lastFlip.completedAt : (state.lastIntent?.at ?? this.deps.clock.wallMs());
    const flip = await this.publish(intent, state, {
      term: state.lastFlip?.id === intent.id ? { term: state.lastFlip.term, ...numbered(state.lastFlip.termNumber) } : this.termOf(intent, writer),
      applied: { mode: this.deps.flipper.mode, changed: false, attempts: 0 },
      completedAt,
    });
    return { outcome: 'completed', flip, state };
  }

  /** Publishes the route table of `state` (stamped with its version) and describes the flip. */
  private async publish(
    intent: FlipIntent,
    state: ControllerState,
    done: { readonly term: RecordedTerm; readonly applied: ApplyResult; readonly appliedAt?: number; readonly completedAt: number },
  ): Promise<CompletedFlip> {
    // Before the notification, so whoever reacts to it finds the new table. The table is built from
    // the state this writer holds and stamped with its version: a writer that pauses here can
    // never publish over a table built from a newer state.
    const routingTable = await this.routeTableSync.sync({
      traffic: state.traffic,
      stateVersion: state.version,
      term: done.term.term,
      by: `${intent.actor} (${describeTerm(done.term)})`,
      reason: `${intent.pin ? ('set' in intent.pin ? 'pin' : 'unpin') : 'flip'} ${intent.id}: ${intent.plan.reason}`,
    });
    return {
      id: intent.id,
      plan: intent.plan,
      actor: intent.actor,
      term: done.term.term,
      applied: done.applied,
      intentAt: intent.createdAt,
      ...(done.appliedAt !== undefined ? { appliedAt: done.appliedAt } : {}),
      completedAt: done.completedAt,
      routingTable,
    };
  }

  /** Delivers the outbox entry this writer's own commit stored (it holds the claim from the commit). */
  private async deliverOwn(id: string, state: ControllerState): Promise<void> {
    const entry = state.outbox[id];
    if (entry !== undefined) await this.deliver(id, entry);
  }

  /**
   * Writes the audit entry (once per id), announces the flip, clears the entry. Never throws: a
   * change that happened is not reported as failed because the Audit table or SNS is unavailable;
   * the entry stays, and the next leader tick takes it over once the claim is stale.
   */
  private async deliver(id: string, entry: OutboxEntry): Promise<boolean> {
    try {
      if (!entry.audited) await this.deps.store.putAudit(entry.audit);
      if (entry.notify) await this.deps.notifier.flipped(this.eventOf(entry.audit));
      await this.deps.store.clearOutbox(id);
      return true;
    } catch (err) {
      this.deps.log?.warn('outbox entry not delivered; the next leader tick retries', { intentId: id, error: (err as Error).message });
      return false;
    }
  }

  private eventOf(audit: AuditEntry) {
    return {
      service: this.deps.config.service,
      flipId: audit.id,
      cause: audit.cause ?? 'failover',
      from: audit.from ?? {},
      to: audit.to ?? {},
      reason: audit.reason,
      actor: audit.actor,
      term: audit.term,
      ...numbered(audit.termNumber),
      completedAt: audit.timings?.completedAt ?? audit.at,
      flipMode: this.deps.config.dns.flipMode,
    };
  }

  /** Best effort: the status view shows the last failed apply of a pending intent. */
  private async noteApplyFailure(intent: FlipIntent, err: unknown): Promise<void> {
    const message = (err as Error)?.message ?? String(err);
    try {
      await this.deps.store.noteApplyFailure(intent.id, { at: this.deps.clock.wallMs(), message, attempts: (intent.lastError?.attempts ?? 0) + 1 }, this.deps.clock.wallMs());
    } catch (noteErr) {
      this.deps.log?.warn('could not record the apply failure on the intent', { intentId: intent.id, error: (noteErr as Error).message });
    }
  }

  /** The term a commit is recorded under (and its number): the leader's own, or the stored term an operator's intent carried. */
  private termOf(intent: FlipIntent, writer: Writer): RecordedTerm {
    return writer.kind === 'leader' ? termOfWriter(writer) : { term: intent.term, ...numbered(intent.termNumber) };
  }

  private auditBase(intent: FlipIntent, term: RecordedTerm, outcome: IntentOutcome): AuditEntry {
    const pin = intent.pin === undefined ? undefined : 'set' in intent.pin ? intent.pin.set : intent.pin.clear;
    return {
      id: intent.id,
      kind: intent.pin === undefined ? 'flip' : 'set' in intent.pin ? 'pin' : 'unpin',
      at: intent.createdAt,
      actor: intent.actor,
      ...term,
      reason: intent.plan.reason,
      outcome,
      cause: intent.plan.cause,
      from: intent.plan.from,
      to: intent.plan.to,
      trigger: intent.trigger,
      verdicts: intent.verdicts,
      ...(pin ? { region: pin.region } : {}),
      ...(intent.force ? { force: true } : {}),
    };
  }
}
