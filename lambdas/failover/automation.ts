/**
 * One round of automation (`tick`): lead → claim the state for this term → deliver what earlier
 * commits still owe (outbox) → roll forward a pending intent (re-validated against the verdicts of
 * now), or read verdicts → decide → run the two-phase flip (flip-protocol.ts). A tick that holds
 * repairs the route table and, in dns-update mode on schedule, reconciles DNS with the state.
 * Lost races are outcomes, never exceptions.
 */
import { decide } from './rules';
import { StateConflictError, type ControllerState, type Writer } from './state-store';
import { FlipApplyError } from './errors';
import type { ControllerDeps, TickResult } from './controller-types';
import type { FlipProtocol } from './flip-protocol';
import { describeTerm, termOfWriter } from './term';

export class Automation {
  private claimedTerm = 0;

  constructor(
    private readonly deps: ControllerDeps,
    private readonly protocol: FlipProtocol,
  ) {}

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
    const writer: Writer = { kind: 'leader', term: lead.term, ...(lead.termNumber !== undefined ? { termNumber: lead.termNumber } : {}) };
    const by = `controller@${this.deps.region} (${describeTerm(termOfWriter(writer))})`;
    metrics.leaderTerm(lead.term);
    metrics.leaderPresent(true);
    try {
      let state = await this.protocol.loadOrInit(writer);
      if (state.fenceTerm > lead.term) return { outcome: 'fenced', detail: `term ${lead.term} < stored term ${state.fenceTerm}` };
      if (state.fenceTerm < lead.term || this.claimedTerm !== lead.term) {
        state = await store.claim(lead.term, clock.wallMs(), lead.termNumber);
        this.claimedTerm = lead.term;
      }
      await this.protocol.drainOutbox(state);
      if (state.intent) {
        // The intent may have waited minutes (Route 53 impaired, a crash): apply it only if it is still valid now.
        const snapshot = await this.deps.verdicts.verdicts(this.protocol.regions);
        this.protocol.events.verdictsObserved(snapshot, by, clock.wallMs());
        const rolled = await this.protocol.finish(state.intent, state, writer, { signal: lead.signal, verdicts: snapshot.verdicts });
        if (rolled.outcome === 'completed') return { outcome: 'rolled-forward', flip: rolled.flip };
        // Its apply may have reached DNS before the commit failed: put DNS back to the state.
        await this.reconcile(rolled.state, lead.signal);
        return { outcome: 'superseded', flipId: rolled.intent.id, detail: rolled.intent.detail };
      }
      const snapshot = await this.deps.verdicts.verdicts(this.protocol.regions);
      this.protocol.events.verdictsObserved(snapshot, by, clock.wallMs());
      const drill = await this.deps.tickHook?.duringTick({ state, snapshot, writer, signal: lead.signal, trigger });
      if (drill !== undefined) return drill;
      for (const [checker, ageMs] of Object.entries(snapshot.checkerAgesMs ?? {})) metrics.observationAge(checker, ageMs / 1000);
      const decision = decide({ verdicts: snapshot.verdicts, state, policy: this.deps.config.policy, settings: this.deps.config.failover, now: clock.wallMs() });
      this.recordSinceLastFlip(state);
      if (decision.kind === 'hold') {
        // Repairs a route table that is missing (first run) or behind (a publish that failed after its flip).
        const routingTable = await this.protocol.routeTableSync.sync({
          traffic: state.traffic,
          stateVersion: state.version,
          term: lead.term,
          by,
          reason: 'reconcile with the controller state',
        });
        const reconciled = trigger === 'schedule' ? await this.reconcile(state, lead.signal) : false;
        return { outcome: 'hold', decision, reconciled, routingTable };
      }
      lead.signal.throwIfAborted();
      const done = await this.protocol.execute(state, writer, { plan: decision.plan, trigger, actor: `controller@${this.deps.region}`, snapshot, signal: lead.signal });
      if (done.outcome === 'superseded') return { outcome: 'superseded', flipId: done.intent.id, detail: done.intent.detail };
      // From the newest observation that went into the verdict (the one that crossed quorum, when
      // the tick was triggered by it) to the committed flip; else the tick's own duration.
      const since = snapshot.newestObservationAt;
      metrics.decisionLatency(since !== undefined ? Math.max(0, done.flip.completedAt - since) : clock.monotonicMs() - started);
      return { outcome: 'flipped', flip: done.flip };
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
      // After the commit: the history's writes never delay a decision, only the tick's return.
      await this.protocol.events.flush();
    }
  }

  /**
   * dns-update: re-apply the stored traffic if the records drifted (e.g. a deposed leader's late
   * UPSERT). Right before applying, the state is read again: if its version moved or an intent is
   * pending (an operator flip landed meanwhile, its UPSERT included), this tick's view is outdated
   * and applying it would undo that flip — skip; the next tick reconciles from fresh state.
   */
  private async reconcile(state: ControllerState, signal: AbortSignal): Promise<boolean> {
    if (this.deps.flipper.mode !== 'dns-update') return false;
    try {
      if (await this.deps.flipper.matches(state.traffic)) return false;
      const fresh = await this.deps.store.load();
      if (fresh === undefined || fresh.version !== state.version || fresh.intent !== undefined) {
        this.deps.log?.info('DNS reconcile skipped: the state changed since this tick read it', { readVersion: state.version, nowVersion: fresh?.version, pending: fresh?.intent?.id });
        return false;
      }
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
