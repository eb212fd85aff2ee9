/**
 * Controller metrics: flips, decision latency, time since the last flip, leader term. Names come
 * from lib/constructs/metric-names.ts, the list the dashboard and alarms read. Production:
 * Powertools Metrics (EMF); tests, local mode and the benchmark: RecordingMetrics.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRIC, METRICS_NAMESPACE } from '../../lib/constructs/metric-names';
import type { FlipCause } from '../core/failover/types';

export interface ControllerMetrics {
  flip(cause: FlipCause): void;
  /** Quorum-confirming observation written → flip committed (ms). */
  decisionLatency(ms: number): void;
  timeSinceLastFlip(seconds: number): void;
  leaderTerm(term: number): void;
  /** Sends what was recorded (EMF: one log line). */
  flush(): void;
}

export const TIME_SINCE_LAST_FLIP = 'TimeSinceLastFlipSeconds';

export function powertoolsMetrics(service: string, namespace = METRICS_NAMESPACE): ControllerMetrics {
  const metrics = new Metrics({ namespace, serviceName: service });
  let pending = 0;
  const add = (name: string, unit: (typeof MetricUnit)[keyof typeof MetricUnit], value: number): void => {
    pending += 1;
    metrics.addMetric(name, unit, value);
  };
  return {
    flip: () => add(METRIC.flips.name, MetricUnit.Count, 1),
    decisionLatency: (ms) => add(METRIC.decisionLatency.name, MetricUnit.Milliseconds, ms),
    timeSinceLastFlip: (s) => add(TIME_SINCE_LAST_FLIP, MetricUnit.Seconds, s),
    leaderTerm: (term) => add(METRIC.leaderTerm.name, MetricUnit.Count, term),
    // A run that recorded nothing (not the leader) publishes nothing instead of an empty EMF blob.
    flush: () => {
      if (pending === 0) return;
      pending = 0;
      metrics.publishStoredMetrics();
    },
  };
}

/** Keeps every value in memory; for tests, local mode and the benchmark. */
export class RecordingMetrics implements ControllerMetrics {
  readonly flips: FlipCause[] = [];
  readonly latencies: number[] = [];
  readonly sinceLastFlip: number[] = [];
  readonly terms: number[] = [];
  flip(cause: FlipCause): void {
    this.flips.push(cause);
  }
  decisionLatency(ms: number): void {
    this.latencies.push(ms);
  }
  timeSinceLastFlip(seconds: number): void {
    this.sinceLastFlip.push(seconds);
  }
  leaderTerm(term: number): void {
    this.terms.push(term);
  }
  flush(): void {}
}
