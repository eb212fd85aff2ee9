/**
 * The practice-failover schedule on the synthesized templates: absent by default; when enabled,
 * one EventBridge Scheduler schedule in the first app region (UTC, the configured expression)
 * invoking that region's controller with the drill event, under a role that may invoke only it;
 * cdk-nag clean.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { example, resourcesOf, synthWithoutBundling, templateOf, variant } from '../support/apps';

describe('drill schedule', () => {
  test('is absent by default', () => {
    const built = synthWithoutBundling(example);
    expect(resourcesOf(Object.values(built.regional), 'AWS::Scheduler::Schedule')).toEqual([]);
  });

  test('when enabled: one schedule, in the first app region, invoking its controller with the drill event; nag clean', () => {
    const built = synthWithoutBundling(
      variant({ drills: { schedule: { enabled: true, expression: 'cron(0 10 ? * TUE *)', allowedDays: ['TUE'], allowedHours: { start: 9, end: 12 }, durationMinutes: 15 } } }),
    );
    const schedules = resourcesOf(Object.values(built.regional), 'AWS::Scheduler::Schedule');
    expect(schedules).toHaveLength(1);
    const first = example.appRegions[0]?.region ?? '';
    expect(schedules[0]?.stack.region).toBe(first);

    const template = templateOf(built.regional[first]!);
    const controllerId = Object.entries(template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: `${example.service}-controller` } })).map(([id]) => id)[0] ?? '';
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: `${example.service}-drill`,
      ScheduleExpression: 'cron(0 10 ? * TUE *)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: { 'Fn::GetAtt': [controllerId, 'Arn'] },
        Input: JSON.stringify({ source: 'drill-schedule' }),
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 0 }),
        RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DrillScheduleRole'), 'Arn'] },
      },
    });
    // The role is assumable by Scheduler only, and may invoke the controller and nothing else.
    const roleId = template.findResources('AWS::Scheduler::Schedule') as Record<string, { Properties: { Target: { RoleArn: { 'Fn::GetAtt': [string, string] } } } }>;
    const role = Object.values(roleId)[0]?.Properties.Target.RoleArn['Fn::GetAtt'][0] ?? '';
    expect(template.toJSON().Resources[role].Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'scheduler.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } },
    ]);
    const policies = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } })) as {
      Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } };
    }[];
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements.map((s) => s.Action)).toEqual(['lambda:InvokeFunction']);
    expect(statements[0]?.Resource).toEqual({ 'Fn::GetAtt': [controllerId, 'Arn'] });

    // Only one region starts drills; the others have none.
    for (const [region, stack] of Object.entries(built.regional)) if (region !== first) templateOf(stack).resourceCountIs('AWS::Scheduler::Schedule', 0);
    expect(built.findings).toEqual([]);
  });

  test('the config refuses a target that is not an app region and a window whose end is not after its start', () => {
    expect(() => variant({ drills: { schedule: { enabled: true, target: 'eu-central-1' } } })).toThrow(/drills\.schedule\.target: expected one of the app regions/);
    expect(() => variant({ drills: { schedule: { enabled: true, allowedHours: { start: 12, end: 9 } } } })).toThrow(/drills\.schedule\.allowedHours: expected end after start/);
    expect(() => variant({ drills: { schedule: { enabled: true, expression: 'every tuesday' } } })).toThrow(/drills\.schedule\.expression/);
  });
});
