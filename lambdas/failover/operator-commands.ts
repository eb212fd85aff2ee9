/**
 * What an operator asks for through the API: failover, failback, pin, unpin. They run the same
 * flip path as automation without leadership, guarded by the state's version and pending-intent
 * slot; losing a race surfaces as an actionable API error (409), never as a 5xx.
 */
import { planManualFailback, planManualFailover, planPin, type FlipPlan, type Pin, type Verdicts } from './rules';
import type { FailoverConfig } from '../config/schema';
import { StateConflictError, type ControllerState, type Writer } from './state-store';
import { ConcurrentChangeError, FlipInProgressError } from './errors';
import type { ControllerDeps, OperatorRequest, OperatorResult } from './controller-types';
import type { FlipProtocol } from './flip-protocol';

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
    const plan = planPin({ verdicts: snapshot.verdicts, state, policy: this.deps.config.policy }, region, request.reason, { force: request.force ?? false });
    const now = this.deps.clock.wallMs();
    const pin: Pin = { region, reason: request.reason, actor: request.actor, at: now };
    const pinned = await this.guard(() => this.deps.store.setPin(pin, state.version, writer, now));
    await this.deps.store.putAudit({ id: this.protocol.id(), kind: 'pin', at: now, actor: request.actor, term: state.fenceTerm, reason: request.reason, region, trigger: 'api' });
    if (plan === undefined) return { changed: true, traffic: pinned.traffic, pin };
    const flip = await this.guard(() => this.protocol.execute(plan, pinned, writer, 'api', request.actor, snapshot));
    return { changed: true, flip, traffic: flip.plan.to, pin };
  }

  /** DELETE /pin {reason}: automation resumes. */
  async unpin(request: OperatorRequest): Promise<OperatorResult> {
    const writer: Writer = { kind: 'operator', actor: request.actor };
    const state = await this.operatorState(writer);
    if (state.pin === undefined) return { changed: false, traffic: state.traffic };
    const now = this.deps.clock.wallMs();
    const next = await this.guard(() => this.deps.store.setPin(undefined, state.version, writer, now));
    await this.deps.store.putAudit({ id: this.protocol.id(), kind: 'unpin', at: now, actor: request.actor, term: state.fenceTerm, reason: request.reason, region: state.pin.region, trigger: 'api' });
    return { changed: true, traffic: next.traffic };
  }

  private async operatorFlip(request: OperatorRequest, planOf: PlanOf): Promise<OperatorResult> {
    const writer: Writer = { kind: 'operator', actor: request.actor };
    const state = await this.operatorState(writer);
    const snapshot = await this.deps.verdicts.verdicts(this.protocol.regions);
    const plan = planOf({ verdicts: snapshot.verdicts, state, policy: this.deps.config.policy });
    if (plan === undefined) return { changed: false, traffic: state.traffic, ...(state.pin ? { pin: state.pin } : {}) };
    const flip = await this.guard(() => this.protocol.execute(plan, state, writer, 'api', request.actor, snapshot));
    return { changed: true, flip, traffic: flip.plan.to };
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
