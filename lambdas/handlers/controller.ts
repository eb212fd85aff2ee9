/**
 * Controller Lambda: runs one tick per invocation — every minute (EventBridge schedule) and on
 * every batch of Observations stream records (so a quorum-confirming observation is acted on in
 * well under a second). Only the elected leader acts. Built once per container so a warm container
 * keeps its leadership term.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { createAwsClients } from '../platform/aws-clients';
import { createController, readControllerEnv } from '../failover/create';
import type { FailoverController, TickResult } from '../failover/controller';

let controller: FailoverController | undefined;
const logger = new Logger();

function instance(): FailoverController {
  if (controller === undefined) {
    const env = readControllerEnv();
    controller = createController({
      env,
      clients: createAwsClients({ region: env.tableRegion }),
      log: { info: (message, extra) => logger.info(message, extra ?? {}), warn: (message, extra) => logger.warn(message, extra ?? {}) },
    });
  }
  return controller;
}

/** Stream batches carry `Records`; anything else (schedule, manual invoke) is a scheduled tick. */
export async function controllerHandler(event: unknown): Promise<TickResult> {
  const trigger = typeof event === 'object' && event !== null && Array.isArray((event as { Records?: unknown }).Records) ? 'stream' : 'schedule';
  const result = await instance().tick(trigger);
  logger.info('controller tick', { trigger, outcome: result.outcome, ...('decision' in result ? { decision: result.decision } : {}), ...('flip' in result ? { flipId: result.flip.id } : {}) });
  return result;
}
