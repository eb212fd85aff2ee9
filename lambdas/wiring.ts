/**
 * The one wiring root: checker, controller and API dependencies built from a `Deployment` (config +
 * environment, read by lambdas/platform/environment.ts) and AWS clients. The Lambda handlers and
 * local mode build everything here; tests override single parts. Features never import this file.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { createApiServices } from './api/services';
import type { ApiServices, DemoPort, DnsAnswerPort } from './api/ports';
import { DynamoLockStore, LeaderElector, type LockStore } from './coordination';
import { FailoverController, type ControllerDeps, type ControllerLog } from './failover/controller';
import { FlipProtocol } from './failover/flip-protocol';
import { RunnerDrillsPort } from './api/drill-port';
import { DrillRunner } from './history/drill-runner';
import { DynamoDbDrillStore } from './history/dynamodb-drill-store';
import type { DnsFlipper } from './failover/dns-flipper';
import { DynamoControllerStateStore } from './failover/dynamodb-state-store';
import { ElectorLeadership } from './failover/elector-leadership';
import { healthSignalFlipper } from './failover/health-signal-flipper';
import type { Leadership } from './failover/leadership';
import { powertoolsMetrics, type ControllerMetrics } from './failover/metrics';
import { silentNotifier, type FlipNotifier } from './failover/notifier';
import { ControllerConfigError } from './failover/errors';
import { createProber } from './health/probe';
import type { Prober } from './health/probe/prober';
import { DynamoDbObservationStore } from './health/dynamodb-observation-store';
import { QuorumVerdictSource } from './health/quorum-verdicts';
import { createPowertoolsTelemetry } from './health/checker/powertools-telemetry';
import type { CheckerOptions } from './health/checker/run';
import type { CheckerTelemetry } from './health/checker/telemetry';
import { createRouteTableReader, createRouteTableStore, type RouteTableReader, type RouteTableStore } from './keyrouting';
import { createAwsClients, type AwsClients, type ClientOptions } from './platform/aws-clients';
import type { FailoverEvent } from './platform/replica-failover';
import { systemClock, type Clock } from './platform/clock';
import type { Deployment } from './platform/environment';
import { createEventStore, createHistoryRecorder, recordingFailoverEvents, withHistory, type DynamoDbEventStore, type HistoryRecorder } from './history';
import { noFailoverEvents, type FailoverEvents } from './failover/failover-events';

/**
 * The AWS clients of one process: DynamoDB fails over between the deployment's table replicas
 * (TABLE_REGIONS, own replica first), every other client works in the process's own region.
 */
export function buildClients(deployment: Pick<Deployment, 'region' | 'tableRegion' | 'tableRegions'>, options: Omit<ClientOptions, 'region' | 'tableRegions'> = {}, log?: ControllerLog): AwsClients {
  const onFailover = log ? (e: FailoverEvent) => log.warn('table replica did not answer; trying the next', { from: e.from, to: e.to, error: (e.error as Error)?.message }) : undefined;
  return createAwsClients({
    ...options,
    region: deployment.region,
    tableRegions: deployment.tableRegions ?? [deployment.tableRegion],
    ...(onFailover && !options.failover?.onFailover ? { failover: { ...options.failover, onFailover } } : {}),
  });
}

/** Election group of the controllers of one service. */
export const CONTROLLER_GROUP = 'controller';

/** One Powertools logger per process, adapted to the small log interface the services take. */
export function createServiceLog(logger: Logger = new Logger()): ControllerLog & { readonly logger: Logger } {
  return {
    logger,
    info: (message, extra) => logger.info(message, extra ?? {}),
    warn: (message, extra) => logger.warn(message, extra ?? {}),
  };
}

/*
 * Route 53 and SNS are loaded on first use, not at module init: in health-signal mode (the
 * default) a controller never calls Route 53, and SNS is needed only when a flip happens, so a
 * cold start pays for the DynamoDB client alone (bench/bundle.ts measures init time).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading on purpose, see above */
function loadRoute53Adapter(): typeof import('./failover/route53-flipper') {
  return require('./failover/route53-flipper') as typeof import('./failover/route53-flipper');
}

