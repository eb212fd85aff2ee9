/**
 * Controllers over in-memory stores, for unit tests of the decision and flip paths and for
 * failure timelines: one MemoryControllerStateStore (faults injectable), one route table, verdicts
 * the test sets, DNS records in memory (dns-update) and a clock the test moves. Several
 * controllers (leaders of different terms, API processes) share the same stores, as regions do.
 */
import type { FailoverConfig } from '../../../lambdas/config';
import { FailoverController, type ControllerDeps, type TickHook } from '../../../lambdas/failover/controller';
import type { DnsFlipper } from '../../../lambdas/failover/dns-flipper';
import type { FailoverEvents } from '../../../lambdas/failover/failover-events';
import { healthSignalFlipper } from '../../../lambdas/failover/health-signal-flipper';
import { MemoryControllerStateStore } from '../../../lambdas/failover/memory-state-store';
import { RecordingMetrics } from '../../../lambdas/failover/metrics';
import { initialTraffic } from '../../../lambdas/failover/rules';
import { MemoryRouteTableStore } from '../../../lambdas/keyrouting/memory-route-table-store';
import type { RouteTableStore } from '../../../lambdas/keyrouting/route-table-store';
import { DecreedLeadership, MemoryDns, RecordingNotifier, SetVerdicts, TestClock } from './doubles';

export interface MemoryController {
  readonly service: FailoverController;
  readonly leadership: DecreedLeadership;
  readonly notifier: RecordingNotifier;
  readonly metrics: RecordingMetrics;
}

export interface ControllerOptions {
  readonly term?: number | undefined;
  readonly flipper?: DnsFlipper;
  readonly routeTables?: RouteTableStore;
  readonly region?: string;
  readonly termNumber?: number;
  /** The event history's observer. @default recording off */
  readonly events?: FailoverEvents;
  /** Work inside the leader's tick (a drill runner). */
  readonly tickHook?: TickHook;
}

export interface MemoryScenario {
  readonly config: FailoverConfig;
  readonly clock: TestClock;
  readonly store: MemoryControllerStateStore;
  readonly routeTables: MemoryRouteTableStore;
  readonly verdicts: SetVerdicts;
  /** dns-update mode: the records every controller of the scenario applies to. */
  readonly dns: MemoryDns;
  /** A leader of `term` (default 1), or an API process (`term: undefined`) that never leads. */
  controller(options?: ControllerOptions): MemoryController;
  /** The dependencies `controller()` builds a controller from (each call: a new process). */
  deps(options?: ControllerOptions): ControllerDeps & { readonly leadership: DecreedLeadership; readonly notifier: RecordingNotifier; readonly metrics: RecordingMetrics };
  /** Every notification any controller of the scenario sent. */
  notifications(): number;
}

export function memoryScenario(config: FailoverConfig, options: { readonly transactions?: boolean } = {}): MemoryScenario {
  const clock = new TestClock();
  const store = new MemoryControllerStateStore({ transactions: options.transactions ?? false });
  const routeTables = new MemoryRouteTableStore();
  const verdicts = new SetVerdicts(clock);
  const dns = new MemoryDns(initialTraffic(config.policy));
  const notifiers: RecordingNotifier[] = [];
  let ids = 0;
  return {
    config,
    clock,
    store,
    routeTables,
    verdicts,
    dns,
    deps(o = {}) {
      const leadership = new DecreedLeadership('term' in o ? o.term : 1, o.termNumber);
      const notifier = new RecordingNotifier();
      notifiers.push(notifier);
      const metrics = new RecordingMetrics();
      const flipper = o.flipper ?? (config.dns.flipMode === 'dns-update' ? dns : healthSignalFlipper);
      return {
        config,
        // Each controller is a process of its own: a crash kills only its session.
        store: store.session(),
        routeTables: o.routeTables ?? routeTables,
        verdicts,
        leadership,
        flipper,
        notifier,
        metrics,
        clock,
        region: o.region ?? 'us-east-1',
        newId: () => `id-${(ids += 1)}`,
        ...(o.events ? { events: o.events } : {}),
        ...(o.tickHook ? { tickHook: o.tickHook } : {}),
      };
    },
    controller(o = {}) {
      const deps = this.deps(o);
      return { service: new FailoverController(deps), leadership: deps.leadership, notifier: deps.notifier, metrics: deps.metrics };
    },
    notifications: () => notifiers.reduce((n, x) => n + x.events.length, 0),
  };
}
