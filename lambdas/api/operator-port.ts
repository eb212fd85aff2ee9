/**
 * Operator actions over the controller service. A refusal because a region is not UP says, per
 * region, what it is and how long until it could be (`details.regions`, see readiness.ts); a
 * failback that cannot reach the policy's preference because the preferred region is not UP yet is
 * such a refusal too (409), never a quiet "nothing changed".
 */
import { initialTraffic, policyRegions, sameTraffic, servingRegions, type PolicyConfig, type TrafficSplit } from '../failover';
import { translateControllerErrors, type ControllerApi } from './adapters';
import { ServiceRejection } from './errors';
import type { OperatorPort } from './ports';
import { describeReadiness, type ReadinessReader } from './readiness';
import type { NotReadyDetailsBody, OperatorResultBody } from './schemas';

export interface OperatorPortDeps {
  readonly controller: Pick<ControllerApi, 'failover' | 'failback' | 'pin' | 'unpin' | 'status'>;
  readonly readiness: Pick<ReadinessReader, 'regions'>;
  readonly policy: PolicyConfig;
}

type OperatorOutcome = Awaited<ReturnType<ControllerApi['failover']>>;

function answer(result: OperatorOutcome, changedText: string, unchangedText: string): OperatorResultBody {
  return { accepted: result.changed, message: result.changed ? changedText : unchangedText, active: servingRegions(result.traffic) };
}

export class ControllerOperatorPort implements OperatorPort {
  constructor(private readonly deps: OperatorPortDeps) {}

  failover(r: { to: string; reason: string; actor: string; force: boolean }): Promise<OperatorResultBody> {
    return this.guard(async () =>
      answer(await this.deps.controller.failover(r.to, { reason: r.reason, actor: r.actor, force: r.force }), `traffic moved to ${r.to}`, `${r.to} already takes the traffic; nothing to do`),
    );
  }

  failback(r: { reason: string; actor: string; force: boolean }): Promise<OperatorResultBody> {
    return this.guard(async () => {
      const result = await this.deps.controller.failback({ reason: r.reason, actor: r.actor, force: r.force });
      if (!result.changed) await this.requirePreferred(result.traffic);
      return answer(
        result,
        `traffic returned to ${servingRegions(result.traffic).join(', ')}`,
        `traffic is already on ${servingRegions(result.traffic).join(', ')}, where the policy prefers it; nothing to do`,
      );
    });
  }

  pin(r: { region: string; reason: string; actor: string; force: boolean }): Promise<OperatorResultBody> {
    return this.guard(async () => answer(await this.deps.controller.pin(r.region, { reason: r.reason, actor: r.actor, force: r.force }), `pinned to ${r.region}`, `pinned to ${r.region}`));
  }

  unpin(r: { reason: string; actor: string }): Promise<OperatorResultBody> {
    return this.guard(async () => answer(await this.deps.controller.unpin({ reason: r.reason, actor: r.actor }), 'unpinned; automatic failover resumes', 'nothing was pinned'));
  }

  /**
   * A failback that changed nothing although traffic is not where the policy prefers it: the
   * preferred region(s) are not UP, which the operator must hear (409) with when they could be.
   */
  private async requirePreferred(traffic: TrafficSplit): Promise<void> {
    const preferred = initialTraffic(this.deps.policy);
    if (sameTraffic(traffic, preferred)) return;
    const serving = servingRegions(traffic);
    const details = await this.readiness('not-ready', serving);
    const waiting = details.regions.filter((r) => (preferred[r.region] ?? 0) > 0 && r.verdict !== 'UP');
    throw new ServiceRejection(
      'conflict',
      `refused failback: ${waiting.map((r) => `${r.region} is ${r.detail}`).join('; ')}; traffic stays on ${serving.join(', ')} (pass force to move it anyway)`,
      details,
    );
  }

  private async readiness(problem: NotReadyDetailsBody['problem'], serving?: readonly string[]): Promise<NotReadyDetailsBody> {
    const regions = policyRegions(this.deps.policy);
    const now = serving ?? (await this.deps.controller.status()).serving;
    return { problem, regions: await this.deps.readiness.regions(regions, now) };
  }

  /** Controller refusals become 409/404; one about readiness carries every region's readiness. */
  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await translateControllerErrors(call);
    } catch (err) {
      if (!(err instanceof ServiceRejection)) throw err;
      const known = (err.details ?? {}) as { problem?: unknown; regions?: unknown };
      const problem = known.problem;
      if ((problem !== 'not-ready' && problem !== 'no-healthy-target') || known.regions !== undefined) throw err;
      const details = await this.readiness(problem);
      throw new ServiceRejection(err.kind, `${err.message}. Regions: ${describeReadiness(details.regions)}`, details);
    }
  }
}
