/**
 * The failover controller. `tick()` is one round of automation: lead → read verdicts → decide →
 * fenced two-phase flip. Operator actions (failover, failback, pin, unpin) run the same flip path
 * without leadership, guarded by the state's version and pending-intent slot. `signalFor`,
 * `status` and `history` are read models any region's API answers identically from shared state.
 *
 * A flip: (1) record the intent (conditional on version, no pending intent, and the leader's term);
 * (2) apply it to DNS (idempotent; nothing to do in health-signal mode); (3) write the audit entry
 * and complete the intent (conditional on the intent still pending). Whoever finds a pending
 * intent — the next tick, a restarted controller, a new leader — rolls it forward the same way.
 * After the flip, the versioned route table is published for the new active set (fenced by the
 * term; see traffic-sync.ts); a failed publish is repaired by the next leader tick that holds.
 */
import { randomUUID } from 'node:crypto';
import type { FailoverConfig } from '../config/schema';
import {
  decide,
  initialTraffic,
  planManualFailback,
  planManualFailover,
  planPin,
  policyRegions,
  pruneFlipTimes,
  servingRegions,
  type Decision,
  type FlipPlan,
  type Pin,
  type TrafficSplit,
  type Verdicts,
} from './rules';
import type { Clock } from '../platform/clock';
import {
  StateConflictError,
  type AuditEntry,
  type ControllerState,
  type ControllerStateStore,
  type FlipIntent,
  type HistoryPage,
  type VerdictSummary,
  type Writer,
} from './state-store';
import type { ApplyResult, DnsFlipper } from './dns-flipper';
import type { Leadership } from './leadership';
import type { RouteTableStore } from '../keyrouting';
import type { VerdictSnapshot, VerdictSource } from '../health';
import { ConcurrentChangeError, FlipApplyError, FlipInProgressError, UnknownRegionError } from './errors';
import type { ControllerMetrics } from './metrics';
import type { FlipNotifier } from './notifier';
import { RouteTableSync, type RouteTableSyncResult } from './route-table-sync';

export interface ControllerLog {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
}

export interface ControllerDeps {
  readonly config: Pick<FailoverConfig, 'service' | 'policy' | 'failover' | 'dns' | 'routing'>;
  readonly store: ControllerStateStore;
  /** The versioned route table (State table, pk `traffic`), published from the active set. */
  readonly routeTables: RouteTableStore;
  readonly verdicts: VerdictSource;
  readonly leadership: Leadership;
  readonly flipper: DnsFlipper;
  readonly notifier: FlipNotifier;
  readonly metrics: ControllerMetrics;
  readonly clock: Clock;
  /** Region this controller runs in (for the actor name). */
  readonly region: string;
  /** @default crypto.randomUUID */
  readonly newId?: () => string;
  readonly log?: ControllerLog;
}

export interface CompletedFlip {
  readonly id: string;
  readonly plan: FlipPlan;
  readonly actor: string;
  readonly term: number;
  readonly applied: ApplyResult;
  readonly intentAt: number;
  readonly completedAt: number;
  /** Publishing the route table for the new active set; a failure does not undo the flip (the next leader tick retries). */
  readonly routingTable: RouteTableSyncResult;
}

export type TickResult =
  | { readonly outcome: 'not-leader' }
  /** Leadership was lost mid-tick; whatever was recorded is rolled forward by the next leader. */
  | { readonly outcome: 'lost-leadership'; readonly detail: string }
  | { readonly outcome: 'fenced'; readonly detail: string }
  | { readonly outcome: 'conflict'; readonly detail: string }
  /** Phase 2 failed (e.g. Route 53 throttling past the retries): the intent stays pending and the next tick rolls it forward. */
  | { readonly outcome: 'apply-failed'; readonly flipId: string; readonly detail: string }
  | { readonly outcome: 'hold'; readonly decision: Extract<Decision, { kind: 'hold' }>; readonly reconciled: boolean; readonly routingTable: RouteTableSyncResult }
  | { readonly outcome: 'flipped'; readonly flip: CompletedFlip }
  | { readonly outcome: 'rolled-forward'; readonly flip: CompletedFlip };

export interface OperatorRequest {
  readonly reason: string;
  /** Who asked (IAM principal, user name); goes to the audit trail. */
  readonly actor: string;
  /** Skip the readiness gate. */
  readonly force?: boolean;
}

