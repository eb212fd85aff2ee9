/**
 * The optional practice-failover schedule (config `drills.schedule`, off by default): an
 * EventBridge Scheduler schedule, in UTC, that invokes the controller with the drill event. The
 * controller starts a drill only inside the allowed days and hours (lambdas/history/rules/drill-window.ts),
 * so a cron that fires outside them moves nothing. Scheduler's role may invoke only the controller.
 */
import { Stack, TimeZone } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import type { FailoverConfig } from '../../lambdas/config';
import { DRILL_SCHEDULE_EVENT } from '../../lambdas/platform/env-names';

export interface DrillScheduleProps {
  readonly service: string;
  readonly controller: IFunction;
  readonly schedule: FailoverConfig['drills']['schedule'];
}

export class DrillSchedule extends Construct {
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: DrillScheduleProps) {
    super(scope, id);
    const { schedule } = props;
    const hours = `${schedule.allowedHours.start}:00–${schedule.allowedHours.end}:00 UTC`;
    // Our own role rather than aws-scheduler-targets' LambdaInvoke, whose grant also covers every
    // version and alias (`<arn>:*`): Scheduler may invoke exactly the controller, for this account only.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description: `EventBridge Scheduler: start practice failovers of ${props.service}`,
    });
    role.addToPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.controller.functionArn] }));
    this.schedule = new Schedule(this, 'Schedule', {
      scheduleName: `${props.service}-drill`,
      description: `Practice failover of ${schedule.durationMinutes} min, only on ${schedule.allowedDays.join(', ')} within ${hours}`,
      schedule: ScheduleExpression.expression(schedule.expression, TimeZone.ETC_UTC),
      // A missed drill is not made up later: the next scheduled one comes.
      target: { bind: () => ({ arn: props.controller.functionArn, role, input: ScheduleTargetInput.fromObject(DRILL_SCHEDULE_EVENT), retryPolicy: { maximumRetryAttempts: 0 } }) },
    });
  }
}
