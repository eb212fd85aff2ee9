/**
 * Controller Lambda: runs one tick per invocation — every minute (EventBridge schedule) and on
 * every batch of Observations stream records (so a quorum-confirming observation is acted on in
 * well under a second). Only the elected leader acts. Built once per container (lambdas/wiring.ts)
 * so a warm container keeps its leadership term.
 */
import type { FailoverController, TickResult } from '../failover/controller';
import { readDeployment } from '../platform/environment';
import { buildController, buildClients, buildDrillRunner, createServiceLog } from '../wiring';
import { DynamoControllerStateStore } from '../failover';
import { runScheduledDrill, type DrillRunner, type ScheduledDrillResult } from '../history';
import { systemClock } from '../platform/clock';
import { DRILL_SCHEDULE_EVENT } from '../platform/env-names';
import { traced } from './tracing';

let controller: FailoverController | undefined;
const log = createServiceLog();

function instance(): FailoverController {
  if (controller === undefined) {
    const deployment = readDeployment('controller');
    controller = buildController(deployment, buildClients(deployment, {}, log), { log });
  }
  return controller;
}

/** Stream batches carry `Records`; anything else (schedule, manual invoke) is a scheduled tick. */
export const controllerHandler = traced('controller', tick);

let drills: DrillRunner | undefined;

async function scheduledDrill(): Promise<ScheduledDrillResult> {
  const deployment = readDeployment('controller');
  const clients = buildClients(deployment, {}, log);
  drills ??= buildDrillRunner(deployment, clients, { log });
  const result = await runScheduledDrill({
    runner: drills,
    state: new DynamoControllerStateStore({ documents: clients.documents, stateTable: deployment.tables.state, auditTable: deployment.tables.audit }),
    config: deployment.config,
    clock: systemClock,
  });
  log.info('scheduled drill', { outcome: result.outcome, ...('reason' in result ? { reason: result.reason } : { drillId: result.report.id, code: result.report.code }) });
  return result;
}

async function tick(event: unknown): Promise<TickResult | ScheduledDrillResult> {
  if (typeof event === 'object' && event !== null && (event as { source?: unknown }).source === DRILL_SCHEDULE_EVENT.source) return scheduledDrill();
  const trigger = typeof event === 'object' && event !== null && Array.isArray((event as { Records?: unknown }).Records) ? 'stream' : 'schedule';
  const result = await instance().tick(trigger);
  log.info('controller tick', {
    trigger,
    outcome: result.outcome,
    ...('decision' in result ? { decision: result.decision } : {}),
    ...('flip' in result && result.flip ? { flipId: result.flip.id } : {}),
  });
  return result;
}
