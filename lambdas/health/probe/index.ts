/** The prober used by the checker: HTTP, HTTPS or TCP by the check's protocol. */
import type { LookupFunction } from 'node:net';
import type { HealthCheckSpec } from '../../config/schema';
import type { ProbeAttempt } from '../rules/types';
import { systemClock, type Clock } from '../../platform/clock';
import type { Prober } from './prober';
import { probeHttp } from './http';
import { probeTcp } from './tcp';

export interface ProberOptions {
  /** Measures latency. @default systemClock */
  readonly clock?: Pick<Clock, 'monotonicMs'>;
  /** Trusted CA certificates (PEM) for HTTPS; replaces the default trust store. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** DNS lookup. @default the system resolver */
  readonly lookup?: LookupFunction;
}

export function createProber(options: ProberOptions = {}): Prober {
  const resolved = { ...options, clock: options.clock ?? systemClock };
  return {
    probe(spec: HealthCheckSpec, signal?: AbortSignal): Promise<ProbeAttempt> {
      return spec.protocol === 'TCP' ? probeTcp(spec, resolved, signal) : probeHttp(spec, resolved, signal);
    },
  };
}

export { classifyError } from './classify';
export { probeHeaders, DEFAULT_USER_AGENT } from './http';
