import { Match } from 'aws-cdk-lib/assertions';
import type { Stack } from 'aws-cdk-lib';
import { parseConfig } from '../../../lambdas/config';
import { API_STAGE, IAM_ROUTES } from '../../../lib/constructs/failover-api';
import { ENV } from '../../../lib/constructs/handler-env';
import { METRICS_NAMESPACE } from '../../../lambdas/platform/metric-names';
import type { FailoverApp } from '../../../lib/app';
import { example, resourcesOf, synthWithoutBundling, templateOf, variant } from '../support/apps';

type Statement = { Action: string | string[]; Resource: unknown; Condition?: Record<string, unknown> };

function statementsOf(stacks: readonly Stack[]): Statement[] {
  return resourcesOf(stacks, 'AWS::IAM::Policy').flatMap(({ resource }) => (resource.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
}

function actionsOf(s: Statement): string[] {
  return Array.isArray(s.Action) ? s.Action : [s.Action];
}

function resourcesOfStatement(s: Statement): unknown[] {
  return Array.isArray(s.Resource) ? s.Resource : [s.Resource];
}

let built: FailoverApp & { findings: string[] };
let regional: Stack[];
beforeAll(() => {
  built = synthWithoutBundling(example);
  regional = Object.values(built.regional);
});

describe('FailoverService (regional stacks of the example)', () => {
  it('runs every Lambda on ARM64 with the pinned Node runtime, source maps and Powertools settings', () => {
    const functions = resourcesOf(regional, 'AWS::Lambda::Function').filter(({ id }) => id.startsWith('Failover'));
    // 3 regions × (controller, api, signal, checker)
    expect(functions).toHaveLength(12);
    for (const { resource } of functions) {
      const p = resource.Properties as { Architectures: string[]; Runtime: string; Environment: { Variables: Record<string, string> }; LoggingConfig: unknown };
      expect(p.Architectures).toEqual(['arm64']);
      expect(p.Runtime).toBe('nodejs24.x');
      expect(p.Environment.Variables).toMatchObject({
        [ENV.nodeOptions]: '--enable-source-maps',
        [ENV.powertoolsService]: 'shop-api',
        [ENV.powertoolsNamespace]: METRICS_NAMESPACE,
        [ENV.powertoolsLogLevel]: 'INFO',
      });
      expect(p.LoggingConfig).toMatchObject({ LogGroup: { Ref: expect.any(String) } });
      // The handlers get the validated config back, byte for byte what parseConfig accepts.
      expect(parseConfig(JSON.parse(p.Environment.Variables[ENV.config] ?? 'null'))).toEqual(example);
    }
  });

  it('gives every function its own log group with a retention', () => {
    for (const stack of regional) {
      for (const group of Object.values(templateOf(stack).findResources('AWS::Logs::LogGroup'))) {
        expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
      }
    }
  });

  it('starts the checker and the controller every minute, and the checker timeout covers one period plus drain', () => {
    for (const stack of regional) {
      const template = templateOf(stack);
      const rules = Object.values(template.findResources('AWS::Events::Rule'));
      expect(rules.map((r) => r.Properties.ScheduleExpression)).toEqual(['rate(1 minute)', 'rate(1 minute)']);
      // A failed run is not retried into the next run's period.
      const retries = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig')).map((c) => c.Properties.MaximumRetryAttempts);
      expect(retries).toEqual([0, 0]);
      template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'shop-api-checker', Timeout: 70, MemorySize: 512 });
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: 'shop-api-checker',
        Environment: { Variables: Match.objectLike({ [ENV.checkerRegion]: stack.region, [ENV.observationsTable]: 'shop-api-observations' }) },
      });
    }
  });

  it('triggers the controller from the local Observations replica stream only where a replica lives', () => {
    const mappings = (stack: Stack) => templateOf(stack).findResources('AWS::Lambda::EventSourceMapping');
    expect(Object.keys(mappings(built.regional['us-east-1']!))).toHaveLength(1);
    expect(Object.keys(mappings(built.regional['us-west-2']!))).toHaveLength(1);
    expect(Object.keys(mappings(built.regional['eu-west-1']!))).toHaveLength(0);
    // The stream ARN is read from the local replica in the stack's own region at deploy time.
    templateOf(built.regional['us-west-2']!).hasResourceProperties('Custom::AWS', {
      Create: Match.stringLikeRegexp('"action":"describeTable".*shop-api-observations'),
    });
    templateOf(built.regional['us-west-2']!).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'LATEST',
      EventSourceArn: { 'Fn::GetAtt': [Match.anyValue(), 'Table.LatestStreamArn'] },
    });
  });

  it('gives every function its ordered replica list and grants on each replica it may fail over to', () => {
    const template = templateOf(built.regional['eu-west-1']!);
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'shop-api-controller',
      Environment: { Variables: Match.objectLike({ [ENV.tableRegion]: 'us-east-2', [ENV.tableRegions]: 'us-east-2,us-east-1,us-west-2' }) },
    });
    templateOf(built.regional['us-west-2']!).hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'shop-api-signal',
      Environment: { Variables: Match.objectLike({ [ENV.tableRegions]: 'us-west-2,us-east-2,us-east-1' }) },
    });
    for (const stack of regional) {
      const tableArns = JSON.stringify(
        statementsOf([stack])
          .filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')))
          .flatMap(resourcesOfStatement),
      );
      for (const replica of ['us-east-1', 'us-east-2', 'us-west-2']) {
        for (const table of ['coordination', 'observations', 'state', 'audit']) expect(tableArns).toContain(`:dynamodb:${replica}:123456789012:table/shop-api-${table}`);
      }
      expect(tableArns).not.toContain(':dynamodb:eu-west-1:');
    }
  });

  it('keeps each role’s policy under IAM’s 10,240-character inline limit with grants in three replica regions', () => {
    // Measured with CloudFormation intrinsics still in place, which are longer than the ARNs they resolve to.
    for (const { resource } of resourcesOf(regional, 'AWS::IAM::Policy')) expect(JSON.stringify(resource.Properties?.PolicyDocument).length).toBeLessThan(10_240);
  });

  it('lets the public signal function only read the State table, in every replica region', () => {
    const policies = resourcesOf([built.regional['eu-west-1']!], 'AWS::IAM::Policy').filter(({ resource }) => JSON.stringify(resource.Properties?.Roles).includes('FailoverSignalRole'));
    const statements = policies
      .flatMap(({ resource }) => (resource.Properties?.PolicyDocument as { Statement: Statement[] }).Statement)
      .filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(statements.flatMap(actionsOf).every((a) => /^dynamodb:(Get|BatchGet|Query|Scan|ConditionCheck|Describe)/.test(a))).toBe(true);
    const arns = JSON.stringify(statements.flatMap(resourcesOfStatement));
    for (const replica of ['us-east-1', 'us-east-2', 'us-west-2']) expect(arns).toContain(`:dynamodb:${replica}:123456789012:table/shop-api-state`);
    expect(arns).not.toMatch(/shop-api-(coordination|observations|audit)/);
  });

  it('lets the controller, the checker and the API append to the Events table (only the API may read it) and sets EVENTS_TABLE on each', () => {
    const stack = built.regional['us-east-1']!;
    const eventsActions = (role: string): string[] =>
      resourcesOf([stack], 'AWS::IAM::Policy')
        .filter(({ resource }) => JSON.stringify(resource.Properties?.Roles).includes(role))
        .flatMap(({ resource }) => (resource.Properties?.PolicyDocument as { Statement: Statement[] }).Statement)
        .filter((st) => JSON.stringify(st.Resource).includes('table/shop-api-events'))
        .flatMap(actionsOf);
    const write = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
    expect(new Set(eventsActions('FailoverControllerRole'))).toEqual(new Set(write));
    expect(new Set(eventsActions('FailoverCheckerRole'))).toEqual(new Set(write));
    expect(new Set(eventsActions('FailoverApiRole'))).toEqual(new Set([...write, 'dynamodb:Query', 'dynamodb:BatchGetItem']));
    expect(eventsActions('FailoverSignalRole')).toEqual([]);
    for (const name of ['shop-api-controller', 'shop-api-checker', 'shop-api-api']) {
      templateOf(stack).hasResourceProperties('AWS::Lambda::Function', { FunctionName: name, Environment: { Variables: Match.objectLike({ [ENV.eventsTable]: 'shop-api-events' }) } });
    }
  });

  it('never grants DynamoDB or Route 53 actions on a wildcard resource', () => {
    const statements = statementsOf(regional);
    const scoped = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:') || a.startsWith('route53:')));
    expect(scoped.length).toBeGreaterThan(0);
    for (const s of scoped) {
      for (const r of resourcesOfStatement(s)) expect(r).not.toBe('*');
      expect(JSON.stringify(s.Resource)).not.toMatch(/table\/\*|index\/\*/);
    }
  });

  it('allows PutMetricData only in the service namespace', () => {
    const metrics = statementsOf(regional).filter((s) => actionsOf(s).includes('cloudwatch:PutMetricData'));
    expect(metrics.length).toBe(6); // controller + checker in 3 regions
    for (const s of metrics) {
      expect(actionsOf(s)).toEqual(['cloudwatch:PutMetricData']);
      expect(s.Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': METRICS_NAMESPACE } });
    }
  });

  it('gives the public signal function read-only table access and nothing else', () => {
    const template = templateOf(built.regional['us-east-1']!);
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^FailoverSignalRole') }] },
    });
    const actions = Object.values(policies).flatMap((p) => (p.Properties.PolicyDocument.Statement as Statement[]).flatMap(actionsOf));
    expect(actions.length).toBeGreaterThan(0);
    for (const a of actions) expect(a).toMatch(/^(logs:(CreateLogStream|PutLogEvents)|dynamodb:(BatchGetItem|ConditionCheckItem|DescribeTable|GetItem|GetRecords|GetShardIterator|Query|Scan))$/);
  });

  it('authorizes every API method with IAM except the throttled GET /signal/{region}', () => {
    for (const stack of regional) {
      const template = templateOf(stack);
      const methods = Object.values(template.findResources('AWS::ApiGateway::Method'));
      expect(methods).toHaveLength(IAM_ROUTES.reduce((n, [, m]) => n + m.length, 0) + 1);
      const open = methods.filter((m) => m.Properties.AuthorizationType !== 'AWS_IAM');
      expect(open).toHaveLength(1);
      expect(open[0]?.Properties).toMatchObject({ HttpMethod: 'GET', AuthorizationType: 'NONE' });
      const resources = template.findResources('AWS::ApiGateway::Resource');
      const signalResourceId = open[0]?.Properties.ResourceId.Ref as string;
      expect(resources[signalResourceId]?.Properties.PathPart).toBe('{region}');
      template.hasResourceProperties('AWS::ApiGateway::Stage', {
        StageName: API_STAGE,
        MethodSettings: Match.arrayWith([Match.objectLike({ ResourcePath: '/~1signal~1{region}', HttpMethod: 'GET', ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 })]),
        AccessLogSetting: Match.objectLike({ DestinationArn: Match.anyValue() }),
      });
    }
  });

  it('wires every alarm to the region’s encrypted alert topic, including flip, stale checker, controller errors and no leader', () => {
    for (const stack of regional) {
      const template = templateOf(stack);
      const [topicId] = Object.keys(template.findResources('AWS::SNS::Topic'));
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
      const alarms = template.findResources('AWS::CloudWatch::Alarm');
      const names = Object.values(alarms).map((a) => a.Properties.AlarmName as string);
      for (const suffix of ['flip', 'no-leader', 'checker-stale', 'controller-errors']) expect(names).toContain(`shop-api-${stack.region}-${suffix}`);
      for (const alarm of Object.values(alarms)) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `shop-api-${stack.region}-checker-stale`,
        Namespace: METRICS_NAMESPACE,
        MetricName: 'ProbeRounds',
        Dimensions: Match.arrayWith([{ Name: 'Checker', Value: stack.region }]),
        TreatMissingData: 'breaching',
      });
    }
  });
});

