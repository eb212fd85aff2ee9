/**
 * Controller metrics: flips, decision latency, time since the last flip, leader term. Names come
 * from lib/constructs/metric-names.ts, the list the dashboard and alarms read. Production:
 * Powertools Metrics (EMF); tests, local mode and the benchmark: RecordingMetrics.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DIMENSION, METRIC, METRICS_NAMESPACE } from '../platform/metric-names';
import type { FlipCause } from './rules/types';

export interface ControllerMetrics {
  flip(cause: FlipCause): void;
  /** Quorum-confirming observation written → flip committed (ms). */
  decisionLatency(ms: number): void;
  timeSinceLastFlip(seconds: number): void;
  leaderTerm(term: number): void;
  /** Every run: whether a leader exists anywhere (1/0), so each region's "no leader" alarm has data. */
  leaderPresent(present: boolean): void;
  /** Age of a checker region's newest observation, as this controller sees it. */
  observationAge(checker: string, seconds: number): void;
  /** Sends what was recorded (EMF: one log line). */
  flush(): void;
}

export const TIME_SINCE_LAST_FLIP = METRIC.timeSinceLastFlip.name;

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
    leaderPresent: (present) => add(METRIC.leaderPresent.name, MetricUnit.Count, present ? 1 : 0),
    // Its own dimension set (service + Checker), so a separate EMF document.
    observationAge: (checker, seconds) => {
      const single = metrics.singleMetric();
      single.addDimension(DIMENSION.checker, checker);
      single.addMetric(METRIC.observationAge.name, MetricUnit.Seconds, seconds);
    },
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
  readonly leaderPresence: boolean[] = [];
  readonly observationAges: { checker: string; seconds: number }[] = [];
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
  leaderPresent(present: boolean): void {
    this.leaderPresence.push(present);
  }
  observationAge(checker: string, seconds: number): void {
    this.observationAges.push({ checker, seconds });
  }
  flush(): void {}
}
