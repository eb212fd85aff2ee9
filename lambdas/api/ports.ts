/**
 * What each HTTP route needs from the rest of the system, and nothing more. The app is written
 * against these ports; `adapters.ts` implements them on top of the controller, the lock library
 * and the ring, and tests use in-memory fakes. A port rejects a request it cannot honour by
 * throwing `ServiceRejection` (see errors.ts), which becomes a 4xx with the port's message.
 */
import type { EventHistoryPort } from './event-history-port';
import type { AcquireLockRequest, DemoMode, HistoryBody, LockAcquiredBody, LockRenewedBody, LockBody, OperatorResultBody, RouteBody, SignalBody, StatusBody } from './schemas';

/** Who asked: an IAM ARN behind API Gateway, `local-operator` for the local bearer token. */
export type Actor = string;

/** `GET /status` */
export interface StatusPort {
  status(): Promise<StatusBody>;
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

/** `POST /demo/{region}/{mode}`: local mode only, switches a demo backend's behaviour. */
export interface DemoPort {
  setMode(region: string, mode: DemoMode): void;
  modes(): Record<string, DemoMode>;
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
  /** Present only in local mode; without it the `/demo` routes do not exist. */
  readonly demo?: DemoPort;
  /** The recorded event history (Events table); without it `/timeline`, `/report` and `/incidents` do not exist. */
  readonly events?: EventHistoryPort;
}
