/**
 * Assembles the API's ports from the real services; used by the Lambda handler and local mode so
 * both serve exactly the same thing.
 */
import { randomUUID } from 'node:crypto';
import type { FailoverConfig } from '../config/schema';
import type { LockStore } from '../coordination';
import type { Clock } from '../platform/clock';
import type { ObservationStore } from '../health';
import { ControllerHistoryPort, ControllerSignalPort, ControllerStatusPort, TableRoutingPort, type ControllerApi, type LeaderReader, type RoutingReader } from './adapters';
import { HttpLockPort } from './lock-port';
import { ControllerOperatorPort } from './operator-port';
import { ReadinessReader } from './readiness';
import type { ApiServices, DemoPort, DnsAnswerPort, DrillsPort } from './ports';
import { HistoryReportPort } from './report-port';
import { StoreEventHistoryPort } from './event-history-port';
import type { HistoryEventStore } from '../history';

export interface ApiServiceDeps {
  readonly config: FailoverConfig;
  readonly controller: ControllerApi;
  readonly observations: Pick<ObservationStore, 'loadForTargets'>;
  readonly leader: LeaderReader;
  /** Create once per process (`createRouteTableReader`) so its cache outlives a request. */
  readonly routes: RoutingReader;
  readonly lockStore: LockStore;
  readonly clock: Clock;
  /** The Events table (`GET /report`, `GET /incidents`, `GET /timeline`); absent when the deployment records no history. */
  readonly events?: Pick<HistoryEventStore, 'range'>;
  /** Practice failovers (the `/drills` routes). */
  readonly drills?: DrillsPort;
  /** Local mode only. */
  readonly demo?: DemoPort;
  /** Local mode only: its name server's answer for `GET /status`. */
  readonly dnsAnswer?: DnsAnswerPort;
}

export function createApiServices(deps: ApiServiceDeps): ApiServices {
  const { config, controller, clock } = deps;
  const status = new ControllerStatusPort({
    controller,
    observations: deps.observations,
    leader: deps.leader,
    routes: deps.routes,
    config,
    clock,
    ...(deps.dnsAnswer ? { dnsAnswer: deps.dnsAnswer } : {}),
  });
  return {
    appRegions: config.appRegions.map((a) => a.region),
    status,
    history: new ControllerHistoryPort(controller),
    routing: new TableRoutingPort(deps.routes),
    operator: new ControllerOperatorPort({ controller, readiness: new ReadinessReader({ observations: deps.observations, config, clock }), policy: config.policy }),
    locks: new HttpLockPort({ store: deps.lockStore, clock, newId: randomUUID }),
    signal: new ControllerSignalPort(controller),
    ...(deps.events ? { reports: new HistoryReportPort({ store: deps.events, config, clock }) } : {}),
    ...(deps.drills ? { drills: deps.drills } : {}),
    ...(deps.demo ? { demo: deps.demo } : {}),
    ...(deps.events ? { events: new StoreEventHistoryPort({ store: deps.events, config, clock, status }) } : {}),
  };
}