describe('FailoverService in dns-update mode with an imported zone', () => {
  let app: FailoverApp & { findings: string[] };
  beforeAll(() => {
    // dns-update cannot fail away from us-east-1 when us-east-1 is lost (Route 53's control plane is there): accepted explicitly.
    app = synthWithoutBundling(variant({ dns: { ...example.dns, flipMode: 'dns-update', hostedZoneId: 'Z0123456789ABC', recordName: 'API.shop.example.com.' }, acceptRegionLoss: ['us-east-1'] }));
  });

  it('lets only the controller and the operator API change only the configured record in the one zone', () => {
    const stacks = Object.values(app.regional);
    const statements = statementsOf(stacks).filter((s) => actionsOf(s).some((a) => a.startsWith('route53:')));
    expect(statements.length).toBe(18); // 3 statements × (controller + API) × 3 regions
    const holders = resourcesOf(stacks, 'AWS::IAM::Policy')
      .filter(({ resource }) => (resource.Properties?.PolicyDocument as { Statement: Statement[] }).Statement.some((st) => actionsOf(st).some((a) => a.startsWith('route53:'))))
      .map(({ resource }) => JSON.stringify(resource.Properties?.Roles));
    expect(holders).toHaveLength(6);
    for (const roles of holders) expect(roles).toMatch(/"Ref":"Failover(Controller|Api)Role[0-9A-F]+"/);
    const change = statements.filter((s) => actionsOf(s).includes('route53:ChangeResourceRecordSets'));
    for (const s of change) {
      expect(JSON.stringify(s.Resource)).toContain(':route53:::hostedzone/Z0123456789ABC');
      expect(s.Condition).toEqual({ 'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['api.shop.example.com'] } });
    }
    for (const stack of stacks) {
      templateOf(stack).hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: 'shop-api-controller',
        Environment: { Variables: Match.objectLike({ [ENV.hostedZoneId]: 'Z0123456789ABC' }) },
      });
    }
  });

  it('builds no DNS stack: the controller owns the records and the zone is imported', () => {
    expect(app.dns).toBeUndefined();
  });

  it('passes cdk-nag with the Route 53 permissions acknowledged', () => {
    expect(app.findings).toEqual([]);
  });
});

