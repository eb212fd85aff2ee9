/**
 * One CloudWatch dashboard per deployment. Dashboards can graph metrics from any region, so it lives
 * in one region and reads each metric where it is emitted: checker metrics in the checker regions,
 * controller metrics and Lambda errors in every regional stack's region.
 */
import { Duration } from 'aws-cdk-lib';
import { Dashboard, GraphWidget, Metric, TextWidget, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { FailoverConfig } from '../../lambdas/config';
import type { Topology } from '../topology';
import { failoverMetric } from './failover-alarms';
import { METRIC } from '../../lambdas/platform/metric-names';

export interface FailoverDashboardProps {
  readonly config: FailoverConfig;
  readonly topology: Topology;
  /**
   * Physical names of the Lambda functions per region, for the error graphs.
   * @default - no error graphs
   */
  readonly functionNames?: Readonly<Record<string, readonly { readonly label: string; readonly name: string }[]>>;
  /** @default Duration.minutes(1) */
  readonly period?: Duration;
}

export class FailoverDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: FailoverDashboardProps) {
    super(scope, id);
    const { config, topology } = props;
    const service = config.service;
    const period = props.period ?? Duration.minutes(1);
    const controllerRegions = topology.regional.map((r) => r.region);
    const checkerRegions = topology.regional.filter((r) => r.checker).map((r) => r.region);
    const perControllerRegion = (spec: (typeof METRIC)[keyof typeof METRIC], statistic: string): IMetric[] =>
      controllerRegions.map((region) => failoverMetric(spec, { service }, { statistic, period, region, label: region }));

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `${service}-failover`, defaultInterval: Duration.hours(3) });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# ${service} failover\nApp regions: ${config.appRegions.map((r) => r.region).join(', ')} · checkers: ${checkerRegions.join(', ')} · flip mode: ${config.dns.flipMode}`,
        width: 24,
        height: 2,
      }),
    );
    // Verdicts: one graph per app region, one line per checker (1 = UP, 0 = DOWN).
    this.dashboard.addWidgets(
      ...config.appRegions.map(
        (app) =>
          new GraphWidget({
            title: `Verdicts for ${app.region} (1 = up)`,
            left: checkerRegions.map((checker) =>
              failoverMetric(METRIC.targetHealthy, { service, target: app.region, checker }, { statistic: 'Minimum', period, region: checker, label: `checker ${checker}` }),
            ),
            leftYAxis: { min: 0, max: 1 },
            width: 24 / Math.min(config.appRegions.length, 4),
          }),
      ),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Flips', left: perControllerRegion(METRIC.flips, 'Sum'), width: 8 }),
      new GraphWidget({ title: 'Decision latency p99 (ms)', left: perControllerRegion(METRIC.decisionLatency, 'p99'), width: 8 }),
      new GraphWidget({ title: 'Leader term', left: perControllerRegion(METRIC.leaderTerm, 'Maximum'), width: 8 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Checker rounds per minute (freshness)',
        left: checkerRegions.map((region) => failoverMetric(METRIC.probeRounds, { service, checker: region }, { statistic: 'Sum', period, region, label: region })),
        width: 8,
      }),
      new GraphWidget({
        title: `Observation age seconds (seen from ${topology.dataRegion})`,
        left: checkerRegions.map((checker) => failoverMetric(METRIC.observationAge, { service, checker }, { statistic: 'Maximum', period, region: topology.dataRegion, label: checker })),
        width: 8,
      }),
      new GraphWidget({ title: 'Leader visible (1 = yes)', left: perControllerRegion(METRIC.leaderPresent, 'Minimum'), leftYAxis: { min: 0, max: 1 }, width: 8 }),
    );
    const errors = Object.entries(props.functionNames ?? {}).flatMap(([region, fns]) =>
      fns.map(
        (fn) =>
          new Metric({
            namespace: 'AWS/Lambda',
            metricName: 'Errors',
            dimensionsMap: { FunctionName: fn.name },
            statistic: 'Sum',
            period,
            region,
            label: `${fn.label} ${region}`,
          }),
      ),
    );
    if (errors.length > 0) this.dashboard.addWidgets(new GraphWidget({ title: 'Lambda errors', left: errors, width: 24 }));
  }
}
