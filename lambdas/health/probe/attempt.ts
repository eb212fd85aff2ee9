/**
 * The settle-once envelope shared by the probers: a hard deadline timer that resolves the probe
 * itself (it does not wait for the socket to notice), releases the socket on every outcome, and
 * applies the latency limit to answers that were otherwise good.
 */
import type { HealthCheckSpec } from '../../config/schema';
import type { ProbeAttempt } from '../rules/types';
import type { Clock } from '../../platform/clock';

export type Outcome = Omit<ProbeAttempt, 'latencyMs'>;

export interface AttemptControl {
  /** Settles the probe (first call wins) and releases resources. */
  finish(outcome: Outcome): void;
  /** Registers what to destroy when the probe settles (sockets, requests). */
  onSettle(release: () => void): void;
}

/** Judges a good answer against `latencyLimitMs`: a slow success is a gray failure. */
function applyLatencyLimit(outcome: Outcome, latencyMs: number, spec: HealthCheckSpec): Outcome {
  if (!outcome.ok || spec.latencyLimitMs === undefined || latencyMs <= spec.latencyLimitMs) return outcome;
  return { ...outcome, ok: false, reason: 'too-slow', detail: `answered in ${Math.round(latencyMs)} ms, limit ${spec.latencyLimitMs} ms (${outcome.detail})` };
}

export function runAttempt(spec: HealthCheckSpec, clock: Pick<Clock, 'monotonicMs'>, signal: AbortSignal | undefined, start: (control: AttemptControl) => void): Promise<ProbeAttempt> {
  const startedAt = clock.monotonicMs();
  return new Promise((resolve) => {
    const releases: (() => void)[] = [];
    let settled = false;
    const finish = (outcome: Outcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      for (const release of releases) release();
      const latencyMs = clock.monotonicMs() - startedAt;
      resolve({ ...applyLatencyLimit(outcome, latencyMs, spec), latencyMs });
    };
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout', detail: `no answer within ${spec.timeoutMs} ms` }), spec.timeoutMs);
    const onAbort = (): void => finish({ ok: false, reason: 'error', detail: 'aborted' });
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      start({
        finish,
        onSettle(release) {
          if (settled) release();
          else releases.push(release);
        },
      });
    } catch (err) {
      finish({ ok: false, reason: 'error', detail: err instanceof Error ? err.message : String(err) });
    }
  });
}
