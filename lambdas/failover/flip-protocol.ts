/**
 * The fenced two-phase flip, shared by automation and operator commands:
 * (1) record the intent (conditional on version, no pending intent, and the leader's term);
 * (2) apply it to DNS (idempotent; nothing to do in health-signal mode);
 * (3) write the audit entry and complete the intent (conditional on the intent still pending).
 * Whoever finds a pending intent — the next tick, a restarted controller, a new leader — rolls it
 * forward with `finish`. After the flip, the versioned route table is published for the new active
 * set (fenced by the term; see route-table-sync.ts), then the flip is announced.
 */
import { randomUUID } from 'node:crypto';
import { initialTraffic, policyRegions, pruneFlipTimes, type FlipPlan, type Verdicts } from './rules';
import type { AuditEntry, ControllerState, FlipIntent, VerdictSummary, Writer } from './state-store';
import type { ApplyResult } from './dns-flipper';
import type { VerdictSnapshot } from '../health';
import { FlipApplyError, UnknownRegionError } from './errors';
import { RouteTableSync } from './route-table-sync';
import type { CompletedFlip, ControllerDeps } from './controller-types';

function summarize(verdicts: Verdicts): VerdictSummary {
  return Object.fromEntries(
    Object.entries(verdicts).map(([r, v]) => [r, { status: v.status, reason: v.reason, ...(v.since !== undefined ? { since: v.since } : {}), ...(v.firstFailureAt !== undefined ? { firstFailureAt: v.firstFailureAt } : {}) }]),
  );
}

export class FlipProtocol {
  readonly routeTableSync: RouteTableSync;
  private readonly newId: () => string;

  constructor(private readonly deps: ControllerDeps) {
    this.newId = deps.newId ?? randomUUID;
    this.routeTableSync = new RouteTableSync({ store: deps.routeTables, config: deps.config, clock: deps.clock, ...(deps.log ? { log: deps.log } : {}) });
  }

  /** App regions in policy order. */
  get regions(): string[] {
    return policyRegions(this.deps.config.policy);
  }

  requireRegion(region: string): void {
    if (!this.regions.includes(region)) throw new UnknownRegionError(region, this.regions);
  }

  /** A fresh id for a flip or an operator action. */
  id(): string {
    return this.newId();
  }

  /** The stored state, created with the policy's initial traffic on first use. */
  async loadOrInit(writer: Writer): Promise<ControllerState> {
    const state = await this.deps.store.load();
    return state ?? this.deps.store.initialize(initialTraffic(this.deps.config.policy), writer, this.deps.clock.wallMs());
  }

  /** Phase 1, then the rest. */
  async execute(plan: FlipPlan, state: ControllerState, writer: Writer, trigger: string, actor: string, snapshot: VerdictSnapshot, signal?: AbortSignal): Promise<CompletedFlip> {
    const intent: FlipIntent = {
      id: this.newId(),
      plan,
      term: writer.kind === 'leader' ? writer.term : state.fenceTerm,
      actor,
      trigger,
      createdAt: this.deps.clock.wallMs(),
      verdicts: summarize(snapshot.verdicts),
    };
    const recorded = await this.deps.store.recordIntent(intent, state.version, writer, intent.createdAt);
    this.deps.log?.info('flip intent recorded', { flipId: intent.id, cause: plan.cause, to: plan.to, term: intent.term });
    return this.finish(intent, recorded, writer, signal);
  }

  /** Phases 2 and 3; idempotent, so also the roll-forward of an intent found pending. */
  async finish(intent: FlipIntent, state: ControllerState, writer: Writer, signal?: AbortSignal): Promise<CompletedFlip> {
    const { clock, store, flipper, config } = this.deps;
    signal?.throwIfAborted();
    let applied: ApplyResult;
    try {
      applied = await flipper.apply(intent.plan.to, intent.id, signal);
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new FlipApplyError(intent.id, err);
    }
    const appliedAt = clock.wallMs();
    signal?.throwIfAborted();
    const completedAt = clock.wallMs();
    const term = writer.kind === 'leader' ? writer.term : intent.term;
    const audit: AuditEntry = {
      id: intent.id,
      kind: 'flip',
      at: intent.createdAt,
      actor: intent.actor,
      term,
      reason: intent.plan.reason,
      cause: intent.plan.cause,
      from: intent.plan.from,
      to: intent.plan.to,
      trigger: intent.trigger,
      timings: { intentAt: intent.createdAt, appliedAt, completedAt },
      verdicts: intent.verdicts,
      dns: { mode: applied.mode, changed: applied.changed, attempts: applied.attempts, ...(applied.changeId ? { changeId: applied.changeId } : {}) },
    };
    const completed = await store.completeIntent(
      intent.id,
      {
        traffic: intent.plan.to,
        flipTimes: pruneFlipTimes([...state.flipTimes, completedAt], config.failover, completedAt),
        lastFlip: { id: intent.id, cause: intent.plan.cause, to: intent.plan.to, actor: intent.actor, term, completedAt },
      },
      audit,
      writer,
      completedAt,
    );
    // Before the notification, so whoever reacts to it finds the new table. Also when another writer
    // completed the flip first: publishing an unchanged table writes nothing.
    const routingTable = await this.routeTableSync.sync({ traffic: intent.plan.to, term, by: `${intent.actor} (term ${term})`, reason: `flip ${intent.id}: ${intent.plan.reason}` });
    const flip: CompletedFlip = { id: intent.id, plan: intent.plan, actor: intent.actor, term, applied, intentAt: intent.createdAt, completedAt, routingTable };
    // Another writer completed it first (and announced it): one flip, one notification.
    if (completed.alreadyCompleted) return flip;
    this.deps.metrics.flip(intent.plan.cause);
    // Operator flips run outside tick(), which flushes in its own finally.
    this.deps.metrics.flush();
    this.deps.log?.info('flip completed', { flipId: intent.id, cause: intent.plan.cause, to: intent.plan.to, applyMode: applied.mode });
    await this.notify(flip);
    return flip;
  }

  /** Best effort: a flip that happened must not be reported as failed because SNS is down. */
  private async notify(flip: CompletedFlip): Promise<void> {
    try {
      await this.deps.notifier.flipped({
        service: this.deps.config.service,
        flipId: flip.id,
        cause: flip.plan.cause,
        from: flip.plan.from,
        to: flip.plan.to,
        reason: flip.plan.reason,
        actor: flip.actor,
        term: flip.term,
        completedAt: flip.completedAt,
        flipMode: this.deps.config.dns.flipMode,
      });
    } catch (err) {
      this.deps.log?.warn('flip notification failed', { flipId: flip.id, error: (err as Error).message });
    }
  }
}
