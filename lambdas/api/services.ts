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
import type { ApiServices, DemoPort } from './ports';
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
  /** Local mode only. */
  readonly demo?: DemoPort;
  /** The Events table; without it the history routes do not exist. */
  readonly events?: Pick<HistoryEventStore, 'range'>;
}

export function createApiServices(deps: ApiServiceDeps): ApiServices {
  const { config, controller, clock } = deps;
  const status = new ControllerStatusPort({ controller, observations: deps.observations, leader: deps.leader, routes: deps.routes, config, clock });
  return {
    appRegions: config.appRegions.map((a) => a.region),
    status,
    history: new ControllerHistoryPort(controller),
    routing: new TableRoutingPort(deps.routes),
    operator: new ControllerOperatorPort({ controller, readiness: new ReadinessReader({ observations: deps.observations, config, clock }), policy: config.policy }),
    locks: new HttpLockPort({ store: deps.lockStore, clock, newId: randomUUID }),
    signal: new ControllerSignalPort(controller),
    ...(deps.demo ? { demo: deps.demo } : {}),
    ...(deps.events ? { events: new StoreEventHistoryPort({ store: deps.events, config, clock, status }) } : {}),
  };
}
