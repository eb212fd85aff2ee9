/**
 * Drills over the in-memory controller scenario: one drill store and one Events store shared by
 * every process, leaders whose tick runs a drill runner (the TickHook), and API processes that
 * start and abort drills. Signal checks of 10 s × 2, so in health-signal mode traffic "moved" 20 s
 * after a flip committed.
 */
import type { FailoverConfig } from '../../../lambdas/config';
import { FailoverController, type ControllerDeps } from '../../../lambdas/failover/controller';
import { FlipProtocol } from '../../../lambdas/failover/flip-protocol';
import { DrillRunner } from '../../../lambdas/history/drill-runner';
import { MemoryDrillStore } from '../../../lambdas/history/memory-drill-store';
import { MemoryEventStore } from '../../../lambdas/history/memory-event-store';
import { StoreHistoryRecorder } from '../../../lambdas/history/recorder';
import { memoryScenario, type ControllerOptions, type MemoryScenario } from '../../failover/support/memory-scenario';

export const SIGNAL_CHECK = { requestIntervalSeconds: 10, failureThreshold: 2 } as const;

export interface DrillProcess {
  readonly service: FailoverController;
  readonly runner: DrillRunner;
}

export interface DrillScenario extends MemoryScenario {
  readonly drills: MemoryDrillStore;
  readonly events: MemoryEventStore;
  /** A controller of `term` whose tick runs drills. */
  leader(term?: number, options?: Omit<ControllerOptions, 'term' | 'tickHook'>): DrillProcess;
  /** An API process: starts and aborts drills, never leads. */
  api(): DrillProcess;
}

export function drillScenario(config: FailoverConfig): DrillScenario {
  const base = memoryScenario(config);
  const drills = new MemoryDrillStore();
  const events = new MemoryEventStore();
  const recorder = new StoreHistoryRecorder({ store: events, clock: base.clock });
  let drillIds = 0;
  const runnerOf = (deps: ControllerDeps) =>
    new DrillRunner({ drills, controller: deps, protocol: new FlipProtocol(deps), recorder, signalCheck: SIGNAL_CHECK, newId: () => `drill-${(drillIds += 1)}` });
  const process = (options: ControllerOptions): DrillProcess => {
    const deps = base.deps(options);
    const runner = runnerOf(deps);
    return { runner, service: new FailoverController(options.term === undefined ? deps : { ...deps, tickHook: runner }) };
  };
  return {
    ...base,
    deps: (o) => base.deps(o),
    controller: (o) => base.controller(o),
    drills,
    events,
    leader: (term = 1, options = {}) => process({ ...options, term }),
    api: () => process({ term: undefined }),
  };
}
