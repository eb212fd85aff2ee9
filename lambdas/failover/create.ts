/**
 * Wiring of the controller service from the handler environment (names: lib/constructs/handler-env.ts).
 * The controller Lambda, the API Lambda and local mode all build the service here.
 */
import type { AwsClients } from '../platform/aws-clients';
import { DynamoControllerStateStore } from './dynamodb-state-store';
import { DynamoDbObservationStore } from '../health/dynamodb-observation-store';
import { parseConfig, type FailoverConfig } from '../config';
import { createLeaderElector } from '../coordination';
import { systemClock, type Clock } from '../platform/clock';
import type { DnsFlipper } from './dns-flipper';
import type { Leadership } from './leadership';
import type { RoutingTableStore } from '../keyrouting/route-table-store';
import { createRoutingTableStore } from '../keyrouting';
import { ElectorLeadership } from './elector-leadership';
import { healthSignalFlipper } from './health-signal-flipper';
import { powertoolsMetrics, type ControllerMetrics } from './metrics';
import { silentNotifier, type FlipNotifier } from './notifier';
import { QuorumVerdictSource } from '../health/quorum-verdicts';
import { FailoverController, type ControllerLog } from './controller';

/*
 * Route 53 and SNS are loaded on first use, not at module init: in health-signal mode (the
 * default) a controller never calls Route 53, and SNS is needed only when a flip happens, so a
 * cold start pays for the DynamoDB client alone (bench/bundle.ts measures init time).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading on purpose, see above */
function loadRoute53Adapter(): typeof import('./route53-flipper') {
  return require('./route53-flipper') as typeof import('./route53-flipper');
}

function snsNotifier(clients: AwsClients, topicArn: string): FlipNotifier {
  let notifier: FlipNotifier | undefined;
  return {
    flipped(event) {
      if (notifier === undefined) {
        const { SnsFlipNotifier } = require('./sns-notifier') as typeof import('./sns-notifier');
        notifier = new SnsFlipNotifier(clients.sns, topicArn);
      }
      return notifier.flipped(event);
    },
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** Election group of the controllers of one service. */
export const CONTROLLER_GROUP = 'controller';

export interface ControllerEnv {
  readonly config: FailoverConfig;
  /** Region this process runs in. */
  readonly region: string;
  /** Region of the table replica to talk to. */
  readonly tableRegion: string;
  readonly tables: { readonly coordination: string; readonly observations: string; readonly state: string; readonly audit: string };
  readonly topicArn?: string;
  readonly hostedZoneId?: string;
}

export class ControllerEnvError extends Error {
  override readonly name = 'ControllerEnvError';
}

/**
 * Reads FAILOVER_CONFIG (JSON), FAILOVER_REGION (or AWS_REGION), TABLE_REGION, COORDINATION_TABLE,
 * OBSERVATIONS_TABLE, STATE_TABLE, AUDIT_TABLE, and optionally ALERT_TOPIC_ARN and HOSTED_ZONE_ID.
 */
export function readControllerEnv(env: NodeJS.ProcessEnv = process.env): ControllerEnv {
  const missing: string[] = [];
  const need = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === '') missing.push(name);
    return value ?? '';
  };
  const configText = need('FAILOVER_CONFIG');
  const region = env.FAILOVER_REGION || env.AWS_REGION || '';
  if (region === '') missing.push('FAILOVER_REGION');
  const tables = { coordination: need('COORDINATION_TABLE'), observations: need('OBSERVATIONS_TABLE'), state: need('STATE_TABLE'), audit: need('AUDIT_TABLE') };
  if (missing.length > 0) throw new ControllerEnvError(`missing environment variable${missing.length === 1 ? '' : 's'}: ${missing.join(', ')} (the stacks set them; see lib/constructs/handler-env.ts)`);
  let json: unknown;
  try {
    json = JSON.parse(configText);
  } catch (err) {
    throw new ControllerEnvError(`FAILOVER_CONFIG is not valid JSON: ${(err as Error).message}`);
  }
  const config = parseConfig(json, 'FAILOVER_CONFIG');
  const hostedZoneId = env.HOSTED_ZONE_ID || config.dns.hostedZoneId;
  return {
    config,
    region,
    tableRegion: env.TABLE_REGION || region,
    tables,
    ...(env.ALERT_TOPIC_ARN ? { topicArn: env.ALERT_TOPIC_ARN } : {}),
    ...(hostedZoneId ? { hostedZoneId } : {}),
  };
}

