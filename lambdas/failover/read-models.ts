/**
 * Read models any region's API answers identically from the shared state: the health signal
 * Route 53 probes, the status view (traffic, verdicts, what automation would do now) and the
 * audit history. They never write.
 */
import { decide, initialTraffic, servingRegions } from './rules';
import { auditSortKey, type AuditEntry, type HistoryPage } from './state-store';
import type { ControllerDeps, SignalAnswer, StatusView } from './controller-types';
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

  /** GET /status. */
  async status(): Promise<StatusView> {
    const { config, clock } = this.deps;
    const state = await this.deps.store.load();
    const snapshot = await this.deps.verdicts.verdicts(this.protocol.regions);
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
