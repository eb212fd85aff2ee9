/**
 * What each HTTP route needs from the rest of the system, and nothing more. The app is written
 * against these ports; `adapters.ts` implements them on top of the controller, the lock library
 * and the ring, and tests use in-memory fakes. A port rejects a request it cannot honour by
 * throwing `ServiceRejection` (see errors.ts), which becomes a 4xx with the port's message.
 */
import type { HistoryReport, historySchemas } from '../history';
import type { AcquireLockRequest, DemoMode, DnsAnswerBody, HistoryBody, LockAcquiredBody, LockRenewedBody, LockBody, OperatorResultBody, RouteBody, SignalBody, StatusBody } from './schemas';
import type { ChaosCommand, ChaosStateBody } from './chaos-schemas';
import type { DrillReportBody } from './drill-schemas';
import type { EventHistoryPort } from './event-history-port';

/** Who asked: an IAM ARN behind API Gateway, `local-operator` for the local bearer token. */
export type Actor = string;

/** `GET /status` */
export interface StatusPort {
  status(): Promise<StatusBody>;
}

/**
 * What DNS answers for the service record now, for `GET /status`: only where a DNS data plane can be
 * asked (local mode's name server). The Lambda wiring has none: from inside AWS the API cannot ask
 * Route 53's resolvers what users get, so it reports `null` rather than guess from the records.
 */
export interface DnsAnswerPort {
  /** `undefined` until the name server has answered once. */
  answerNow(): DnsAnswerBody | undefined;
}

/** `GET /history` (newest first; `cursor` is opaque to the app). */
export interface HistoryPort {
  history(page: { readonly limit: number; readonly cursor?: string }): Promise<HistoryBody>;
}

/** `GET /routes/{key}` */
export interface RoutingPort {
  route(key: string, op: 'read' | 'write'): Promise<RouteBody>;
}

/** `POST /failover`, `POST /failback`, `PUT /pin`, `DELETE /pin` */
export interface OperatorPort {
  /** `force` skips the readiness gate (a target without an UP verdict); never leaves nothing serving. */
  failover(request: { readonly to: string; readonly reason: string; readonly actor: Actor; readonly force: boolean }): Promise<OperatorResultBody>;
  failback(request: { readonly reason: string; readonly actor: Actor; readonly force: boolean }): Promise<OperatorResultBody>;
  pin(request: { readonly region: string; readonly reason: string; readonly actor: Actor; readonly force: boolean }): Promise<OperatorResultBody>;
  unpin(request: { readonly reason: string; readonly actor: Actor }): Promise<OperatorResultBody>;
}

/** Names a grant (the public fencing token) and proves its holder (the lease secret from acquire). */
export interface LeaseProof {
  readonly token: number;
  readonly secret: string;
}

/** `/locks/{name}`: lease locks with fencing tokens. */
export interface LockPort {
  /** Resolves `undefined` when the lock is still held by someone else after `waitMs`; the grant carries its lease secret (only here). */
  acquire(name: string, request: AcquireLockRequest): Promise<LockAcquiredBody | undefined>;
  /** Throws ServiceRejection (409) when `token` no longer holds the lock or `secret` is not its lease secret. */
  renew(name: string, grant: LeaseProof, leaseMs?: number): Promise<LockRenewedBody>;
  /** Throws ServiceRejection (409) when `token` no longer holds the lock or `secret` is not its lease secret. */
  release(name: string, grant: LeaseProof): Promise<void>;
  inspect(name: string): Promise<LockBody>;
}

/** `GET /signal/{region}`: what Route 53 health checks read in health-signal mode. */
export interface SignalPort {
  signalFor(region: string): Promise<SignalBody>;
}

/** `POST /drills`, `POST /drills/{id}/abort`, `GET /drills/{id}`: practice failovers (drill-port.ts). */
export interface DrillsPort {
  /** The drill's report once its out-flip is done; ServiceRejection (409) when the pre-checks refuse, with the report in its details. */
  start(request: { readonly to: string; readonly durationMs: number; readonly reason: string; readonly actor: Actor }): Promise<DrillReportBody>;
  /** Traffic returns home now; 404 for an unknown drill, 409 for one that has finished. */
  abort(id: string, request: { readonly reason: string; readonly actor: Actor }): Promise<DrillReportBody>;
  /** 404 for an unknown drill. */
  report(id: string): Promise<DrillReportBody>;
}

/** `POST /demo/{region}/{mode}`: local mode only, switches a demo backend's behaviour. */
export interface DemoPort {
  setMode(region: string, mode: DemoMode): void;
  modes(): Record<string, DemoMode>;
}

/** `GET /chaos`, `POST /chaos`: regional local mode only, injects and heals faults. */
export interface ChaosPort {
  state(): Promise<ChaosStateBody>;
  /** Throws ServiceRejection for a command that names an unknown region or does not apply. */
  apply(command: ChaosCommand, actor: Actor): Promise<ChaosStateBody>;
}

/** `GET /report`, `GET /incidents`: figures from the event history (lambdas/history). */
type IncidentsResponse = historySchemas.IncidentsResponse;

export interface ReportPort {
  /** The window of `windowMs` ending at `end` (default now). */
  report(query: { readonly windowMs: number; readonly end?: number }): Promise<HistoryReport>;
  incidents(query: { readonly windowMs: number; readonly end?: number; readonly region?: string }): Promise<IncidentsResponse>;
}

export interface ApiServices {
  /** App regions of the config; path and body regions are checked against these. */
  readonly appRegions: readonly string[];
  readonly status: StatusPort;
  readonly history: HistoryPort;
  readonly routing: RoutingPort;
  readonly operator: OperatorPort;
  readonly locks: LockPort;
  readonly signal: SignalPort;
  /** Absent when the deployment has no Events table (EVENTS_TABLE unset): the history routes answer 503. */
  readonly reports?: ReportPort;
  /** Practice failovers; without it the `/drills` routes do not exist. */
  readonly drills?: DrillsPort;
  /** Present only in local mode; without it the `/demo` routes do not exist. */
  readonly demo?: DemoPort;
  /** Present only in regional local mode; without it `/chaos` answers 404 saying so. */
  readonly chaos?: ChaosPort;
  /** The recorded event history (Events table); without it `/timeline`, `/report` and `/incidents` do not exist. */
  readonly events?: EventHistoryPort;
}
