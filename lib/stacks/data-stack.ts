/** The coordination/data stack: every DynamoDB table of the service, in the coordination layout. */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { FailoverConfig } from '../../lambdas/config';
import { FailoverTables } from '../constructs/failover-tables';

export interface DataStackProps extends StackProps {
  readonly config: FailoverConfig;
}

export class DataStack extends Stack {
  readonly tables: FailoverTables;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    this.tables = new FailoverTables(this, 'Tables', {
      service: props.config.service,
      regions: props.config.coordination.regions,
    });
  }
}