export interface OperatorResult {
  readonly changed: boolean;
  readonly flip?: CompletedFlip;
  readonly traffic: TrafficSplit;
  readonly pin?: Pin;
}

export interface SignalAnswer {
  readonly region: string;
  /** True while the controller's decision routes traffic to this region. */
  readonly serving: boolean;
  /** What the signal endpoint answers: 200 serving, 503 not. */
  readonly httpStatus: 200 | 503;
  readonly version: number;
}

export interface StatusView {
  readonly service: string;
  readonly flipMode: string;
  readonly policy: FailoverConfig['policy']['mode'];
  readonly traffic: TrafficSplit;
  readonly serving: readonly string[];
  readonly version: number;
  readonly fenceTerm: number;
  readonly pin?: Pin;
  readonly pendingFlip?: { readonly id: string; readonly cause: string; readonly to: TrafficSplit; readonly since: number };
  readonly lastFlip?: ControllerState['lastFlip'];
  readonly verdicts: Verdicts;
  /** What automation would do now (not executed). */
  readonly decision: Decision;
  readonly flipsInWindow: number;
}

function summarize(verdicts: Verdicts): VerdictSummary {
  return Object.fromEntries(
    Object.entries(verdicts).map(([r, v]) => [r, { status: v.status, reason: v.reason, ...(v.since !== undefined ? { since: v.since } : {}), ...(v.firstFailureAt !== undefined ? { firstFailureAt: v.firstFailureAt } : {}) }]),
  );
}

export class FailoverController {
  private readonly newId: () => string;
  private readonly routeTableSync: RouteTableSync;
  private claimedTerm = 0;

  constructor(private readonly deps: ControllerDeps) {
    this.newId = deps.newId ?? randomUUID;
    this.routeTableSync = new RouteTableSync({ store: deps.routeTables, config: deps.config, clock: deps.clock, ...(deps.log ? { log: deps.log } : {}) });
  }

  private get regions(): string[] {
    return policyRegions(this.deps.config.policy);
  }

  /** One round of automation. Never throws for lost races; those are outcomes. */
  async tick(trigger = 'schedule'): Promise<TickResult> {
    const { clock, store, metrics } = this.deps;
    const started = clock.monotonicMs();
    const lead = await this.deps.leadership.tryLead(trigger === 'schedule' ? 'patient' : 'quick');
    if (lead === undefined) {
      if (this.deps.leadership.leaderPresent) metrics.leaderPresent(await this.deps.leadership.leaderPresent());
      metrics.flush();
      return { outcome: 'not-leader' };
    }
    const writer: Writer = { kind: 'leader', term: lead.term };
    metrics.leaderTerm(lead.term);
    metrics.leaderPresent(true);
    try {
      let state = await this.loadOrInit(writer);
      if (state.fenceTerm > lead.term) return { outcome: 'fenced', detail: `term ${lead.term} < stored term ${state.fenceTerm}` };
      if (state.fenceTerm < lead.term || this.claimedTerm !== lead.term) {
        state = await store.claim(lead.term, clock.wallMs());
        this.claimedTerm = lead.term;
      }
      if (state.intent) {
        const flip = await this.finish(state.intent, state, writer, lead.signal);
        return { outcome: 'rolled-forward', flip };
      }
      const snapshot = await this.deps.verdicts.verdicts(this.regions);
      for (const [checker, ageMs] of Object.entries(snapshot.checkerAgesMs ?? {})) metrics.observationAge(checker, ageMs / 1000);
      const decision = decide({ verdicts: snapshot.verdicts, state, policy: this.deps.config.policy, settings: this.deps.config.failover, now: clock.wallMs() });
      this.recordSinceLastFlip(state);
      if (decision.kind === 'hold') {
        // Repairs a route table that is missing (first run) or behind (a publish that failed after its flip).
        const routingTable = await this.routeTableSync.sync({ traffic: state.traffic, term: lead.term, by: `controller@${this.deps.region} (term ${lead.term})`, reason: 'reconcile with the controller state' });
        const reconciled = trigger === 'schedule' ? await this.reconcile(state, lead.signal) : false;
        return { outcome: 'hold', decision, reconciled, routingTable };
      }
      lead.signal.throwIfAborted();
      const flip = await this.execute(decision.plan, state, writer, trigger, `controller@${this.deps.region}`, snapshot, lead.signal);
      // From the newest observation that went into the verdict (the one that crossed quorum, when
      // the tick was triggered by it) to the committed flip; else the tick's own duration.
      const since = snapshot.newestObservationAt;
      metrics.decisionLatency(since !== undefined ? Math.max(0, flip.completedAt - since) : clock.monotonicMs() - started);
      return { outcome: 'flipped', flip };
    } catch (err) {
      if (lead.signal.aborted) {
        this.deps.log?.warn('leadership lost during tick', { term: lead.term, reason: String(lead.signal.reason) });
        return { outcome: 'lost-leadership', detail: String((lead.signal.reason as Error)?.message ?? lead.signal.reason) };
      }
      if (err instanceof FlipApplyError) {
        this.deps.log?.warn('flip apply failed; intent stays pending', { flipId: err.flipId, error: err.message });
        return { outcome: 'apply-failed', flipId: err.flipId, detail: err.message };
      }
      if (err instanceof StateConflictError) {
        this.deps.log?.warn('tick lost a race', { code: err.code, message: err.message });
        return err.code === 'fenced' ? { outcome: 'fenced', detail: err.message } : { outcome: 'conflict', detail: err.message };
      }
      throw err;
    } finally {
      metrics.flush();
    }
  }

