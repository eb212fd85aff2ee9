/**
 * The drill runner: executes practice failovers (rules/drill.ts) as real, audited flips with
 * causes `drill` and `drill-return`, through the controller's fenced two-phase flip protocol.
 *
 *  - `start` (the API): pre-checks, writes the drill down with its out-leg, flips, answers;
 *  - `abort` (the API): notes the operator's abort and returns traffic now;
 *  - `duringTick` (the leader's tick, via the failover TickHook port): while a drill runs it owns
 *    the tick — watches the target, returns at the end or early, finishes a leg someone else
 *    started (a crashed API, a deposed leader) — so automation cannot fail back over a drill.
 *
 * A leg never flips twice: its flip id and the controller state version it must be recorded
 * against are written into the drill record before the intent is recorded, and the store accepts
 * an intent only at that version. Whoever continues the drill first looks for the leg's intent
 * (pending, committed, audited) and records it only if the state is still at that version.
 */
import { randomBytes } from 'node:crypto';
import {
  FlipApplyError,
  StateConflictError,
  type CompletedFlip,
  type ControllerDeps,
  type ControllerState,
  type FlipProtocol,
  type TickHook,
  type TickHookContext,
  type TickResult,
  type Writer,
} from '../failover';
import type { VerdictSnapshot } from '../health';
import { SIGNAL_CHECK_DEFAULTS, type SignalCheckSettings } from '../platform/dns-setup';
import { advanceDrill, newDrill, type DrillInput, type DrillPlan, type DrillSettings, type DrillWorld, type FlipTiming } from './rules/drill';
import type { FlipMode } from './rules/events';
import { buildDrillReport, type DrillReport } from './rules/drill-report';
import { DrillConflictError, isRunning, type DrillLeg, type DrillRecord, type DrillStore } from './drill-store';
import type { HistoryRecorder } from './recorder';

export interface DrillRunnerDeps {
  readonly drills: DrillStore;
  /** The controller's parts a drill reads: state, verdicts, clock, config. */
  readonly controller: Pick<ControllerDeps, 'store' | 'verdicts' | 'clock' | 'config' | 'region' | 'log'>;
  /** The fenced two-phase flip (the same protocol automation and operators use). */
  readonly protocol: FlipProtocol;
  /** Drill steps go to the Events table too (flushed after each change). */
  readonly recorder: Pick<HistoryRecorder, 'drillStep' | 'flush'>;
  readonly signalCheck?: SignalCheckSettings;
  readonly settings?: DrillSettings;
  /** @default `drill-<UTC time>-<random>` */
  readonly newId?: () => string;
}

export interface DrillRequest {
  readonly target: string;
  readonly durationMs: number;
  readonly reason: string;
  readonly actor: string;
}

/** A drill the pre-checks refused (its report says which check and why), or one that started. */
export type StartResult = { readonly started: false; readonly report: DrillReport } | { readonly started: true; readonly report: DrillReport };

/** A request that names no drill, or one that cannot be changed any more. */
export class DrillRequestError extends Error {
  override readonly name = 'DrillRequestError';
  constructor(
    readonly kind: 'not-found' | 'conflict',
    message: string,
  ) {
    super(message);
  }
}

/** What happened to a leg's flip when the runner looked. */
type LegOutcome =
  | { readonly kind: 'pending' }
  /** `executed`: this runner made the flip just now. */
  | { readonly kind: 'completed'; readonly flip: Required<Omit<FlipTiming, 'appliedAt'>> & { readonly appliedAt?: number }; readonly executed?: CompletedFlip }
  | { readonly kind: 'failed'; readonly error: string };

