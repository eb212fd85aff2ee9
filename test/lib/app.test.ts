/**
 * The example deployment, synthesized once as `cdk synth` does (esbuild bundling, cdk-nag): stack
 * layout, the cdk-nag report, DNS health checks and one snapshot per stack. CDK's built-in
 * CloudFormation schema validation is off here (`support/apps.ts`: ≈30 s on a loaded machine);
 * `npx cdk synth` runs it and reports nothing.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildApp, type FailoverApp } from '../../lib/app';
import { apiSignalPath } from '../../lib/constructs/failover-api';
import { assetHashSerializer, example, templateOf, unacknowledgedFindings } from './support/apps';
import { tableAccess } from '../../lambdas/platform/topology';

expect.addSnapshotSerializer(assetHashSerializer);

let built: FailoverApp;
let assembly: CloudAssembly;
beforeAll(() => {
  built = buildApp(example, {}, { account: '123456789012' });
  assembly = built.app.synth();
});

describe('the example deployment', () => {
  it('has a data stack, one stack per app/checker region, a DNS stack and a monitoring stack', () => {
    expect(assembly.stacks.map((s) => `${s.stackName}@${s.environment.region}`).sort()).toEqual(
      ['shop-api-data@us-east-1', 'shop-api-dns@us-east-1', 'shop-api-eu-west-1@eu-west-1', 'shop-api-monitoring@us-east-1', 'shop-api-us-east-1@us-east-1', 'shop-api-us-west-2@us-west-2'].sort(),
    );
    // CloudFormation rejects a template without resources (CDK's own metadata does not count).
    for (const stack of assembly.stacks) expect(Object.keys(stack.template.Resources ?? {}).filter((id) => id !== 'CDKMetadata').length).toBeGreaterThan(0);
    // Regional stacks import the tables by name: deploy order only, no exports from the data stack.
    for (const stack of Object.values(built.regional)) expect(stack.dependencies).toContain(built.data);
    expect(Object.keys(templateOf(built.data).toJSON().Outputs ?? {})).toEqual([]);
  });

  it('bundles each handler locally with esbuild into a minified bundle with a source map', () => {
    const functions = Object.values(built.regional).flatMap((stack) => Object.values(templateOf(stack).findResources('AWS::Lambda::Function')));
    const keys = functions.map((fn) => (fn.Properties.Code as { S3Key: string }).S3Key).filter((key) => /^[0-9a-f]{64}\.zip$/.test(key));
    // checker, controller, api and signal in each region; the shared custom-resource provider adds one more asset.
    expect(keys.length).toBeGreaterThanOrEqual(12);
    for (const key of keys) {
      const dir = join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`);
      if (!existsSync(join(dir, 'index.js.map'))) continue; // CDK's own provider code
      expect(readFileSync(join(dir, 'index.js'), 'utf8')).toMatch(/sourceMappingURL=index\.js\.map/);
    }
    const bundled = keys.filter((key) => existsSync(join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`, 'index.js.map')));
    expect(bundled.length).toBeGreaterThanOrEqual(12);
  });

  it('passes cdk-nag AwsSolutions with no unacknowledged error or warning', () => {
    expect(unacknowledgedFindings(assembly)).toEqual([]);
  });

  it('probes the secondary’s /signal on every regional API; a majority CALCULATED check steers the secondary, its inversion the primary', () => {
    const template = templateOf(built.dns!);
    const checks = template.findResources('AWS::Route53::HealthCheck');
    const https = Object.entries(checks).filter(([, c]) => c.Properties.HealthCheckConfig.Type === 'HTTPS');
    const calculated = Object.entries(checks).filter(([, c]) => c.Properties.HealthCheckConfig.Type === 'CALCULATED');
    expect(https).toHaveLength(3);
    expect(calculated).toHaveLength(2);
    for (const [, c] of https) expect(c.Properties.HealthCheckConfig).toMatchObject({ ResourcePath: apiSignalPath('us-west-2'), RequestInterval: 10, FailureThreshold: 1 });
    const hosts = https.map(([, c]) => JSON.stringify(c.Properties.HealthCheckConfig.FullyQualifiedDomainName));
    // One check per API region, each on that region's execute-api host.
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) expect(hosts.filter((h) => h.includes(`.execute-api.${region}.`))).toHaveLength(1);
    const ids = https.map(([id]) => ({ 'Fn::GetAtt': [id, 'HealthCheckId'] }));
    template.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'CALCULATED', HealthThreshold: 2, ChildHealthChecks: Match.arrayEquals(ids), Inverted: Match.absent() } });
    template.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'CALCULATED', HealthThreshold: 2, ChildHealthChecks: Match.arrayEquals(ids), Inverted: true } });
  });

  it('keeps the surviving region’s record healthy and turns the lost region’s unhealthy, whichever one region is lost', () => {
    // Route 53's evaluation replayed on the synthesized checks: a signal check passes when its API
    // region is alive, reaches a replica (the analysis) and the region is served after the flip.
    const template = templateOf(built.dns!);
    const checks = Object.entries(template.findResources('AWS::Route53::HealthCheck'));
    const apiRegionOf = (fqdn: unknown): string => /\.execute-api\.([a-z0-9-]+)\./.exec(JSON.stringify(fqdn))?.[1] ?? '?';
    const priority = example.policy.mode === 'active-passive' ? example.policy.priority : [];
    const { signals, losses } = built.regionLoss;
    expect(losses.map((l) => l.lost)).toEqual(['us-east-1', 'us-west-2', 'eu-west-1', 'us-east-2']);
    for (const loss of losses) {
      const served = priority.filter((r) => r !== loss.lost)[0];
      const answering = (apiRegion: string) => apiRegion !== loss.lost && tableAccess(apiRegion, example, loss.lost).replica !== undefined;
      const healthy = (appRegion: string): boolean => {
        const [, calculated] = checks.find(([, c]) => c.Properties.HealthCheckConfig.Type === 'CALCULATED' && JSON.stringify(c.Properties.HealthCheckTags).includes(`shop-api ${appRegion} `)) ?? [];
        const children = (calculated?.Properties.HealthCheckConfig.ChildHealthChecks ?? []) as { 'Fn::GetAtt': [string, string] }[];
        const passing = children.filter((child) => {
          const config = template.toJSON().Resources[child['Fn::GetAtt'][0]].Properties.HealthCheckConfig;
          return answering(apiRegionOf(config.FullyQualifiedDomainName)) && appRegion === served;
        });
        expect(calculated?.Properties.HealthCheckConfig.HealthThreshold).toBe(signals?.threshold);
        return passing.length >= calculated?.Properties.HealthCheckConfig.HealthThreshold;
      };
      expect([loss.lost, served, healthy(served ?? '')]).toEqual([loss.lost, served, true]);
      for (const other of priority.filter((r) => r !== served)) expect([loss.lost, other, healthy(other)]).toEqual([loss.lost, other, false]);
    }
  });

  it('routes the record PRIMARY/SECONDARY in priority order, each behind its region’s calculated check', () => {
    const template = templateOf(built.dns!);
    for (const [region, failover, host] of [
      ['us-east-1', 'PRIMARY', 'use1.shop.example.com'],
      ['us-west-2', 'SECONDARY', 'usw2.shop.example.com'],
    ] as const) {
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'api.shop.example.com',
        Type: 'CNAME',
        TTL: '30',
        Failover: failover,
        SetIdentifier: region,
        ResourceRecords: [host],
        HealthCheckId: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^DnsRegion${region.replace(/-/g, '')}`), 'HealthCheckId'] },
      });
    }
  });

  it('has a dashboard reading verdicts, flips, latency, leader term, freshness and errors from each region', () => {
    const body = JSON.stringify(templateOf(built.monitoring).findResources('AWS::CloudWatch::Dashboard'));
    for (const metric of ['TargetHealthy', 'Flips', 'DecisionLatencyMs', 'LeaderTerm', 'ProbeRounds', 'ObservationAgeSeconds', 'LeaderPresent', 'AWS/Lambda']) {
      expect(body).toContain(metric);
    }
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) expect(body).toContain(`\\"region\\":\\"${region}\\"`);
  });

  it.each(['data', 'us-east-1', 'us-west-2', 'eu-west-1', 'dns', 'monitoring'])('matches the snapshot of the %s stack', (part) => {
    const { Resources, Conditions, ...rest } = assembly.getStackByName(`shop-api-${part}`).template as {
      Resources: Record<string, unknown>;
      Conditions?: Record<string, unknown>;
    };
    // CDK's version-reporting blob changes with every CDK upgrade; it says nothing about the design.
    const { CDKMetadata: _metadata, ...resources } = Resources;
    const { CDKMetadataAvailable: _available, ...conditions } = Conditions ?? {};
    expect({ ...rest, Resources: resources, Conditions: conditions }).toMatchSnapshot();
  });
});

describe('cdk-nag wiring', () => {
  it('fails synthesis on an unacknowledged AwsSolutions error (negative control)', () => {
    const app = new App();
    new Topic(new Stack(app, 'Bare'), 'Unencrypted');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-SNS3/);
  });
});
