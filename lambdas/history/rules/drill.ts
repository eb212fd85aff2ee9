/**
 * Practice failovers (drills) as a pure state machine. The runner (the controller or the API,
 * wired later) feeds it what it observes — a tick with the verdicts and the controller state, or
 * the outcome of a flip it was told to make — and records the steps it returns. Every decision
 * carries a code and a one-line reason.
 *
 *   requested ──pre-checks──► refused
 *       │ ok: flip all traffic to the target
 *       ▼
 *   moving-out ──flip done──► watching ──time up / target DOWN / operator abort──► returning ──flip done──► returned
 *       │ flip failed             │ someone else moved traffic or pinned: stop, do not fight       │ flip failed
 *       │                         │ home DOWN: stop, automation takes over                          │
 *       ▼                         ▼ home not UP when it is time to return (after a grace): stay     ▼
 *     failed                    stayed                                                           failed
 *
 * Pre-checks: the target is a known app region, UP and not already the only serving region; no
 * flip is pending; no pin; every region traffic returns to is UP.
 */
import type { DrillStepEvent, FlipMode } from './events';
import { isServing, sameTraffic, type TrafficSplit } from '../../failover/rules';

type Status = 'UP' | 'DOWN' | 'UNKNOWN';

export interface DrillPlan {
  readonly id: string;
  readonly target: string;
  /** Traffic when the drill was requested: where it returns. */
  readonly home: TrafficSplit;
  readonly durationMs: number;
  readonly reason: string;
  readonly actor: string;
  readonly requestedAt: number;
}

/** What the runner observes on a tick. */
export interface DrillWorld {
  readonly now: number;
  readonly regions: readonly string[];
  readonly verdicts: Readonly<Record<string, { readonly status: Status }>>;
  /** The controller's traffic split now. */
  readonly traffic: TrafficSplit;
  readonly pendingIntent?: { readonly id: string };
  readonly pin?: { readonly region: string };
  /** An operator asked to stop the drill. */
  readonly abort?: { readonly actor: string; readonly reason: string };
}

export type DrillCode =
  | 'unknown-region'
  | 'target-not-up'
  | 'target-already-serving'
  | 'intent-pending'
  | 'pinned'
  | 'home-not-up'
  | 'home-down'
  | 'prechecks-passed'
  | 'moved-out'
  | 'watching'
  | 'return-waiting'
  | 'duration-elapsed'
  | 'target-down'
  | 'operator-abort'
  | 'superseded'
  | 'returned'
  | 'flip-failed';

export type DrillAction = 'refuse' | 'flip-out' | 'continue' | 'return' | 'finish';

export interface DrillDecision {
  readonly action: DrillAction;
  readonly code: DrillCode;
  /** One line for people. */
  readonly reason: string;
  /** For `flip-out` and `return`: the traffic to apply (a drill flip). */
  readonly to?: TrafficSplit;
}

export type DrillPhase = 'requested' | 'moving-out' | 'watching' | 'returning' | 'finished';
export type DrillOutcome = 'refused' | 'returned' | 'stayed' | 'failed';

export interface FlipTiming {
  readonly flipId: string;
  readonly intentAt: number;
  readonly appliedAt?: number;
  readonly completedAt?: number;
  readonly mode?: FlipMode;
}

export interface DrillState {
  readonly plan: DrillPlan;
  readonly phase: DrillPhase;
  /** Number of steps recorded so far (the next step's seq). */
  readonly seq: number;
  /** Traffic reached the target (the out flip completed). */
  readonly onTargetSince?: number;
  /** Why the drill is returning (while `returning`). */
  readonly returnCode?: DrillCode;
  readonly outcome?: DrillOutcome;
}

export type DrillInput =
  | { readonly kind: 'tick'; readonly world: DrillWorld }
  | { readonly kind: 'flip-completed'; readonly flip: Required<Omit<FlipTiming, 'appliedAt'>> & { readonly appliedAt?: number } }
  | { readonly kind: 'flip-failed'; readonly at: number; readonly error: string; readonly flip?: FlipTiming };

export type DrillStepInput = Omit<DrillStepEvent, 'kind'>;

export interface DrillTransition {
  readonly state: DrillState;
  /** Present after a tick. */
  readonly decision?: DrillDecision;
  /** Steps to record, in order (already numbered). */
  readonly steps: readonly DrillStepInput[];
}

export interface DrillSettings {
  /** How long to wait for the home region to be UP once it is time to return. @default 5 min */
  readonly returnGraceMs?: number;
}

const DEFAULT_RETURN_GRACE_MS = 5 * 60_000;

