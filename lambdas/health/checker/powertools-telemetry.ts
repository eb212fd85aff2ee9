/**
 * Checker telemetry through Powertools: CloudWatch metrics as EMF log lines (no PutMetricData calls,
 * so a probe round costs no API requests) and structured logs for state changes and problems.
 * Metric and dimension names are the ones the dashboard and alarms read (lib/constructs/metric-names.ts).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DIMENSION, METRIC, METRICS_NAMESPACE } from '../../platform/metric-names';
import type { HealthState, ProbeResult } from '../rules/types';
import type { WriteReason } from '../rules/write-policy';
import type { CheckerProblem, CheckerTelemetry, RoundSummary, StateChange } from './telemetry';

/** Per-probe metrics of the checker (same dimensions as `TargetHealthy`: service, Target, Checker). */
export const PROBE_METRIC = {
  success: 'ProbeSuccess',
  latency: 'ProbeLatency',
} as const;

export interface PowertoolsTelemetryOptions {
  /** The config's `service`; becomes the `service` dimension and the logs' service name. */
  readonly service: string;
  readonly checker: string;
  /** @default POWERTOOLS_METRICS_NAMESPACE, else `RegionFailover` */
  readonly namespace?: string;
  /** Inject to share instances with a handler or to capture output in tests. */
  readonly metrics?: Metrics;
  readonly logger?: Logger;
}

export function createPowertoolsTelemetry(options: PowertoolsTelemetryOptions): CheckerTelemetry {
  const metrics =
    options.metrics ??
    new Metrics({
      namespace: options.namespace ?? process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
      serviceName: options.service,
      defaultDimensions: { [DIMENSION.checker]: options.checker },
    });
  const logger = options.logger ?? new Logger({ serviceName: options.service, persistentKeys: { checker: options.checker } });

  return {
    probed(result: ProbeResult, health: HealthState) {
      // One EMF line per target and probe: its dimension set differs from every other target's.
      metrics.addDimension(DIMENSION.target, result.target);
      metrics.addMetric(PROBE_METRIC.success, MetricUnit.Count, result.ok ? 1 : 0);
      metrics.addMetric(PROBE_METRIC.latency, MetricUnit.Milliseconds, Math.round(result.latencyMs));
      if (health.state !== 'UNKNOWN') metrics.addMetric(METRIC.targetHealthy.name, MetricUnit.Count, health.state === 'UP' ? 1 : 0);
      if (result.reason !== undefined) metrics.addMetadata('reason', result.reason);
      if (!result.ok) metrics.addMetadata('detail', result.detail);
      metrics.publishStoredMetrics();
      if (!result.ok)
        logger.debug('probe failed', {
          target: result.target,
          reason: result.reason,
          detail: result.detail,
          latencyMs: result.latencyMs,
          state: health.state,
          consecutiveFailures: health.consecutiveFailures,
        });
    },
    wrote(target: string, seq: number, reason: WriteReason) {
      logger.debug('observation written', { target, seq, reason });
    },
    stateChanged(change: StateChange) {
      logger.info('target state changed', {
        target: change.target,
        from: change.from,
        to: change.to,
        at: new Date(change.at).toISOString(),
        consecutiveFailures: change.consecutiveFailures,
        consecutiveSuccesses: change.consecutiveSuccesses,
        lastResult: { ok: change.result.ok, reason: change.result.reason, detail: change.result.detail, status: change.result.status, latencyMs: Math.round(change.result.latencyMs) },
      });
    },
    roundCompleted(summary: RoundSummary) {
      metrics.addMetric(METRIC.probeRounds.name, MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
      logger.debug('probe round completed', { ...summary });
    },
    problem(problem: CheckerProblem) {
      const { message, error, ...rest } = problem as CheckerProblem & { error?: unknown };
      if (problem.kind === 'write-refused') logger.warn(message, { ...rest });
      else logger.error(message, { ...rest, error: error instanceof Error ? error : String(error) });
    },
  };
}
