/**
 * Per-region alarms, all notifying the region's alert topic: a flip happened, a checker went stale,
 * a function failed, no leader is visible. CloudWatch alarms cannot read another region's metrics,
 * so every regional stack alarms on what its own functions emit.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DIMENSION, METRIC, METRICS_NAMESPACE, type MetricSpec } from '../../lambdas/platform/metric-names';

export interface FailoverAlarmsProps {
  readonly service: string;
  readonly region: string;
  readonly topic: ITopic;
  /** Functions whose errors alarm, by short name (e.g. `controller`). */
  readonly functions: Readonly<Record<string, IFunction>>;
  /** Alarm when this region's checker completes no round. @default false */
  readonly checker?: boolean;
  /**
   * Minutes without a checker round (or without a visible leader) before alarming.
   * @default 3
   */
  readonly staleMinutes?: number;
}

export class MetricDimensionError extends Error {
  override readonly name = 'MetricDimensionError';
}

/** A custom metric with its full dimension set, read from `region`. */
export function failoverMetric(
  spec: MetricSpec,
  dims: { service: string; target?: string; checker?: string },
  options: { statistic: string; period?: Duration; region?: string; label?: string },
): Metric {
  const values: Record<string, string | undefined> = {
    [DIMENSION.service]: dims.service,
    [DIMENSION.target]: dims.target,
    [DIMENSION.checker]: dims.checker,
  };
  const dimensionsMap: Record<string, string> = {};
  for (const name of spec.dimensions) {
    const value = values[name];
    if (value === undefined) throw new MetricDimensionError(`metric ${spec.name} is emitted with dimension ${name}; pass its value`);
    dimensionsMap[name] = value;
  }
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: spec.name,
    dimensionsMap,
    statistic: options.statistic,
    period: options.period ?? Duration.minutes(1),
    ...(options.region ? { region: options.region } : {}),
    ...(options.label ? { label: options.label } : {}),
  });
}

export class FailoverAlarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: FailoverAlarmsProps) {
    super(scope, id);
    const stale = props.staleMinutes ?? 3;
    const action = new SnsAction(props.topic);
    const add = (
      alarmId: string,
      metric: IMetric,
      description: string,
      threshold: number,
      comparisonOperator: ComparisonOperator,
      evaluationPeriods: number,
      treatMissingData: TreatMissingData,
      notifyOk: boolean,
    ): void => {
      const alarm = new Alarm(this, alarmId, {
        alarmName: `${props.service}-${props.region}-${alarmId}`,
        alarmDescription: description,
        metric,
        threshold,
        comparisonOperator,
        evaluationPeriods,
        treatMissingData,
      });
      alarm.addAlarmAction(action);
      if (notifyOk) alarm.addOkAction(action);
      this.alarms.push(alarm);
    };
    const dims = { service: props.service, checker: props.region };

    add(
      'flip',
      failoverMetric(METRIC.flips, dims, { statistic: 'Sum' }),
      `A routing flip was committed by the controller leader in ${props.region}`,
      1,
      ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      1,
      TreatMissingData.NOT_BREACHING,
      false,
    );
    add(
      'no-leader',
      failoverMetric(METRIC.leaderPresent, dims, { statistic: 'Maximum' }),
      `The controller in ${props.region} saw no unexpired leader for ${stale} minutes (or did not run): failover decisions are paused`,
      1,
      ComparisonOperator.LESS_THAN_THRESHOLD,
      stale,
      TreatMissingData.BREACHING,
      true,
    );
    if (props.checker) {
      add(
        'checker-stale',
        failoverMetric(METRIC.probeRounds, dims, { statistic: 'Sum' }),
        `The checker in ${props.region} completed no probe round for ${stale} minutes: its observations age out of the quorum`,
        1,
        ComparisonOperator.LESS_THAN_THRESHOLD,
        stale,
        TreatMissingData.BREACHING,
        true,
      );
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      add(
        `${name}-errors`,
        fn.metricErrors({ period: Duration.minutes(1), statistic: 'Sum' }),
        `The ${name} Lambda in ${props.region} failed (invocation errors or timeouts)`,
        1,
        ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        1,
        TreatMissingData.NOT_BREACHING,
        true,
      );
    }
  }
}