export interface CreateControllerOptions {
  readonly env: ControllerEnv;
  /** Clients for the table region (`createAwsClients({ region: env.tableRegion })`). */
  readonly clients: AwsClients;
  readonly clock?: Clock;
  /** @default leader election on the Coordination table, group `controller` */
  readonly leadership?: Leadership;
  /** @default Powertools Metrics */
  readonly metrics?: ControllerMetrics;
  readonly flipper?: DnsFlipper;
  /** @default SNS on ALERT_TOPIC_ARN when set, else none */
  readonly notifier?: FlipNotifier;
  /** @default the traffic table in the State table (pk `traffic`) */
  readonly routingTables?: RoutingTableStore;
  readonly log?: ControllerLog;
  readonly newId?: () => string;
}

/**
 * dns-update without a hosted zone id (e.g. a function deployed without HOSTED_ZONE_ID): reads
 * work, and a flip it starts fails at phase 2 with this message — its intent stays recorded and
 * the leader, which has the zone id, rolls it forward on its next run.
 */
function zonelessFlipper(): DnsFlipper {
  const fail = (): Promise<never> =>
    Promise.reject(new ControllerEnvError('dns.flipMode is dns-update but neither HOSTED_ZONE_ID nor dns.hostedZoneId is set for this function; the controller will apply the recorded flip'));
  return { mode: 'dns-update', apply: fail, matches: fail };
}

export function createFlipper(env: ControllerEnv, clients: Pick<AwsClients, 'route53'>, clock: Clock): DnsFlipper {
  if (env.config.dns.flipMode === 'health-signal') return healthSignalFlipper;
  if (env.hostedZoneId === undefined) return zonelessFlipper();
  const { Route53RecordFlipper } = loadRoute53Adapter();
  return new Route53RecordFlipper({ route53: clients.route53, hostedZoneId: env.hostedZoneId, config: env.config, clock });
}

export function createController(options: CreateControllerOptions): FailoverController {
  const { env, clients } = options;
  const clock = options.clock ?? systemClock;
  const log = options.log;
  const leadership =
    options.leadership ??
    new ElectorLeadership(createLeaderElector({ clients, tableName: env.tables.coordination, group: CONTROLLER_GROUP, settings: env.config.leader, clock }), {
      payload: env.region,
      // A silent leader is replaced after a lease plus a margin; a scheduled run waits that long.
      patientWaitMs: env.config.leader.leaseMs * 1.5 + env.config.leader.retryMs,
    });
  // MRSC global tables do not support TransactWriteItems; one-region tables do.
  const transactions = env.config.coordination.mode === 'single-region';
  return new FailoverController({
    config: env.config,
    store: new DynamoControllerStateStore({ documents: clients.documents, stateTable: env.tables.state, auditTable: env.tables.audit, transactions }),
    routingTables: options.routingTables ?? createRoutingTableStore({ clients, tableName: env.tables.state, transactions, onHistoryError: (err, version) => log?.warn('traffic table history write failed (the head is published)', { version, error: (err as Error).message }) }),
    verdicts: new QuorumVerdictSource(new DynamoDbObservationStore({ documents: clients.documents, tableName: env.tables.observations }), env.config, clock),
    leadership,
    flipper: options.flipper ?? createFlipper(env, clients, clock),
    notifier: options.notifier ?? (env.topicArn ? snsNotifier(clients, env.topicArn) : silentNotifier),
    metrics: options.metrics ?? powertoolsMetrics(env.config.service),
    clock,
    region: env.region,
    ...(options.newId ? { newId: options.newId } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
}
