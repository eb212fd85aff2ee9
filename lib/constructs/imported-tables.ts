/**
 * The service's tables as seen from a regional stack: imported by their deterministic names
 * (`<service>-<suffix>`) in each replica region this region's functions may use — no cross-stack
 * reference to the data stack. Grants cover every one of those replicas, since a function moves to
 * the next replica when one does not answer. Where the region holds a replica, the Observations
 * stream ARN of that local replica is looked up at deploy time (stream ARNs carry a creation
 * timestamp, so they cannot be derived).
 */
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { TableV2, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { allTables, tableName, type TableDefinition } from '../../lambdas/platform/tables';

export interface ImportedTablesProps {
  readonly service: string;
  /** Replica regions the functions use, in the order they try them; the first is the stack's own region when it holds a replica. */
  readonly tableRegions: readonly string[];
  /**
   * Look up the Observations stream of the local replica (only valid when the first of
   * `tableRegions` is the stack's region).
   * @default false
   */
  readonly withObservationStream?: boolean;
}

export class ImportedTablesError extends Error {
  override readonly name = 'ImportedTablesError';
}

type LogicalName = TableDefinition['logicalName'];

export class ImportedTables extends Construct {
  /** The tables in the first replica region. */
  readonly all: Readonly<Record<LogicalName, ITableV2>>;
  /** Per replica region, in `tableRegions` order. */
  readonly byRegion: Readonly<Record<string, Readonly<Record<LogicalName, ITableV2>>>>;
  readonly coordination: ITableV2;
  readonly observations: ITableV2;
  readonly state: ITableV2;
  readonly audit: ITableV2;
  /** Observations with its local stream ARN; undefined unless `withObservationStream`. */
  readonly observationsWithStream?: ITableV2;

  constructor(scope: Construct, id: string, props: ImportedTablesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const [first] = props.tableRegions;
    if (first === undefined) throw new ImportedTablesError(`${this.node.path}: tableRegions is empty`);
    if (props.withObservationStream && first !== stack.region) {
      throw new ImportedTablesError(`${this.node.path}: a stream trigger needs a local replica, but this stack is in ${stack.region} and its first replica in ${first}`);
    }
    const arnOf = (def: TableDefinition, region: string): string => stack.formatArn({ service: 'dynamodb', region, resource: 'table', resourceName: tableName(props.service, def) });
    // The first region keeps the construct ids it always had (stable logical ids); the others are suffixed.
    const importIn = (region: string): Record<LogicalName, ITableV2> =>
      Object.fromEntries(
        allTables.map((def) => [def.logicalName, TableV2.fromTableAttributes(this, region === first ? def.logicalName : `${def.logicalName}-${region}`, { tableArn: arnOf(def, region) })]),
      ) as Record<LogicalName, ITableV2>;
    this.byRegion = Object.fromEntries(props.tableRegions.map((region) => [region, importIn(region)]));
    const tables = this.byRegion[first] as Record<LogicalName, ITableV2>;
    this.all = tables;
    this.coordination = tables.Coordination;
    this.observations = tables.Observations;
    this.state = tables.State;
    this.audit = tables.Audit;
    if (props.withObservationStream) {
      const describe = {
        service: 'DynamoDB',
        action: 'describeTable',
        parameters: { TableName: this.observations.tableName },
        // Read on create and on every change to this lookup. A table re-created outside this stack gets a
        // new stream: redeploy after bumping the physical id (documented in docs/deploy.md).
        physicalResourceId: PhysicalResourceId.of(`${this.observations.tableName}-stream`),
        outputPaths: ['Table.LatestStreamArn'],
      };
      const lookup = new AwsCustomResource(this, 'ObservationsStreamLookup', {
        onCreate: describe,
        onUpdate: describe,
        policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: [this.observations.tableArn] }),
        installLatestAwsSdk: false,
        logGroup: new LogGroup(this, 'StreamLookupLogs', { retention: RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY }),
      });
      // The lookup runs in CDK's shared AwsCustomResource function (one per stack, created by CDK).
      const provider = stack.node.tryFindChild(`AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`);
      if (provider) {
        Validations.of(provider).acknowledge({
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: "CDK's AwsCustomResource provider (runs only at deploy time to read the Observations stream ARN) uses the basic execution managed policy: log writing only",
        });
      }
      this.observationsWithStream = TableV2.fromTableAttributes(this, 'ObservationsWithStream', {
        tableArn: this.observations.tableArn,
        tableStreamArn: lookup.getResponseField('Table.LatestStreamArn'),
      });
    }
  }

  /** Read access to one table in every replica region. */
  grantReadData(table: LogicalName, grantee: IGrantable): void {
    for (const tables of Object.values(this.byRegion)) tables[table].grantReadData(grantee);
  }

  /** Just these actions (e.g. `dynamodb:PutItem`) on one table in every replica region: one statement, so the role's policy stays small. */
  grant(table: LogicalName, grantee: IGrantable, ...actions: string[]): void {
    Grant.addToPrincipal({ grantee, actions, resourceArns: Object.values(this.byRegion).map((tables) => tables[table].tableArn) });
  }

  /** Read and write access to one table in every replica region. */
  grantReadWriteData(table: LogicalName, grantee: IGrantable): void {
    for (const tables of Object.values(this.byRegion)) tables[table].grantReadWriteData(grantee);
  }
}
