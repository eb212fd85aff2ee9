/**
 * The controller's vocabulary shared by its parts (automation, operator commands, flip protocol,
 * read models) and its callers (API, handlers, local mode): dependencies, results and views.
 */
import type { FailoverConfig } from '../config/schema';
import type { Decision, FlipPlan, Pin, TrafficSplit, Verdicts } from './rules';
import type { Clock } from '../platform/clock';
import type { ApplyFailure, ControllerState, ControllerStateStore, Writer } from './state-store';
import type { ApplyResult, DnsFlipper } from './dns-flipper';
import type { Leadership } from './leadership';
import type { RouteTableStore } from '../keyrouting';
import type { HysteresisProgress, VerdictSnapshot, VerdictSource } from '../health';
import type { ControllerMetrics } from './metrics';
import type { FlipNotifier } from './notifier';
import type { RouteTableSyncResult } from './route-table-sync';
import type { FailoverEvents } from './failover-events';

export interface ControllerLog {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
}

export interface ControllerDeps {
  readonly config: Pick<FailoverConfig, 'service' | 'policy' | 'failover' | 'dns' | 'routing'>;
  readonly store: ControllerStateStore;
  /** The versioned route table (State table, pk `routing`), published from the active set. */
  readonly routeTables: RouteTableStore;
  readonly verdicts: VerdictSource;
  readonly leadership: Leadership;
  readonly flipper: DnsFlipper;
  readonly notifier: FlipNotifier;
  readonly metrics: ControllerMetrics;
  readonly clock: Clock;
  /** Region this controller runs in (for the actor name). */
  readonly region: string;
  /** @default crypto.randomUUID */
  readonly newId?: () => string;
  readonly log?: ControllerLog;
  /** The event history's observer (verdict changes, flip phases). @default recording off */
  readonly events?: FailoverEvents;
  /** Work that runs inside the leader's tick before the automatic decision (practice failovers). */
  readonly tickHook?: TickHook;
}

/** What a tick hook sees: the state after pending work was done (no intent pending), the verdicts, the leader's writer. */
export interface TickHookContext {
  readonly state: ControllerState;
  readonly snapshot: VerdictSnapshot;
  readonly writer: Writer;
  readonly signal: AbortSignal;
  readonly trigger: string;
}

/**
 * A port the history layer implements (failover cannot import it): a drill in progress owns the
 * tick — it flips through the same fenced two-phase protocol, and automation does not decide, so an automatic failback
 * cannot undo the drill. `undefined`: nothing to do, automation decides as usual.
 */
export interface TickHook {
  duringTick(context: TickHookContext): Promise<TickResult | undefined>;
}

export interface CompletedFlip {
  readonly id: string;
  readonly plan: FlipPlan;
  readonly actor: string;
  readonly term: number;
  readonly applied: ApplyResult;
  readonly intentAt: number;
  /** Phase 2 finished (dns-update: Route 53 reported INSYNC); absent when the flip was found committed by another writer. */
  readonly appliedAt?: number;
  readonly completedAt: number;
  /** Publishing the route table for the new active set; a failure does not undo the flip (the next leader tick retries). */
  readonly routingTable: RouteTableSyncResult;
}

export type TickResult =
  | { readonly outcome: 'not-leader' }
  /** Leadership was lost mid-tick; whatever was recorded is rolled forward by the next leader. */
  | { readonly outcome: 'lost-leadership'; readonly detail: string }
  | { readonly outcome: 'fenced'; readonly detail: string }
  | { readonly outcome: 'conflict'; readonly detail: string }
  /** Phase 2 failed (e.g. Route 53 throttling past the retries): the intent stays pending and the next tick rolls it forward. */
  | { readonly outcome: 'apply-failed'; readonly flipId: string; readonly detail: string }
  | { readonly outcome: 'hold'; readonly decision: Extract<Decision, { kind: 'hold' }>; readonly reconciled: boolean; readonly routingTable: RouteTableSyncResult }
  /** A pending intent was no longer valid when this tick found it: committed as superseded (audited, not applied). */
  | { readonly outcome: 'superseded'; readonly flipId: string; readonly detail: string }
  | { readonly outcome: 'flipped'; readonly flip: CompletedFlip }
  /** A practice failover owned the tick (see TickHook); `flip` when one of its legs flipped now. */
  | { readonly outcome: 'drill'; readonly drillId: string; readonly detail: string; readonly flip?: CompletedFlip }
  | { readonly outcome: 'rolled-forward'; readonly flip: CompletedFlip };

export interface OperatorRequest {
  readonly reason: string;
  /** Who asked (IAM principal, user name); goes to the audit trail. */
  readonly actor: string;
  /** Skip the readiness gate. */
  readonly force?: boolean;
}

export interface OperatorResult {
  readonly changed: boolean;
  readonly flip?: CompletedFlip;
  readonly traffic: TrafficSplit;
  readonly pin?: Pin;
}

export interface SignalAnswer {
  readonly region: string;
  /** True while the controller's decision routes traffic to this region. */
  readonly serving: boolean;
  /** What the signal endpoint answers: 200 serving, 503 not. */
  readonly httpStatus: 200 | 503;
  readonly version: number;
}

/**
 * What automation would do now and why: the decision for the state and verdicts of this moment
 * (with the numbers behind a hold in `decision.facts`), or — while an intent is pending — whether
 * the next leader tick rolls it forward or supersedes it.
 */
export type AutomationView =
  | { readonly action: 'decide'; readonly decision: Decision }
  | { readonly action: 'roll-forward'; readonly intentId: string; readonly detail: string }
  | { readonly action: 'supersede'; readonly intentId: string; readonly detail: string };

export interface PendingFlipView {
  readonly id: string;
  readonly cause: string;
  readonly to: TrafficSplit;
  readonly actor: string;
  /** Wall-clock ms the intent was recorded. */
  readonly since: number;
  readonly ageSeconds: number;
  /** The last failed apply (Route 53 impaired, …), if any. */
  readonly lastError?: ApplyFailure;
}

export interface StatusView {
  readonly service: string;
  readonly flipMode: string;
  readonly policy: FailoverConfig['policy']['mode'];
  readonly traffic: TrafficSplit;
  readonly serving: readonly string[];
  readonly version: number;
  /** The highest leader term that wrote the state (fences older leaders). */
  readonly fenceTerm: number;
  /** That term's number for people (`term #7`), when the state has it. */
  readonly fenceTermNumber?: number;
  readonly pin?: Pin;
  readonly pendingFlip?: PendingFlipView;
  readonly lastFlip?: ControllerState['lastFlip'];
  readonly verdicts: Verdicts;
  /** What the decision rules say now (not executed); see `automation` for what the next tick does. */
  readonly decision: Decision;
  readonly automation: AutomationView;
  readonly flipsInWindow: number;
  readonly flapWindow: { readonly flips: number; readonly max: number; readonly windowSeconds: number };
  /** Per region, while checkers are counting toward DOWN or UP: n of the quorum, and their streaks. */
  readonly progress: Readonly<Record<string, readonly HysteresisProgress[]>>;
}
