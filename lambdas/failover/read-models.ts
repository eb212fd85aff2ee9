/**
 * Read models any region's API answers identically from the shared state: the health signal
 * Route 53 probes, the status view (traffic, verdicts, what automation would do now) and the
 * audit history. They never write.
 */
import { decide, initialTraffic, servingRegions } from './rules';
import type { HistoryPage } from './state-store';
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

  /** GET /history: audit entries, newest first. */
  history(options: { readonly limit?: number; readonly before?: string } = {}): Promise<HistoryPage> {
    return this.deps.store.history(options);
  }
}