  /** POST /failover {to, reason}: all traffic to `to`. */
  failover(to: string, request: OperatorRequest): Promise<OperatorResult> {
    this.requireRegion(to);
    return this.operatorFlip(request, (input) => planManualFailover(input, to, request.reason, { force: request.force ?? false }));
  }

  /** POST /failback {reason}: traffic back to the policy's preference over the UP regions. */
  failback(request: OperatorRequest): Promise<OperatorResult> {
    return this.operatorFlip(request, (input) => planManualFailback(input, request.reason, { force: request.force ?? false }));
  }

  /** PUT /pin {region, reason}: traffic moves to and stays on `region` until unpinned. */
  async pin(region: string, request: OperatorRequest): Promise<OperatorResult> {
    this.requireRegion(region);
    const writer: Writer = { kind: 'operator', actor: request.actor };
    const state = await this.operatorState(writer);
    const snapshot = await this.deps.verdicts.verdicts(this.regions);
    const plan = planPin({ verdicts: snapshot.verdicts, state, policy: this.deps.config.policy }, region, request.reason, { force: request.force ?? false });
    const now = this.deps.clock.wallMs();
    const pin: Pin = { region, reason: request.reason, actor: request.actor, at: now };
    const pinned = await this.guard(() => this.deps.store.setPin(pin, state.version, writer, now));
    await this.deps.store.putAudit({ id: this.newId(), kind: 'pin', at: now, actor: request.actor, term: state.fenceTerm, reason: request.reason, region, trigger: 'api' });
    if (plan === undefined) return { changed: true, traffic: pinned.traffic, pin };
    const flip = await this.guard(() => this.execute(plan, pinned, writer, 'api', request.actor, snapshot));
    return { changed: true, flip, traffic: flip.plan.to, pin };
  }

  /** DELETE /pin {reason}: automation resumes. */
  async unpin(request: OperatorRequest): Promise<OperatorResult> {
    const writer: Writer = { kind: 'operator', actor: request.actor };
    const state = await this.operatorState(writer);
    if (state.pin === undefined) return { changed: false, traffic: state.traffic };
    const now = this.deps.clock.wallMs();
    const next = await this.guard(() => this.deps.store.setPin(undefined, state.version, writer, now));
    await this.deps.store.putAudit({ id: this.newId(), kind: 'unpin', at: now, actor: request.actor, term: state.fenceTerm, reason: request.reason, region: state.pin.region, trigger: 'api' });
    return { changed: true, traffic: next.traffic };
  }

  /**
   * GET /signal/{region}: 200 while the shared decision routes traffic to the region, else 503. Reads
   * only the State table, so every region's API gives the same answer for every region.
   */
  async signalFor(region: string): Promise<SignalAnswer> {
    this.requireRegion(region);
    const state = await this.deps.store.load();
    const traffic = state?.traffic ?? initialTraffic(this.deps.config.policy);
    const serving = (traffic[region] ?? 0) > 0;
    return { region, serving, httpStatus: serving ? 200 : 503, version: state?.version ?? 0 };
  }

