/** One regional stack per app or checker region: the `FailoverService` of that region. */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { FailoverConfig } from '../../lambdas/config';
import { FailoverService, type FailoverServiceProps } from '../constructs/failover-service';
import type { RegionalLayout } from '../topology';

export interface RegionalStackProps extends StackProps {
  readonly config: FailoverConfig;
  readonly layout: RegionalLayout;
  /** @default - none (health-signal mode) */
  readonly hostedZoneId?: string;
  /** Tunables passed through to the service construct. @default - the construct's defaults */
  readonly service?: Omit<FailoverServiceProps, 'config' | 'layout' | 'hostedZoneId'>;
}

export class RegionalStack extends Stack {
  readonly service: FailoverService;

  constructor(scope: Construct, id: string, props: RegionalStackProps) {
    super(scope, id, props);
    this.service = new FailoverService(this, 'Failover', {
      ...props.service,
      config: props.config,
      layout: props.layout,
      ...(props.hostedZoneId !== undefined ? { hostedZoneId: props.hostedZoneId } : {}),
    });
  }
}
