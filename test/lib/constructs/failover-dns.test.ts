import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { FailoverConfig } from '../../../lambdas/config';
import { FailoverDns, FailoverDnsError } from '../../../lib/constructs/failover-dns';
import { example, variant } from '../support/apps';

const endpoints = ['us-east-1', 'us-west-2', 'eu-west-1'].map((region) => ({ region, host: `api-${region}.example.net` }));

function dnsTemplate(config: FailoverConfig, props: { signalThreshold?: number } = {}): Template {
  const stack = new Stack(new App(), 'Dns', { env: { region: 'us-east-1' } });
  new FailoverDns(stack, 'Dns', { config, signalEndpoints: endpoints, ...props });
  return Template.fromStack(stack);
}

describe('FailoverDns', () => {
  it('uses weighted records with the configured weights for active-active', () => {
    const template = dnsTemplate(variant({ policy: { mode: 'active-active', weights: { 'us-east-1': 3, 'us-west-2': 1 } } }));
    template.hasResourceProperties('AWS::Route53::RecordSet', { SetIdentifier: 'us-east-1', Weight: 3 });
    template.hasResourceProperties('AWS::Route53::RecordSet', { SetIdentifier: 'us-west-2', Weight: 1 });
    expect(JSON.stringify(template.findResources('AWS::Route53::RecordSet'))).not.toContain('Failover');
  });

  it('imports the zone by id instead of creating one', () => {
    const template = dnsTemplate(variant({ dns: { ...example.dns, hostedZoneId: 'Z0123456789ABC' } }));
    template.resourceCountIs('AWS::Route53::HostedZone', 0);
    template.hasResourceProperties('AWS::Route53::RecordSet', { HostedZoneId: 'Z0123456789ABC' });
  });

  it('honours a signal threshold of 1 (any API may vouch) and rejects one above the number of APIs', () => {
    dnsTemplate(example, { signalThreshold: 1 }).hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'CALCULATED', HealthThreshold: 1 } });
    expect(() => dnsTemplate(example, { signalThreshold: 4 })).toThrow(FailoverDnsError);
    expect(() => dnsTemplate(example, { signalThreshold: 4 })).toThrow(/signalThreshold must be 1–3/);
  });

  it('refuses a threshold that the loss of one region (its API and replica) would leave unreachable, naming the region', () => {
    expect(() => dnsTemplate(example, { signalThreshold: 3 })).toThrow(/signalThreshold 3 does not survive the loss of one region: losing us-east-1 leaves 2 of 3 signal endpoints answering/);
  });

  it('defaults to the planned threshold: 2 of the 3 APIs vouch, so any one region can be lost', () => {
    dnsTemplate(example).hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'CALCULATED', HealthThreshold: 2 } });
  });

  it('builds only the zone in dns-update mode (the controller owns the records)', () => {
    const template = dnsTemplate(variant({ dns: { ...example.dns, flipMode: 'dns-update' } }));
    template.resourceCountIs('AWS::Route53::HostedZone', 1);
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
    template.resourceCountIs('AWS::Route53::HealthCheck', 0);
  });
});
