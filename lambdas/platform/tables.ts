/**
 * The DynamoDB tables of the service, defined once. The CDK stacks (`lib/`) and local provisioning
 * (`local/provision.ts`) both build tables from these definitions, so the schema cannot drift.
 *
 * All tables live in the coordination layout (single region, or an MRSC global table over three
 * regions): decisions, intents and leadership must be read-your-writes across regions.
 */

export type KeyType = 'S' | 'N';

export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyType;
}

export interface TableDefinition {
  /** Stable logical name; also the CDK construct id (keeps logical IDs of stateful resources stable). */
  readonly logicalName: 'Coordination' | 'Observations' | 'State' | 'Audit' | 'Events';
  /** Appended to the service name: `<service>-<suffix>`. */
  readonly suffix: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  /** Attribute holding an epoch-seconds expiry, so abandoned items disappear. */
  readonly ttlAttribute?: string;
  /** Stream of new images (the controller reacts to observation changes in well under a second). */
  readonly stream?: boolean;
  readonly purpose: string;
}

export const coordinationTable: TableDefinition = {
  logicalName: 'Coordination',
  suffix: 'coordination',
  partitionKey: { name: 'pk', type: 'S' },
  ttlAttribute: 'expiresAt',
  purpose: 'Lease locks with fencing tokens, and leader records with terms',
};

export const observationsTable: TableDefinition = {
  logicalName: 'Observations',
  suffix: 'observations',
  partitionKey: { name: 'target', type: 'S' },
  sortKey: { name: 'checker', type: 'S' },
  ttlAttribute: 'expiresAt',
  stream: true,
  purpose: 'One item per target × checker region: health state and recent results',
};

export const stateTable: TableDefinition = {
  logicalName: 'State',
  suffix: 'state',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  purpose: 'Controller state: active set, flip intents, pins, routing table versions',
};

export const auditTable: TableDefinition = {
  logicalName: 'Audit',
  suffix: 'audit',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  ttlAttribute: 'expiresAt',
  purpose: 'Audit log of flips and operator actions (who, what, why, term, timings)',
};

/**
 * The event history (lambdas/history/): quorum-verdict and checker-state transitions, flip phases,
 * drill steps. Items are filed by day (`pk = day#YYYY-MM-DD`, `sk = <ISO time>#<kind>#<identity>`)
 * so a window is one Query per day; drills have their own partition (`pk = drill#<id>`). TTL from
 * `history.retentionDays`.
 */
export const eventsTable: TableDefinition = {
  logicalName: 'Events',
  suffix: 'events',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  ttlAttribute: 'expiresAt',
  purpose: 'Event history for incidents, availability reports and drill reports (verdict transitions, flip phases, drill steps)',
};

export const allTables: readonly TableDefinition[] = [coordinationTable, observationsTable, stateTable, auditTable, eventsTable];

/** Physical table name of a definition for a service, e.g. `shop-api-coordination`. */
export function tableName(service: string, table: TableDefinition, prefix = ''): string {
  return `${prefix}${service}-${table.suffix}`;
}

/** Table names for every table of one service; the handlers get these through environment variables. */
export interface TableNames {
  readonly coordination: string;
  readonly observations: string;
  readonly state: string;
  readonly audit: string;
  readonly events: string;
}

export function tableNames(service: string, prefix = ''): TableNames {
  return {
    coordination: tableName(service, coordinationTable, prefix),
    observations: tableName(service, observationsTable, prefix),
    state: tableName(service, stateTable, prefix),
    audit: tableName(service, auditTable, prefix),
    events: tableName(service, eventsTable, prefix),
  };
}
