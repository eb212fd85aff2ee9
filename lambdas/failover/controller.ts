/**
 * The failover controller: a small facade over its four jobs, so the API, the handlers and local
 * mode keep one object to call.
 *  - automation.ts: `tick()`, one round of automation under leadership;
 *  - operator-commands.ts: failover, failback, pin, unpin (the API's operator actions);
 *  - flip-protocol.ts: the fenced two-phase flip both of them run, and its roll-forward;
 *  - read-models.ts: signal, status and history, answered identically by every region.
 */
import { Automation } from './automation';
import type { ControllerDeps, OperatorRequest, OperatorResult, SignalAnswer, StatusView, TickResult } from './controller-types';
import { FlipProtocol } from './flip-protocol';
import { OperatorCommands } from './operator-commands';
import { ReadModels } from './read-models';
import type { HistoryPage } from './state-store';

export type { CompletedFlip, ControllerDeps, ControllerLog, OperatorRequest, OperatorResult, SignalAnswer, StatusView, TickHook, TickHookContext, TickResult } from './controller-types';

export class FailoverController {
  private readonly automation: Automation;
  private readonly operator: OperatorCommands;
  private readonly reads: ReadModels;

  constructor(private readonly deps: ControllerDeps) {
    const protocol = new FlipProtocol(deps);
    this.automation = new Automation(deps, protocol);
    this.operator = new OperatorCommands(deps, protocol);
    this.reads = new ReadModels(deps, protocol);
  }

  /** One round of automation. Never throws for lost races; those are outcomes. */
  tick(trigger = 'schedule'): Promise<TickResult> {
    return this.automation.tick(trigger);
  }

  /** POST /failover {to, reason}: all traffic to `to`. */
  failover(to: string, request: OperatorRequest): Promise<OperatorResult> {
    return this.operator.failover(to, request);
  }

  /** POST /failback {reason}: traffic back to the policy's preference over the UP regions. */
  failback(request: OperatorRequest): Promise<OperatorResult> {
    return this.operator.failback(request);
  }

  /** PUT /pin {region, reason}: traffic moves to and stays on `region` until unpinned. */
  pin(region: string, request: OperatorRequest): Promise<OperatorResult> {
    return this.operator.pin(region, request);
  }

  /** DELETE /pin {reason}: automation resumes. */
  unpin(request: OperatorRequest): Promise<OperatorResult> {
    return this.operator.unpin(request);
  }

  /** GET /signal/{region}: 200 while traffic goes to the region, else 503. */
  signalFor(region: string): Promise<SignalAnswer> {
    return this.reads.signalFor(region);
  }

  /** GET /status. */
  status(): Promise<StatusView> {
    return this.reads.status();
  }

  /** GET /history: audit entries, newest first. */
  history(options: { readonly limit?: number; readonly before?: string } = {}): Promise<HistoryPage> {
    return this.reads.history(options);
  }
}