export function newDrill(plan: DrillPlan): { state: DrillState; steps: DrillStepInput[] } {
  const state: DrillState = { plan, phase: 'requested', seq: 1 };
  const step: DrillStepInput = {
    drillId: plan.id,
    seq: 0,
    step: 'requested',
    at: plan.requestedAt,
    code: 'requested',
    detail: `${plan.actor}: drill to ${plan.target} for ${Math.round(plan.durationMs / 1000)} s: ${plan.reason}`.slice(0, 1000),
    plan: { target: plan.target, home: { ...plan.home }, durationMs: plan.durationMs, reason: plan.reason.slice(0, 500), actor: plan.actor.slice(0, 200) },
  };
  return { state, steps: [step] };
}

/** All traffic to the target (keeping its weight when it already has one). */
export function drillTraffic(home: TrafficSplit, target: string): TrafficSplit {
  const regions = new Set([...Object.keys(home), target]);
  return Object.fromEntries([...regions].map((r) => [r, r === target ? Math.max(1, home[r] ?? 0) : 0]));
}

function statusOf(world: DrillWorld, region: string): Status {
  return world.verdicts[region]?.status ?? 'UNKNOWN';
}

function homeRegions(plan: DrillPlan): string[] {
  return Object.keys(plan.home).filter((r) => isServing(plan.home, r));
}

/** Pre-checks of a requested drill, first failing check wins. */
export function precheck(plan: DrillPlan, world: DrillWorld): DrillDecision {
  const { target } = plan;
  if (!world.regions.includes(target)) return { action: 'refuse', code: 'unknown-region', reason: `${target} is not an app region (${world.regions.join(', ')})` };
  const targetStatus = statusOf(world, target);
  if (targetStatus !== 'UP') return { action: 'refuse', code: 'target-not-up', reason: `${target} is ${targetStatus}; a drill only moves traffic into a region the quorum says is UP` };
  const home = homeRegions(plan);
  if (home.length === 1 && home[0] === target) return { action: 'refuse', code: 'target-already-serving', reason: `${target} already serves all traffic; nothing to practise` };
  if (world.pendingIntent) return { action: 'refuse', code: 'intent-pending', reason: `flip ${world.pendingIntent.id} is in progress; try again when it completed` };
  if (world.pin) return { action: 'refuse', code: 'pinned', reason: `traffic is pinned to ${world.pin.region}; unpin first` };
  const notUp = home.filter((r) => statusOf(world, r) !== 'UP');
  if (notUp.length > 0) return { action: 'refuse', code: 'home-not-up', reason: `${notUp.map((r) => `${r} is ${statusOf(world, r)}`).join(', ')}; traffic could not return` };
  return { action: 'flip-out', code: 'prechecks-passed', reason: `${target} is UP, no flip pending, not pinned, home UP: moving all traffic to ${target}`, to: drillTraffic(plan.home, target) };
}

/** What to do while traffic is on the target. */
export function watch(state: DrillState, world: DrillWorld, settings: DrillSettings = {}): DrillDecision {
  const { plan } = state;
  const since = state.onTargetSince ?? world.now;
  const drillTo = drillTraffic(plan.home, plan.target);
  if (world.pin) return { action: 'finish', code: 'superseded', reason: `an operator pinned traffic to ${world.pin.region}; the drill stops without returning` };
  if (!sameTraffic(world.traffic, drillTo) && world.pendingIntent === undefined) {
    return { action: 'finish', code: 'superseded', reason: 'traffic was moved by someone else during the drill; the drill stops without returning' };
  }
  const home = homeRegions(plan);
  const homeNotUp = home.filter((r) => statusOf(world, r) !== 'UP');
  const back = (code: DrillCode, why: string): DrillDecision =>
    homeNotUp.length === 0
      ? { action: 'return', code, reason: `${why}: returning traffic to ${home.join(', ')}`, to: { ...plan.home } }
      : { action: 'finish', code: 'home-not-up', reason: `${why}, but ${homeNotUp.join(', ')} is not UP: traffic stays on ${plan.target}` };
  if (world.pendingIntent) return { action: 'continue', code: 'intent-pending', reason: `flip ${world.pendingIntent.id} is in progress; waiting` };
  if (world.abort) return back('operator-abort', `${world.abort.actor} aborted the drill (${world.abort.reason})`);
  if (statusOf(world, plan.target) === 'DOWN') return back('target-down', `${plan.target} went DOWN during the drill`);
  // Home is where users would be sent back to; while it is DOWN the drill's target is the failover, so
  // the drill ends and automation's normal rules take over from here (they fail back once home is UP).
  const homeDown = home.filter((r) => statusOf(world, r) === 'DOWN');
  if (homeDown.length > 0) return { action: 'finish', code: 'home-down', reason: `${homeDown.join(', ')} went DOWN during the drill: traffic stays on ${plan.target} and automation takes over` };
  const endsAt = since + plan.durationMs;
  if (world.now < endsAt) return { action: 'continue', code: 'watching', reason: `${plan.target} is ${statusOf(world, plan.target)}; ${Math.ceil((endsAt - world.now) / 1000)} s left` };
  if (homeNotUp.length === 0)
    return { action: 'return', code: 'duration-elapsed', reason: `the drill's ${Math.round(plan.durationMs / 1000)} s are over: returning traffic to ${home.join(', ')}`, to: { ...plan.home } };
  if (world.now < endsAt + (settings.returnGraceMs ?? DEFAULT_RETURN_GRACE_MS)) {
    return { action: 'continue', code: 'return-waiting', reason: `time is up, but ${homeNotUp.join(', ')} is not UP; waiting before returning` };
  }
  return { action: 'finish', code: 'home-not-up', reason: `${homeNotUp.join(', ')} did not come UP within the grace period: traffic stays on ${plan.target}` };
}

