/**
 * A scheduled practice failover (EventBridge Scheduler → the controller Lambda): inside the
 * allowed window, a drill to the configured target — by default the first app region that serves
 * no traffic — for the configured duration. Outside the window, or when the pre-checks refuse,
 * nothing moves and the answer says why.
 */
import type { FailoverConfig } from '../config/schema';
import type { ControllerStateStore } from '../failover';
import { initialTraffic, policyRegions } from '../failover/rules';
import type { Clock } from '../platform/clock';
import type { DrillReport } from './rules/drill-report';
import { insideDrillWindow } from './rules/drill-window';
import type { DrillRunner } from './drill-runner';

export type ScheduledDrillResult =
  { readonly outcome: 'outside-window' | 'disabled' | 'no-target'; readonly reason: string } | { readonly outcome: 'refused' | 'started'; readonly report: DrillReport };

export const SCHEDULED_DRILL_ACTOR = 'drill-schedule';

export async function runScheduledDrill(deps: {
  readonly runner: Pick<DrillRunner, 'start'>;
  readonly state: Pick<ControllerStateStore, 'load'>;
  readonly config: Pick<FailoverConfig, 'drills' | 'policy'>;
  readonly clock: Pick<Clock, 'wallMs'>;
}): Promise<ScheduledDrillResult> {
  const schedule = deps.config.drills.schedule;
  if (!schedule.enabled) return { outcome: 'disabled', reason: 'drills.schedule.enabled is false' };
  const window = insideDrillWindow(deps.clock.wallMs(), schedule);
  if (!window.allowed) return { outcome: 'outside-window', reason: window.reason };
  const traffic = (await deps.state.load())?.traffic ?? initialTraffic(deps.config.policy);
  const target = schedule.target ?? policyRegions(deps.config.policy).find((r) => (traffic[r] ?? 0) === 0);
  if (target === undefined) return { outcome: 'no-target', reason: 'every app region serves traffic; set drills.schedule.target' };
  const result = await deps.runner.start({ target, durationMs: schedule.durationMinutes * 60_000, reason: `scheduled drill (${schedule.expression})`, actor: SCHEDULED_DRILL_ACTOR });
  return { outcome: result.started ? 'started' : 'refused', report: result.report };
}
