/** The monitoring stack: the deployment's dashboard (alarms live in each regional stack). */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { FailoverDashboard, type FailoverDashboardProps } from '../constructs/failover-dashboard';

export type MonitoringStackProps = StackProps & FailoverDashboardProps;

export class MonitoringStack extends Stack {
  readonly dashboard: FailoverDashboard;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    this.dashboard = new FailoverDashboard(this, 'Dashboard', props);
  }
}
