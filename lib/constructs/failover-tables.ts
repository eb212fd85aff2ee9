/**
 * The service's DynamoDB tables, built from the shared definitions in `lambdas/platform/tables.ts`
 * (local provisioning uses the same definitions, so the schemas cannot drift).
 *
 * Coordination layout: `single-region` (one table) or `mrsc` (multi-region strongly consistent
 * global table over exactly three regions). An eventually consistent (MREC) layout is never built:
 * last writer wins across regions, so two regions could both hold a lock or a leadership.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, MultiRegionConsistency, StreamViewType, TableV2, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { allTables, tableName, type TableDefinition } from '../../lambdas/platform/tables';

export interface FailoverTablesProps {
  /** Service name; tables are named `<service>-<suffix>`. */
  readonly service: string;
  /**
   * Regions of the coordination layout. One region: plain tables in this stack's region.
   * Three regions: MRSC global tables; the stack's region must be the first of them.
   */
  readonly regions: readonly string[];
  /**
   * What happens to the tables when the stack is deleted.
   * @default RemovalPolicy.RETAIN — the audit log and routing history outlive a stack.
   */
  readonly removalPolicy?: RemovalPolicy;
}

export class FailoverTablesError extends Error {
  override readonly name = 'FailoverTablesError';
}

const ATTRIBUTE_TYPE = { S: AttributeType.STRING, N: AttributeType.NUMBER } as const;

export class FailoverTables extends Construct {
  readonly coordination: ITableV2;
  readonly observations: ITableV2;
  readonly state: ITableV2;
  readonly audit: ITableV2;
  /** Every table, keyed by logical name. */
  readonly all: Readonly<Record<TableDefinition['logicalName'], ITableV2>>;

  constructor(scope: Construct, id: string, props: FailoverTablesProps) {
    super(scope, id);
    const problems: string[] = [];
    if (props.regions.length !== 1 && props.regions.length !== 3) {
      problems.push(`regions: expected 1 (single-region) or 3 (MRSC) regions, got ${props.regions.length}`);
    }
    if (new Set(props.regions).size !== props.regions.length) problems.push('regions: expected distinct regions');
    if (problems.length > 0) throw new FailoverTablesError(`FailoverTables ${this.node.path}:\n  - ${problems.join('\n  - ')}`);

    const [, ...replicaRegions] = props.regions;
    const build = (def: TableDefinition): TableV2 =>
      new TableV2(this, def.logicalName, {
        tableName: tableName(props.service, def),
        partitionKey: { name: def.partitionKey.name, type: ATTRIBUTE_TYPE[def.partitionKey.type] },
        ...(def.sortKey ? { sortKey: { name: def.sortKey.name, type: ATTRIBUTE_TYPE[def.sortKey.type] } } : {}),
        ...(def.ttlAttribute ? { timeToLiveAttribute: def.ttlAttribute } : {}),
        ...(def.stream ? { dynamoStream: StreamViewType.NEW_IMAGE } : {}),
        billing: Billing.onDemand(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: true,
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
        ...(replicaRegions.length > 0 ? { multiRegionConsistency: MultiRegionConsistency.STRONG, replicas: replicaRegions.map((region) => ({ region })) } : {}),
      });
    const tables = Object.fromEntries(allTables.map((def) => [def.logicalName, build(def)])) as Record<TableDefinition['logicalName'], TableV2>;
    this.all = tables;
    this.coordination = tables.Coordination;
    this.observations = tables.Observations;
    this.state = tables.State;
    this.audit = tables.Audit;
  }
}
