/**
 * Read models any region's API answers identically from the shared state: the health signal
 * Route 53 probes, the status view (traffic, verdicts, what automation would do now) and the
 * audit history. They never write.
 */
import { checkIntentStillValid, decide, initialTraffic, servingRegions, type Decision, type Verdicts } from './rules';
import { auditSortKey, type AuditEntry, type HistoryPage } from './state-store';
import type { AutomationView, ControllerDeps, PendingFlipView, SignalAnswer, StatusView } from './controller-types';
import type { ControllerState } from './state-store';
import type { FlipProtocol } from './flip-protocol';

export class ReadModels {
  constructor(
    private readonly deps: ControllerDeps,
    private readonly protocol: FlipProtocol,
  ) {}

  /**
   * GET /signal/{region}: 200 while the shared decision routes traffic to the region, else 503. Reads
   * only the State table, so every region's API gives the same answer for every region.
   */
  async signalFor(region: string): Promise<SignalAnswer> {
    this.protocol.requireRegion(region);
    const state = await this.deps.store.load();
    const traffic = state?.traffic ?? initialTraffic(this.deps.config.policy);
    const serving = (traffic[region] ?? 0) > 0;
    return { region, serving, httpStatus: serving ? 200 : 503, version: state?.version ?? 0 };
  }

  /**
   * GET /status: traffic and verdicts, and what automation would do now and why — every hold
   * explained with its numbers (hold-down seconds left, flap damping until when, failback dwell
   * remaining, pinned by whom, fail-static and its verdicts), a pending intent with its age and
   * last apply error, the fence term, the flap budget, and per region how many checkers are
   * counting toward DOWN or UP.
   */
  async status(): Promise<StatusView> {
    const { config, clock } = this.deps;
    const state = await this.deps.store.load();
    const snapshot = await this.deps.verdicts.verdicts(this.protocol.regions);
    const traffic = state?.traffic ?? initialTraffic(config.policy);
    const flipTimes = state?.flipTimes ?? [];
    const now = clock.wallMs();
    const decision = decide({ verdicts: snapshot.verdicts, state: { traffic, flipTimes, ...(state?.pin ? { pin: state.pin } : {}) }, policy: config.policy, settings: config.failover, now });
    const flips = flipTimes.filter((t) => now - t < config.failover.flapWindowSeconds * 1000).length;
    return {
      service: config.service,
      flipMode: config.dns.flipMode,
      policy: config.policy.mode,
      traffic,
      serving: servingRegions(traffic),
      version: state?.version ?? 0,
      fenceTerm: state?.fenceTerm ?? 0,
      ...(state?.fenceTermNumber !== undefined ? { fenceTermNumber: state.fenceTermNumber } : {}),
      ...(state?.pin ? { pin: state.pin } : {}),
      ...(state?.intent ? { pendingFlip: pendingView(state.intent, now) } : {}),
      ...(state?.lastFlip ? { lastFlip: state.lastFlip } : {}),
      verdicts: snapshot.verdicts,
      decision,
      automation: automationView(state, decision, snapshot.verdicts),
      flipsInWindow: flips,
      flapWindow: { flips, max: config.failover.maxFlipsPerWindow, windowSeconds: config.failover.flapWindowSeconds },
      progress: snapshot.progress ?? {},
    };
  }

  /**
   * GET /history: audit entries, newest first. The first page also shows committed changes whose
   * entry is still in the outbox (its writer has not copied it to the Audit table yet, or died
   * first): every state change is in the history from the moment it is committed.
   */
  async history(options: { readonly limit?: number; readonly before?: string } = {}): Promise<HistoryPage> {
    const page = await this.deps.store.history(options);
    if (options.before !== undefined) return page;
    const owed = Object.values((await this.deps.store.load())?.outbox ?? {}).map((e) => e.audit);
    const stored = new Set(page.entries.map((e) => e.id));
    const missing = owed.filter((e) => !stored.has(e.id));
    if (missing.length === 0) return page;
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
    const merged: AuditEntry[] = [...page.entries, ...missing].sort((a, b) => (auditSortKey(a) < auditSortKey(b) ? 1 : -1));
    if (merged.length <= limit) return { entries: merged, ...(page.next ? { next: page.next } : {}) };
    const kept = merged.slice(0, limit);
    return { entries: kept, next: auditSortKey(kept[kept.length - 1]!) };
  }
}

function pendingView(intent: NonNullable<ControllerState['intent']>, now: number): PendingFlipView {
  return {
    id: intent.id,
    cause: intent.plan.cause,
    to: intent.plan.to,
    actor: intent.actor,
    since: intent.createdAt,
    ageSeconds: Math.max(0, Math.round((now - intent.createdAt) / 1000)),
    ...(intent.lastError ? { lastError: intent.lastError } : {}),
  };
}

/** A pending intent comes first: the next leader tick rolls it forward, or supersedes it if it is no longer valid. */
function automationView(state: ControllerState | undefined, decision: Decision, verdicts: Verdicts): AutomationView {
  const intent = state?.intent;
  if (intent === undefined || state === undefined) return { action: 'decide', decision };
  const violation = checkIntentStillValid(state.traffic, intent.plan, verdicts, intent.force ?? false);
  if (violation)
    return { action: 'supersede', intentId: intent.id, detail: `pending ${intent.plan.cause} ${intent.id} is no longer valid (${violation.detail}); the next leader tick records it as superseded` };
  const error = intent.lastError ? `; last apply failed ${intent.lastError.attempts} time(s): ${intent.lastError.message}` : '';
  return { action: 'roll-forward', intentId: intent.id, detail: `pending ${intent.plan.cause} ${intent.id} by ${intent.actor} is still valid; the next leader tick applies it${error}` };
}
