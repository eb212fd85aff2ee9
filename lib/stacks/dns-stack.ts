/** The DNS stack: hosted zone, records and the Route 53 health checks on the signal endpoints. */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { FailoverConfig } from '../../lambdas/config';
import { FailoverDns, type FailoverDnsProps, type ApiSignalEndpoint } from '../constructs/failover-dns';

export interface DnsStackProps extends StackProps {
  readonly config: FailoverConfig;
  /** @default [] */
  readonly signalEndpoints?: readonly ApiSignalEndpoint[];
  /** Health-check tunables. @default - the construct's defaults */
  readonly dns?: Omit<FailoverDnsProps, 'config' | 'signalEndpoints'>;
}

export class DnsStack extends Stack {
  readonly dns: FailoverDns;

  constructor(scope: Construct, id: string, props: DnsStackProps) {
    super(scope, id, props);
    this.dns = new FailoverDns(this, 'Dns', {
      ...props.dns,
      config: props.config,
      ...(props.signalEndpoints ? { signalEndpoints: props.signalEndpoints } : {}),
    });
    new CfnOutput(this, 'HostedZoneId', { value: this.dns.zone.hostedZoneId, description: 'Route 53 hosted zone of the service' });
  }
}
