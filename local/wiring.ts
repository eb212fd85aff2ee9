/**
 * Local mode runs the real services: the controller of each app region is built by the same
 * factory the Lambda handlers use (`lambdas/failover/create.ts`), and each checker region runs
 * the checker service (`lambdas/health/checker/run.ts`) with a stop signal instead of a deadline.
 */
import type { AwsClients } from '../lambdas/platform/aws-clients';
import { DynamoLockStore } from '../lambdas/coordination/dynamodb/lock-store';
import { DynamoDbObservationStore } from '../lambdas/health/dynamodb-observation-store';
import { createProber } from '../lambdas/health/probe';
import { runChecker, type ProbeLoopReport } from '../lambdas/health/checker';
import type { CheckerTelemetry } from '../lambdas/health/checker/telemetry';
import type { FailoverConfig } from '../lambdas/config';
import { LeaderElector } from '../lambdas/coordination';
import { CONTROLLER_GROUP, createController, type ControllerEnv } from '../lambdas/failover/create';
import { ElectorLeadership } from '../lambdas/failover/elector-leadership';
import { RecordingMetrics } from '../lambdas/failover/metrics';
import type { ControllerLog, FailoverController } from '../lambdas/failover/controller';
import type { Clock } from '../lambdas/platform/clock';
import type { Leadership } from '../lambdas/failover/leadership';
import { createRoutingTableReader, type RoutingTableReader } from '../lambdas/keyrouting';
import type { TableNames } from '../lambdas/platform/tables';

export interface WiringInput {
  readonly config: FailoverConfig;
  readonly clients: AwsClients;
  readonly tables: TableNames;
  readonly hostedZoneId: string;
  readonly clock: Clock;
  readonly log: ControllerLog;
}

export interface LocalController {
  readonly region: string;
  readonly controller: FailoverController;
  /** Kept so local mode can resign on stop: the next start need not wait out the lease. */
  readonly elector: LeaderElector;
}

export interface LocalServices {
  readonly lockStore: DynamoLockStore;
  readonly observations: DynamoDbObservationStore;
  /** One per app region; they elect one leader among them, as the regional Lambdas do. */
  readonly controllers: readonly LocalController[];
  /** Serves the API: operator actions and read models need no leadership. */
  readonly apiController: FailoverController;
  /** Reads the controllers' leader record for GET /status. */
  readonly leaderReader: LeaderElector;
  /** The routing table the controllers publish, for GET /routes and GET /status (as the API Lambda reads it). */
  readonly routes: RoutingTableReader;
}

/** The API never campaigns: operator actions are guarded by the state's version, not a term. */
const neverLeads: Leadership = { tryLead: () => Promise.resolve(undefined) };

export function buildLocalServices(input: WiringInput): LocalServices {
  const { config, clients, tables, clock, log } = input;
  const lockStore = new DynamoLockStore({ dynamodb: clients.dynamodb, tableName: tables.coordination });
  const envFor = (region: string): ControllerEnv => ({ config, region, tableRegion: region, tables, hostedZoneId: input.hostedZoneId });
  const controllers = config.appRegions.map(({ region }) => {
    const elector = new LeaderElector({ store: lockStore, clock, group: CONTROLLER_GROUP, candidate: `local-controller@${region}`, settings: config.leader });
    const leadership = new ElectorLeadership(elector, { payload: region });
    return { region, elector, controller: createController({ env: envFor(region), clients, clock, leadership, metrics: new RecordingMetrics(), log }) };
  });
  const first = config.appRegions[0]?.region ?? 'us-east-1';
  return {
    lockStore,
    observations: new DynamoDbObservationStore({ documents: clients.documents, tableName: tables.observations }),
    controllers,
    apiController: createController({ env: envFor(first), clients, clock, leadership: neverLeads, metrics: new RecordingMetrics(), log }),
    leaderReader: new LeaderElector({ store: lockStore, clock, group: CONTROLLER_GROUP, candidate: 'local-api-reader', settings: config.leader }),
    routes: createRoutingTableReader({ clients, tableName: tables.state, clock }),
  };
}

/** The checker service of one checker region (as the checker Lambda runs it), until `signal` aborts. */
export function runLocalChecker(input: WiringInput & { readonly checker: string; readonly signal: AbortSignal; readonly telemetry: CheckerTelemetry }): Promise<ProbeLoopReport> {
  const { config, clients, tables, clock } = input;
  return runChecker({
    config,
    checkerRegion: input.checker,
    store: new DynamoDbObservationStore({ documents: clients.documents, tableName: tables.observations }),
    prober: createProber({ clock }),
    clock,
    telemetry: input.telemetry,
    signal: input.signal,
    writer: `local-checker@${input.checker}`,
  });
}
