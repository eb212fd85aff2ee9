/** A prober whose answers a test scripts per target; latency passes on the injected clock. */
import type { HealthCheckSpec } from '../../../../lambdas/config/schema';
import type { ProbeAttempt } from '../../../../lambdas/health/rules/types';
import type { Clock } from '../../../../lambdas/platform/clock';
import type { Prober } from '../../../../lambdas/health/probe/prober';

export type Script = (host: string, call: number, now: number) => { ok: boolean; latencyMs?: number };

export class ScriptedProber implements Prober {
  readonly calls: { host: string; at: number }[] = [];
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly script: Script,
  ) {}

  async probe(spec: HealthCheckSpec): Promise<ProbeAttempt> {
    const call = this.counts.get(spec.host) ?? 0;
    this.counts.set(spec.host, call + 1);
    this.calls.push({ host: spec.host, at: this.clock.monotonicMs() });
    const { ok, latencyMs = 20 } = this.script(spec.host, call, this.clock.monotonicMs());
    const spent = Math.min(latencyMs, spec.timeoutMs);
    await this.clock.sleep(spent);
    return ok ? { ok, latencyMs: spent, detail: 'status 200', status: 200 } : { ok, latencyMs: spent, reason: latencyMs >= spec.timeoutMs ? 'timeout' : 'refused', detail: 'scripted failure' };
  }
}