  /** GET /status. */
  async status(): Promise<StatusView> {
    const { config, clock } = this.deps;
    const state = await this.deps.store.load();
    const snapshot = await this.deps.verdicts.verdicts(this.regions);
    const traffic = state?.traffic ?? initialTraffic(config.policy);
    const flipTimes = state?.flipTimes ?? [];
    const now = clock.wallMs();
    const decision = decide({ verdicts: snapshot.verdicts, state: { traffic, flipTimes, ...(state?.pin ? { pin: state.pin } : {}) }, policy: config.policy, settings: config.failover, now });
    return {
      service: config.service,
      flipMode: config.dns.flipMode,
      policy: config.policy.mode,
      traffic,
      serving: servingRegions(traffic),
      version: state?.version ?? 0,
      fenceTerm: state?.fenceTerm ?? 0,
      ...(state?.pin ? { pin: state.pin } : {}),
      ...(state?.intent ? { pendingFlip: { id: state.intent.id, cause: state.intent.plan.cause, to: state.intent.plan.to, since: state.intent.createdAt } } : {}),
      ...(state?.lastFlip ? { lastFlip: state.lastFlip } : {}),
      verdicts: snapshot.verdicts,
      decision,
      flipsInWindow: flipTimes.filter((t) => now - t < config.failover.flapWindowSeconds * 1000).length,
    };
  }

  /** GET /history: audit entries, newest first. */
  history(options: { readonly limit?: number; readonly before?: string } = {}): Promise<HistoryPage> {
    return this.deps.store.history(options);
  }

  private async operatorFlip(request: OperatorRequest, planOf: (input: { verdicts: Verdicts; state: ControllerState; policy: FailoverConfig['policy'] }) => FlipPlan | undefined): Promise<OperatorResult> {
    const writer: Writer = { kind: 'operator', actor: request.actor };
    const state = await this.operatorState(writer);
    const snapshot = await this.deps.verdicts.verdicts(this.regions);
    const plan = planOf({ verdicts: snapshot.verdicts, state, policy: this.deps.config.policy });
    if (plan === undefined) return { changed: false, traffic: state.traffic, ...(state.pin ? { pin: state.pin } : {}) };
    const flip = await this.guard(() => this.execute(plan, state, writer, 'api', request.actor, snapshot));
    return { changed: true, flip, traffic: flip.plan.to };
  }

  private async operatorState(writer: Writer): Promise<ControllerState> {
    const state = await this.loadOrInit(writer);
    if (state.intent) throw new FlipInProgressError(state.intent.id);
    return state;
  }

  /** Operator writes that lose a race surface as actionable API errors. */
  private async guard<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (!(err instanceof StateConflictError)) throw err;
      if (err.code === 'intent-pending' && err.current?.intent) throw new FlipInProgressError(err.current.intent.id);
      throw new ConcurrentChangeError(`${err.message} (the state changed while handling the request; retry)`);
    }
  }

  private async loadOrInit(writer: Writer): Promise<ControllerState> {
    const state = await this.deps.store.load();
    return state ?? this.deps.store.initialize(initialTraffic(this.deps.config.policy), writer, this.deps.clock.wallMs());
  }

  private requireRegion(region: string): void {
    if (!this.regions.includes(region)) throw new UnknownRegionError(region, this.regions);
  }

  /** Phase 1, then the rest. */
  private async execute(plan: FlipPlan, state: ControllerState, writer: Writer, trigger: string, actor: string, snapshot: VerdictSnapshot, signal?: AbortSignal): Promise<CompletedFlip> {
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
  private async finish(intent: FlipIntent, state: ControllerState, writer: Writer, signal?: AbortSignal): Promise<CompletedFlip> {
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

  /** dns-update: re-apply the stored traffic if the records drifted (e.g. a deposed leader's late UPSERT). */
  private async reconcile(state: ControllerState, signal: AbortSignal): Promise<boolean> {
    if (this.deps.flipper.mode !== 'dns-update') return false;
    try {
      if (await this.deps.flipper.matches(state.traffic)) return false;
      await this.deps.flipper.apply(state.traffic, `reconcile-${state.version}`, signal);
      this.deps.log?.warn('DNS drifted from the controller state; re-applied', { traffic: state.traffic });
      return true;
    } catch (err) {
      this.deps.log?.warn('DNS reconciliation failed; will retry next tick', { error: (err as Error).message });
      return false;
    }
  }

  private recordSinceLastFlip(state: ControllerState): void {
    const last = state.flipTimes.length > 0 ? Math.max(...state.flipTimes) : state.lastFlip?.completedAt;
    if (last !== undefined) this.deps.metrics.timeSinceLastFlip((this.deps.clock.wallMs() - last) / 1000);
  }
}