describe('FailoverService with single-region coordination', () => {
  it('attaches the stream trigger only in the table region; other regions are schedule-only', () => {
    const app = synthWithoutBundling(variant({ coordination: { mode: 'single-region', regions: ['us-west-2'] } }));
    expect(app.findings).toEqual([]);
    const withStream = Object.values(app.regional)
      .filter((stack) => Object.keys(templateOf(stack).findResources('AWS::Lambda::EventSourceMapping')).length > 0)
      .map((stack) => stack.region);
    expect(withStream).toEqual(['us-west-2']);
    for (const stack of Object.values(app.regional)) {
      const rules = Object.values(templateOf(stack).findResources('AWS::Events::Rule'));
      expect(rules).toHaveLength(2);
    }
  });
});

describe('FailoverService in dns-update mode with a created zone', () => {
  it('deploys the zone first and hands its id to every controller (cross-region where needed)', () => {
    const app = synthWithoutBundling(variant({ dns: { ...example.dns, flipMode: 'dns-update' }, acceptRegionLoss: ['us-east-1'] }));
    expect(app.findings).toEqual([]);
    expect(app.dns).toBeDefined();
    for (const stack of Object.values(app.regional)) {
      expect(stack.dependencies).toContain(app.dns);
      const controller = Object.values(templateOf(stack).findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'shop-api-controller' } }))[0];
      const zoneId = JSON.stringify(controller?.Properties.Environment.Variables[ENV.hostedZoneId]);
      // Same region: a CloudFormation import; other regions: CDK's SSM-backed reader.
      expect(zoneId).toMatch(stack.region === 'us-east-1' ? /Fn::ImportValue/ : /ExportsReader/);
    }
  });
});