function snsNotifier(clients: AwsClients, topicArn: string): FlipNotifier {
  let notifier: FlipNotifier | undefined;
  return {
    flipped(event) {
      if (notifier === undefined) {
        const { SnsFlipNotifier } = require('./failover/sns-notifier') as typeof import('./failover/sns-notifier');
        notifier = new SnsFlipNotifier(clients.sns, topicArn);
      }
      return notifier.flipped(event);
    },
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * dns-update without a hosted zone id (e.g. a function deployed without HOSTED_ZONE_ID): reads
 * work, and a flip it starts fails at phase 2 with this message — its intent stays recorded and
 * the leader, which has the zone id, rolls it forward on its next run.
 */
function zonelessFlipper(): DnsFlipper {
  const fail = (): Promise<never> =>
    Promise.reject(new ControllerConfigError('dns.flipMode is dns-update but neither HOSTED_ZONE_ID nor dns.hostedZoneId is set for this function; the controller will apply the recorded flip'));
  return { mode: 'dns-update', apply: fail, matches: fail };
}

export function buildFlipper(deployment: Pick<Deployment, 'config' | 'hostedZoneId'>, clients: Pick<AwsClients, 'route53'>, clock: Clock): DnsFlipper {
  if (deployment.config.dns.flipMode === 'health-signal') return healthSignalFlipper;
  if (deployment.hostedZoneId === undefined) return zonelessFlipper();
  const { Route53RecordFlipper } = loadRoute53Adapter();
  return new Route53RecordFlipper({ route53: clients.route53, hostedZoneId: deployment.hostedZoneId, config: deployment.config, clock });
}

/** The controllers' election on the Coordination table. */
export function buildControllerElector(
  deployment: Pick<Deployment, 'config' | 'tables'>,
  clients: Pick<AwsClients, 'dynamodb'>,
  options: { readonly candidate?: string; readonly clock?: Clock; readonly lockStore?: LockStore } = {},
): LeaderElector {
  return new LeaderElector({
    store: options.lockStore ?? new DynamoLockStore({ dynamodb: clients.dynamodb, tableName: deployment.tables.coordination }),
    group: CONTROLLER_GROUP,
    settings: deployment.config.leader,
    ...(options.candidate !== undefined ? { candidate: options.candidate } : {}),
    ...(options.clock !== undefined ? { clock: options.clock } : {}),
  });
}

/**
 * The event history's recorder when the deployment has an Events table (EVENTS_TABLE), else none.
 * `deferred` (the controller) writes at the end of a tick; `immediate` (the checker, a long loop
 * with rare events) writes each change at once.
 */
export function buildHistoryRecorder(
  deployment: Pick<Deployment, 'config' | 'tables'>,
  clients: Pick<AwsClients, 'documents'>,
  options: { readonly log?: ControllerLog; readonly mode: 'immediate' | 'deferred' },
): HistoryRecorder | undefined {
  if (deployment.tables.events === '') return undefined;
  // The flush bound is real time spent waiting on I/O, whatever clock the decisions run on.
  return createHistoryRecorder({ documents: clients.documents, tableName: deployment.tables.events, config: deployment.config, clock: systemClock, ...options });
}

export interface ControllerOverrides {
  readonly clock?: Clock;
  /** @default leader election on the Coordination table, group `controller` */
  readonly leadership?: Leadership;
  /** @default Powertools Metrics */
  readonly metrics?: ControllerMetrics;
  readonly flipper?: DnsFlipper;
  /** @default SNS on ALERT_TOPIC_ARN when set, else none */
  readonly notifier?: FlipNotifier;
  /** @default the route table in the State table (pk `routing`) */
  readonly routeTables?: RouteTableStore;
  readonly log?: ControllerLog;
  readonly newId?: () => string;
  /** @default the event history on EVENTS_TABLE when set, else recording off */
  readonly events?: FailoverEvents;
}

/** The API records operator decisions; it never campaigns for the controllers' leadership. */
export const neverLeads: Leadership = { tryLead: () => Promise.resolve(undefined) };

/** The controller's parts (without a tick hook). */
function controllerDeps(deployment: Deployment, clients: AwsClients, overrides: ControllerOverrides): ControllerDeps {
  const { config, tables } = deployment;
  const clock = overrides.clock ?? systemClock;
  const log = overrides.log;
  const leadership =
    overrides.leadership ??
    new ElectorLeadership(buildControllerElector(deployment, clients, { clock }), {
      payload: deployment.region,
      // A silent leader is replaced after a lease plus a margin; a scheduled run waits that long.
      patientWaitMs: config.leader.leaseMs * 1.5 + config.leader.retryMs,
    });
  const recorder = overrides.events === undefined ? buildHistoryRecorder(deployment, clients, { mode: 'deferred', ...(log ? { log } : {}) }) : undefined;
  const events = overrides.events ?? (recorder ? recordingFailoverEvents(recorder, log ? { log } : {}) : noFailoverEvents);
  // MRSC global tables do not support TransactWriteItems; one-region tables do.
  const transactions = config.coordination.mode === 'single-region';
  return {
    config,
    store: new DynamoControllerStateStore({ documents: clients.documents, stateTable: tables.state, auditTable: tables.audit, transactions }),
    routeTables:
      overrides.routeTables ??
      createRouteTableStore({
        clients,
        tableName: tables.state,
        transactions,
        onHistoryError: (err, version) => log?.warn('route table history write failed (the head is published)', { version, error: (err as Error).message }),
      }),
    verdicts: new QuorumVerdictSource(new DynamoDbObservationStore({ documents: clients.documents, tableName: tables.observations }), config, clock),
    leadership,
    flipper: overrides.flipper ?? buildFlipper(deployment, clients, clock),
    notifier: overrides.notifier ?? (deployment.topicArn ? snsNotifier(clients, deployment.topicArn) : silentNotifier),
    metrics: overrides.metrics ?? powertoolsMetrics(config.service),
    clock,
    region: deployment.region,
    events,
    ...(overrides.newId ? { newId: overrides.newId } : {}),
    ...(log ? { log } : {}),
  };
}

/** Without an Events table, drill steps live only in the drill record (the State table). */
const noDrillSteps: Pick<HistoryRecorder, 'drillStep' | 'flush'> = {
  drillStep: () => undefined,
  flush: () => Promise.resolve({ written: 0, existing: 0, failed: 0, dropped: 0, pending: 0, timedOut: false }),
};

/** Practice failovers over a controller's parts: drill records in the State table, steps in the Events table. */
function drillRunnerFor(deployment: Deployment, clients: AwsClients, deps: ControllerDeps): DrillRunner {
  return new DrillRunner({
    drills: new DynamoDbDrillStore({ documents: clients.documents, tableName: deployment.tables.state }),
    controller: deps,
    protocol: new FlipProtocol(deps),
    recorder: buildHistoryRecorder(deployment, clients, { mode: 'immediate', ...(deps.log ? { log: deps.log } : {}) }) ?? noDrillSteps,
  });
}

/** A controller whose leader tick also runs practice failovers (drills). */
export function buildController(deployment: Deployment, clients: AwsClients, overrides: ControllerOverrides = {}): FailoverController {
  const deps = controllerDeps(deployment, clients, overrides);
  return new FailoverController({ ...deps, tickHook: drillRunnerFor(deployment, clients, deps) });
}

/** Starts, aborts and reports drills for the API and the scheduled drill (never leads). */
export function buildDrillRunner(deployment: Deployment, clients: AwsClients, overrides: Omit<ControllerOverrides, 'leadership'> = {}): DrillRunner {
  return drillRunnerFor(deployment, clients, controllerDeps(deployment, clients, { ...overrides, leadership: neverLeads }));
}

export interface CheckerOverrides {
  readonly clock?: Clock;
  readonly prober?: Prober;
  /** @default Powertools metrics (EMF on stdout) and logger */
  readonly telemetry?: CheckerTelemetry;
}

/** How long a checker run waits for its last history writes (below the checker handler's 1 s safety margin). */
export const CHECKER_HISTORY_FLUSH_MS = 500;

export type CheckerParts = Omit<CheckerOptions, 'deadline' | 'signal' | 'writer'> & {
  readonly clock: Clock;
  /** Waits (bounded) for the event history's writes in flight; the Lambda runs it before returning. */
  readonly flushHistory: () => Promise<void>;
};

/**
 * Everything the checker loop needs but its deadline or stop signal. With an Events table, the
 * telemetry also records each state change (the first failed probe that began an outage) in the
 * event history, written at once and never in the probe loop's way (`withHistory`).
 */
export function buildChecker(deployment: Deployment, clients: Pick<AwsClients, 'documents'>, overrides: CheckerOverrides = {}): CheckerParts {
  const checkerRegion = deployment.checkerRegion ?? deployment.region;
  const clock = overrides.clock ?? systemClock;
  const telemetry = overrides.telemetry ?? createPowertoolsTelemetry({ service: deployment.config.service, checker: checkerRegion });
  const recorder = buildHistoryRecorder(deployment, clients, { mode: 'immediate' });
  return {
    config: deployment.config,
    checkerRegion,
    store: new DynamoDbObservationStore({ documents: clients.documents, tableName: deployment.tables.observations }),
    prober: overrides.prober ?? createProber({ clock }),
    clock,
    telemetry: recorder ? withHistory(telemetry, recorder, deployment.config.probe.intervalSeconds * 1000) : telemetry,
    // Changes are written as they happen; this only waits for the last ones, within the handler's safety margin.
    flushHistory: async () => {
      await recorder?.flush(CHECKER_HISTORY_FLUSH_MS);
    },
  };
}

export interface ApiOverrides {
  readonly clock?: Clock;
  /** The controller service the API answers from. @default one that never leads */
  readonly controller?: FailoverController;
  /** Create once per process so its cache outlives a request. @default the route table in the State table */
  readonly routes?: RouteTableReader;
  readonly lockStore?: LockStore;
  readonly log?: ControllerLog;
  /** Local mode only. */
  readonly demo?: DemoPort;
  /** Local mode only: its name server's answer (`GET /status` reports null without one). */
  readonly dnsAnswer?: DnsAnswerPort;
}

/** The API's Events table, when this deployment names one (EVENTS_TABLE). */
function apiEventStore(deployment: Deployment, clients: AwsClients): DynamoDbEventStore | undefined {
  if (deployment.tables.events === '') return undefined;
  return createEventStore({ documents: clients.documents, tableName: deployment.tables.events, config: deployment.config });
}

export function buildApi(deployment: Deployment, clients: AwsClients, overrides: ApiOverrides = {}): ApiServices {
  const clock = overrides.clock ?? systemClock;
  const lockStore = overrides.lockStore ?? new DynamoLockStore({ dynamodb: clients.dynamodb, tableName: deployment.tables.coordination });
  const events = apiEventStore(deployment, clients);
  return createApiServices({
    config: deployment.config,
    controller: overrides.controller ?? buildController(deployment, clients, { clock, leadership: neverLeads, ...(overrides.log ? { log: overrides.log } : {}) }),
    observations: new DynamoDbObservationStore({ documents: clients.documents, tableName: deployment.tables.observations }),
    leader: buildControllerElector(deployment, clients, { clock, lockStore, candidate: `api-reader@${deployment.region}:${randomUUID().slice(0, 8)}` }),
    routes: overrides.routes ?? createRouteTableReader({ clients, tableName: deployment.tables.state, clock }),
    lockStore,
    clock,
    ...(events ? { events } : {}),
    drills: new RunnerDrillsPort({
      runner: buildDrillRunner(deployment, clients, { clock, ...(overrides.log ? { log: overrides.log } : {}) }),
      ...(events ? { events } : {}),
    }),
    ...(overrides.demo ? { demo: overrides.demo } : {}),
    ...(overrides.dnsAnswer ? { dnsAnswer: overrides.dnsAnswer } : {}),
  });
}