function defaultDrillId(now: number): string {
  return `drill-${new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

export class DrillRunner implements TickHook {
  constructor(private readonly deps: DrillRunnerDeps) {}

  private get clock() {
    return this.deps.controller.clock;
  }

  private get mode(): FlipMode {
    return this.deps.controller.config.dns.flipMode;
  }

  /** POST /drills: pre-checks, then the out-leg. Refused drills are stored and reported too. */
  async start(request: DrillRequest): Promise<StartResult> {
    const writer: Writer = { kind: 'operator', actor: request.actor };
    const running = await this.deps.drills.latest();
    if (running !== undefined && isRunning(running))
      throw new DrillRequestError('conflict', `drill ${running.id} is running (${running.drill.phase}); abort it (POST /drills/${running.id}/abort) or wait until it has finished`);
    const state = await this.deps.protocol.loadOrInit(writer);
    const snapshot = await this.deps.controller.verdicts.verdicts(this.deps.protocol.regions);
    const now = this.clock.wallMs();
    const plan: DrillPlan = {
      id: (this.deps.newId ?? defaultDrillId)(now),
      target: request.target,
      home: state.traffic,
      durationMs: request.durationMs,
      reason: request.reason,
      actor: request.actor,
      requestedAt: now,
    };
    const created = newDrill(plan);
    const checked = advanceDrill(created.state, { kind: 'tick', world: this.world(state, snapshot, now) }, this.deps.settings);
    const steps = [...created.steps, ...checked.steps];
    const to = checked.decision?.action === 'flip-out' ? checked.decision.to : undefined;
    const leg: DrillLeg | undefined = to && { name: 'out', flipId: `${plan.id}.out`, baseVersion: state.version, from: state.traffic, to, decidedAt: now, reason: checked.decision?.reason ?? '' };
    let record: DrillRecord = { id: plan.id, drill: checked.state, steps, ...(leg ? { leg } : {}), version: 1, updatedAt: now };
    try {
      await this.deps.drills.create(record);
    } catch (err) {
      if (err instanceof DrillConflictError) throw new DrillRequestError('conflict', err.message);
      throw err;
    }
    await this.recordSteps(steps);
    if (leg === undefined) return { started: false, report: this.reportOf(record) };
    ({ record } = await this.run(record, state, snapshot, writer));
    return { started: true, report: this.reportOf(record) };
  }

  /** POST /drills/{id}/abort: traffic returns home now (or as soon as a leg in flight completed). */
  async abort(id: string, request: { readonly actor: string; readonly reason: string }): Promise<DrillReport> {
    const latest = await this.deps.drills.latest();
    if (latest?.id !== id) {
      if ((await this.deps.drills.get(id)) === undefined) throw new DrillRequestError('not-found', `no drill ${id}`);
      throw new DrillRequestError('conflict', `drill ${id} has finished; nothing to abort`);
    }
    if (!isRunning(latest)) throw new DrillRequestError('conflict', `drill ${id} has finished (${latest.drill.outcome ?? 'done'}); nothing to abort`);
    let record = latest;
    if (record.abort === undefined) {
      record = { ...record, abort: { actor: request.actor, reason: request.reason, at: this.clock.wallMs() } };
      record = await this.save(record, latest.version);
    }
    const writer: Writer = { kind: 'operator', actor: request.actor };
    const state = await this.deps.protocol.loadOrInit(writer);
    if (state.intent === undefined) {
      const snapshot = await this.deps.controller.verdicts.verdicts(this.deps.protocol.regions);
      ({ record } = await this.run(record, state, snapshot, writer));
    }
    return this.reportOf(record);
  }

  /** GET /drills/{id}: from the drill record when it is still kept; undefined when unknown here. */
  async report(id: string): Promise<DrillReport | undefined> {
    const record = await this.deps.drills.get(id);
    return record && this.reportOf(record);
  }

  /** The leader's tick: a running drill owns it (automation does not decide); else undefined. */
  async duringTick(context: TickHookContext): Promise<TickResult | undefined> {
    let record: DrillRecord | undefined;
    try {
      record = await this.deps.drills.latest();
    } catch (err) {
      // Drills never stand in the way of a failover: without the record, automation decides.
      this.deps.controller.log?.warn('drill record unreadable; automation decides this tick', { error: (err as Error).message });
      return undefined;
    }
    if (record === undefined || !isRunning(record)) return undefined;
    const { record: after, flip } = await this.run(record, context.state, context.snapshot, context.writer, context.signal);
    // A drill that ended without flipping hands this very tick back to automation (e.g. home went DOWN).
    if (!isRunning(after) && flip === undefined) return undefined;
    const last = after.steps[after.steps.length - 1];
    return { outcome: 'drill', drillId: after.id, detail: `${after.drill.outcome ?? after.drill.phase}${last ? `: ${last.detail}` : ''}`, ...(flip ? { flip } : {}) };
  }

  /** Advances the drill as far as it goes now: settles a leg in flight, then watches. */
  private async run(start: DrillRecord, state: ControllerState, snapshot: VerdictSnapshot, writer: Writer, signal?: AbortSignal): Promise<{ record: DrillRecord; flip?: CompletedFlip }> {
    let record = start;
    let current = state;
    let flip: CompletedFlip | undefined;
    const result = () => ({ record, ...(flip ? { flip } : {}) });
    // At most: settle the out-leg, watch (→ return), settle the back-leg.
    for (let round = 0; round < 4 && isRunning(record); round += 1) {
      const { phase } = record.drill;
      if ((phase === 'moving-out' || phase === 'returning') && record.leg) {
        const outcome = await this.settleLeg(record.leg, record.drill.phase === 'moving-out' ? 'drill' : 'drill-return', record.id, current, snapshot, writer, signal);
        if (outcome.kind === 'pending') return result();
        if (outcome.kind === 'completed' && outcome.executed) flip = outcome.executed;
        const input: DrillInput = outcome.kind === 'completed' ? { kind: 'flip-completed', flip: outcome.flip } : { kind: 'flip-failed', at: this.clock.wallMs(), error: outcome.error };
        const next = await this.advance(record, input);
        if (next === undefined) return result();
        record = next;
        current = (await this.deps.controller.store.load()) ?? current;
        continue;
      }
      if (phase !== 'watching' || current.intent !== undefined) return result();
      const now = this.clock.wallMs();
      const transition = advanceDrill(record.drill, { kind: 'tick', world: this.world(current, snapshot, now, record) }, this.deps.settings);
      if (transition.steps.length === 0) return result();
      const to = transition.decision?.action === 'return' ? transition.decision.to : undefined;
      const leg: DrillLeg | undefined = to && {
        name: 'back',
        flipId: `${record.id}.back`,
        baseVersion: current.version,
        from: current.traffic,
        to,
        decidedAt: now,
        reason: transition.decision?.reason ?? '',
      };
      const next = await this.commitTransition(record, transition.state, transition.steps, leg);
      if (next === undefined) return result();
      record = next;
    }
    return result();
  }

  /** Feeds a flip's outcome to the drill and stores the result (undefined: another runner got there first). */
  private async advance(record: DrillRecord, input: DrillInput): Promise<DrillRecord | undefined> {
    const transition = advanceDrill(record.drill, input, this.deps.settings);
    return this.commitTransition(record, transition.state, transition.steps, record.leg);
  }

  private async commitTransition(record: DrillRecord, drill: DrillRecord['drill'], steps: DrillRecord['steps'], leg: DrillLeg | undefined): Promise<DrillRecord | undefined> {
    const next: DrillRecord = { ...record, drill, steps: [...record.steps, ...steps], ...(leg ? { leg } : {}) };
    try {
      const saved = await this.save(next, record.version);
      await this.recordSteps(steps);
      return saved;
    } catch (err) {
      if (!(err instanceof DrillConflictError)) throw err;
      this.deps.controller.log?.info('drill advanced by another runner meanwhile', { drillId: record.id });
      return undefined;
    }
  }

  private async save(record: DrillRecord, expectedVersion: number): Promise<DrillRecord> {
    const saved: DrillRecord = { ...record, version: expectedVersion + 1, updatedAt: this.clock.wallMs() };
    await this.deps.drills.update(saved, expectedVersion);
    return saved;
  }

  /**
   * What became of a leg's flip — and, if it was never recorded and the controller state is still
   * at the leg's base version, records it now (the version condition makes that happen at most once).
   */
  private async settleLeg(
    leg: DrillLeg,
    cause: 'drill' | 'drill-return',
    drillId: string,
    state: ControllerState,
    snapshot: VerdictSnapshot,
    writer: Writer,
    signal?: AbortSignal,
  ): Promise<LegOutcome> {
    const known = await this.findLeg(leg, state);
    if (known !== undefined) return known;
    if (state.version !== leg.baseVersion || state.intent !== undefined) {
      return {
        kind: 'failed',
        error: `the controller state changed (version ${leg.baseVersion} → ${state.version}) before the drill's flip ${leg.flipId} was recorded; nothing was flipped for this leg`,
      };
    }
    try {
      const done = await this.deps.protocol.execute(state, writer, {
        plan: { cause, from: state.traffic, to: leg.to, reason: leg.reason, drillId },
        trigger: 'drill',
        actor: writer.kind === 'operator' ? writer.actor : `drill-runner@${this.deps.controller.region} (term ${writer.term})`,
        snapshot,
        intentId: leg.flipId,
        ...(signal ? { signal } : {}),
      });
      if (done.outcome === 'superseded') return { kind: 'failed', error: `flip ${leg.flipId} was superseded before it was applied: ${done.intent.detail}` };
      const { intentAt, appliedAt, completedAt } = done.flip;
      return { kind: 'completed', flip: { flipId: leg.flipId, intentAt, ...(appliedAt !== undefined ? { appliedAt } : {}), completedAt, mode: done.flip.applied.mode }, executed: done.flip };
    } catch (err) {
      // Recorded but not applied (Route 53 impaired): the leader's tick rolls the intent forward.
      if (err instanceof FlipApplyError) return { kind: 'pending' };
      if (!(err instanceof StateConflictError)) throw err;
      // A newer leader exists: it continues the drill.
      if (err.code === 'fenced') return { kind: 'pending' };
      const now = await this.deps.controller.store.load();
      return (now && (await this.findLeg(leg, now))) ?? { kind: 'failed', error: `another change came first: ${err.message}; nothing was flipped for this leg` };
    }
  }

  /** The leg's flip as the controller state or the audit trail knows it; undefined when it was never recorded. */
  private async findLeg(leg: DrillLeg, state: ControllerState): Promise<LegOutcome | undefined> {
    if (state.intent?.id === leg.flipId) return { kind: 'pending' };
    const completed = (intentAt: number, completedAt: number, appliedAt?: number): LegOutcome => ({
      kind: 'completed',
      flip: { flipId: leg.flipId, intentAt, ...(appliedAt !== undefined ? { appliedAt } : {}), completedAt, mode: this.mode },
    });
    if (state.lastIntent?.id === leg.flipId) {
      if (state.lastIntent.outcome === 'superseded') return { kind: 'failed', error: `flip ${leg.flipId} was superseded before it was applied: ${state.lastIntent.detail ?? 'no longer valid'}` };
      const timings = state.outbox[leg.flipId]?.audit.timings;
      return completed(timings?.intentAt ?? leg.decidedAt, state.lastFlip?.id === leg.flipId ? state.lastFlip.completedAt : state.lastIntent.at, timings?.appliedAt);
    }
    if (state.lastFlip?.id === leg.flipId) return completed(leg.decidedAt, state.lastFlip.completedAt);
    if (state.version === leg.baseVersion) return undefined;
    // Committed, then overtaken by later writes: the audit trail has it (or its outbox entry still does).
    const owed = state.outbox[leg.flipId]?.audit;
    const audit = owed ?? (await this.deps.controller.store.history({ limit: 50 })).entries.find((e) => e.id === leg.flipId);
    if (audit === undefined) return undefined;
    if (audit.outcome === 'superseded') return { kind: 'failed', error: `flip ${leg.flipId} was superseded before it was applied: ${audit.detail ?? 'no longer valid'}` };
    return completed(audit.timings?.intentAt ?? audit.at, audit.timings?.completedAt ?? audit.at, audit.timings?.appliedAt);
  }

  private world(state: ControllerState, snapshot: VerdictSnapshot, now: number, record?: DrillRecord): DrillWorld {
    return {
      now,
      regions: this.deps.protocol.regions,
      verdicts: snapshot.verdicts,
      traffic: state.traffic,
      ...(state.intent ? { pendingIntent: { id: state.intent.id } } : {}),
      ...(state.pin ? { pin: { region: state.pin.region } } : {}),
      ...(record?.abort ? { abort: { actor: record.abort.actor, reason: record.abort.reason } } : {}),
    };
  }

  private async recordSteps(steps: DrillRecord['steps']): Promise<void> {
    for (const step of steps) this.deps.recorder.drillStep(step);
    await this.deps.recorder.flush();
  }

  reportOf(record: DrillRecord): DrillReport {
    const report = buildDrillReport(
      record.steps.map((s) => ({ kind: 'drill-step' as const, ...s })),
      this.deps.signalCheck ?? SIGNAL_CHECK_DEFAULTS,
    );
    // A record always starts with its `requested` step.
    if (report === undefined) throw new Error(`drill ${record.id} has no requested step`);
    return report;
  }
}