function step(state: DrillState, name: DrillStepInput['step'], at: number, code: string, detail: string, flip?: FlipTiming): DrillStepInput {
  return { drillId: state.plan.id, seq: state.seq, step: name, at, code, detail: detail.slice(0, 1000), ...(flip ? { flip: { ...flip } } : {}) };
}

/** One input in, the next state and the steps to record out. Inputs that do not fit the phase change nothing. */
export function advanceDrill(state: DrillState, input: DrillInput, settings: DrillSettings = {}): DrillTransition {
  const unchanged: DrillTransition = { state, steps: [] };
  if (state.phase === 'finished') return unchanged;
  if (input.kind === 'tick') {
    const { world } = input;
    if (state.phase === 'requested') {
      const decision = precheck(state.plan, world);
      if (decision.action === 'refuse') {
        return { decision, state: { ...state, phase: 'finished', outcome: 'refused', seq: state.seq + 1 }, steps: [step(state, 'refused', world.now, decision.code, decision.reason)] };
      }
      return { decision, state: { ...state, phase: 'moving-out', seq: state.seq + 1 }, steps: [step(state, 'moving-out', world.now, decision.code, decision.reason)] };
    }
    if (state.phase !== 'watching') return unchanged;
    const decision = watch(state, world, settings);
    if (decision.action === 'return') {
      return { decision, state: { ...state, phase: 'returning', returnCode: decision.code, seq: state.seq + 1 }, steps: [step(state, 'returning', world.now, decision.code, decision.reason)] };
    }
    if (decision.action === 'finish') {
      return { decision, state: { ...state, phase: 'finished', outcome: 'stayed', seq: state.seq + 1 }, steps: [step(state, 'stayed', world.now, decision.code, decision.reason)] };
    }
    return { decision, state, steps: [] };
  }
  if (input.kind === 'flip-completed') {
    const { flip } = input;
    if (state.phase === 'moving-out') {
      const moved: DrillState = { ...state, phase: 'watching', onTargetSince: flip.completedAt, seq: state.seq + 2 };
      return {
        state: moved,
        steps: [
          step(state, 'moved-out', flip.completedAt, 'moved-out', `all traffic on ${state.plan.target} (flip ${flip.flipId})`, flip),
          step({ ...state, seq: state.seq + 1 }, 'watching', flip.completedAt, 'watching', `watching ${state.plan.target} for ${Math.round(state.plan.durationMs / 1000)} s`),
        ],
      };
    }
    if (state.phase === 'returning') {
      return {
        state: { ...state, phase: 'finished', outcome: 'returned', seq: state.seq + 1 },
        steps: [step(state, 'returned', flip.completedAt, state.returnCode ?? 'returned', `traffic back on ${homeRegions(state.plan).join(', ')} (flip ${flip.flipId})`, flip)],
      };
    }
    return unchanged;
  }
  if (state.phase !== 'moving-out' && state.phase !== 'returning') return unchanged;
  const which = state.phase === 'moving-out' ? 'the flip to the target' : 'the flip back home';
  return {
    state: { ...state, phase: 'finished', outcome: 'failed', seq: state.seq + 1 },
    steps: [step(state, 'failed', input.at, 'flip-failed', `${which} failed: ${input.error}`, input.flip)],
  };
}
