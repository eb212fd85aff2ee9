/**
 * What an operator asks for through the API: failover, failback, pin, unpin. Each is an intent
 * that runs the same record → apply → commit path as automation (flip-protocol.ts), without
 * leadership, guarded by the state's version and pending-intent slot — so a pin, like a flip,
 * never exists without its audit entry. Losing a race surfaces as an actionable API error (409),
 * never as a 5xx; a change that took effect is never reported as an error.
 */
import { planManualFailback, planManualFailover, planPin, type FlipPlan, type Verdicts } from './rules';
import type { FailoverConfig } from '../config/schema';
import { StateConflictError, type ControllerState, type PinChange, type Writer } from './state-store';
import { ConcurrentChangeError, FlipInProgressError } from './errors';
import type { ControllerDeps, OperatorRequest, OperatorResult } from './controller-types';
import type { FlipOutcome, FlipProtocol } from './flip-protocol';

type PlanOf = (input: { verdicts: Verdicts; state: ControllerState; policy: FailoverConfig['policy'] }) => FlipPlan | undefined;

export class OperatorCommands {
  constructor(
    private readonly deps: ControllerDeps,
    private readonly protocol: FlipProtocol,
  ) {}

  /** POST /failover {to, reason}: all traffic to `to`. */
  failover(to: string, request: OperatorRequest): Promise<OperatorResult> {
    this.protocol.requireRegion(to);
    return this.operatorFlip(request, (input) => planManualFailover(input, to, request.reason, { force: request.force ?? false }));
  }

  /** POST /failback {reason}: traffic back to the policy's preference over the UP regions. */
  failback(request: OperatorRequest): Promise<OperatorResult> {
    return this.operatorFlip(request, (input) => planManualFailback(input, request.reason, { force: request.force ?? false }));
  }

  /** PUT /pin {region, reason}: traffic moves to and stays on `region` until unpinned. */
  async pin(region: string, request: OperatorRequest): Promise<OperatorResult> {
    this.protocol.requireRegion(region);
    const writer: Writer = { kind: 'operator', actor: request.actor };
    const state = await this.operatorState(writer);
    const snapshot = await this.deps.verdicts.verdicts(this.protocol.regions);
    const move = planPin({ verdicts: snapshot.verdicts, state, policy: this.deps.config.policy }, region, request.reason, { force: request.force ?? false });
    const plan: FlipPlan = move ?? { cause: 'pin', from: state.traffic, to: state.traffic, reason: request.reason };
    const pin: PinChange = { set: { region, reason: request.reason, actor: request.actor, at: this.deps.clock.wallMs() } };
    const done = await this.run(state, writer, request, plan, snapshot, pin);
    return { changed: true, ...(move ? { flip: done.flip } : {}), traffic: done.state.traffic, ...(done.state.pin ? { pin: done.state.pin } : { pin: pin.set }) };
  }

  /** DELETE /pin {reason}: automation resumes. */
  async unpin(request: OperatorRequest): Promise<OperatorResult> {
    const writer: Writer = { kind: 'operator', actor: request.actor };
    const state = await this.operatorState(writer);
    if (state.pin === undefined) return { changed: false, traffic: state.traffic };
    const snapshot = await this.deps.verdicts.verdicts(this.protocol.regions);
    const plan: FlipPlan = { cause: 'unpin', from: state.traffic, to: state.traffic, reason: request.reason };
    const done = await this.run(state, writer, request, plan, snapshot, { clear: state.pin });
    return { changed: true, traffic: done.state.traffic };
  }

  private async operatorFlip(request: OperatorRequest, planOf: PlanOf): Promise<OperatorResult> {
    const writer: Writer = { kind: 'operator', actor: request.actor };
    const state = await this.operatorState(writer);
    const snapshot = await this.deps.verdicts.verdicts(this.protocol.regions);
    const plan = planOf({ verdicts: snapshot.verdicts, state, policy: this.deps.config.policy });
    if (plan === undefined) return { changed: false, traffic: state.traffic, ...(state.pin ? { pin: state.pin } : {}) };
    const done = await this.run(state, writer, request, plan, snapshot);
    return { changed: true, flip: done.flip, traffic: done.state.traffic };
  }

  /** Runs the intent; a race lost before anything changed is a 409, an intent superseded meanwhile too. */
  private async run(
    state: ControllerState,
    writer: Writer,
    request: OperatorRequest,
    plan: FlipPlan,
    snapshot: Awaited<ReturnType<ControllerDeps['verdicts']['verdicts']>>,
    pin?: PinChange,
  ): Promise<Extract<FlipOutcome, { outcome: 'completed' }>> {
    const done = await this.guard(() =>
      this.protocol.execute(state, writer, { plan, trigger: 'api', actor: request.actor, snapshot, ...(pin ? { pin } : {}), ...(request.force ? { force: true } : {}) }),
    ).finally(() => this.protocol.events.flush());
    if (done.outcome === 'superseded') {
      throw new ConcurrentChangeError(`${plan.cause} ${done.intent.id} was superseded before it was applied (${done.intent.detail}); nothing changed — check GET /status and retry`);
    }
    return done;
  }

  private async operatorState(writer: Writer): Promise<ControllerState> {
    const state = await this.protocol.loadOrInit(writer);
    if (state.intent) throw new FlipInProgressError(state.intent.id);
    return state;
  }

  /** Operator writes that lose a race surface as actionable API errors. */
  private async guard<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (!(err instanceof StateConflictError)) throw err;
      if (err.code === 'intent-pending' && err.current?.intent) throw new FlipInProgressError(err.current.intent.id);
      throw new ConcurrentChangeError(`${err.message} (the state changed while handling the request; retry)`);
    }
  }
}
