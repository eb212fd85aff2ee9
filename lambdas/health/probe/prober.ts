/** Probing one endpoint once. Implementations: lambdas/health/probe (HTTP, HTTPS, TCP). */
import type { HealthCheckSpec } from '../../config/schema';
import type { ProbeAttempt } from '../rules/types';

export interface Prober {
  /**
   * Probes `spec` once. Always settles within `spec.timeoutMs` (plus timer granularity), whatever the
   * server or network does; never rejects — every failure is a `ProbeAttempt` with `ok: false`.
   * Aborting `signal` ends the probe early with reason `error` ("aborted").
   */
  probe(spec: HealthCheckSpec, signal?: AbortSignal): Promise<ProbeAttempt>;
}
