/**
 * `health-signal` mode: Route 53 records and health checks exist from deploy time and probe the
 * signal endpoints (signalFor), so a flip needs no Route 53 call — the State table write in phase 3
 * is the flip. Phase 2 is therefore a no-op, and a failing Route 53 API cannot stop a failover.
 */
import type { ApplyResult, DnsFlipper } from './dns-flipper';

export const healthSignalFlipper: DnsFlipper = {
  mode: 'health-signal',
  apply: (): Promise<ApplyResult> => Promise.resolve({ mode: 'health-signal', changed: false, attempts: 0 }),
  matches: () => Promise.resolve(true),
};
