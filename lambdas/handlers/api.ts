/**
 * API Lambda (behind API Gateway REST, IAM-authorized except the public signal route): the Hono
 * app of lambdas/api with the real services, built once per container from the handler
 * environment (lib/constructs/handler-env.ts).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { handle } from 'hono/aws-lambda';
import { createAwsClients } from '../platform/aws-clients';
import { DynamoLockStore } from '../coordination/dynamodb/lock-store';
import { DynamoDbObservationStore } from '../health/dynamodb-observation-store';
import { createApp } from '../api/app';
import { createApiServices } from '../api/services';
import { createLeaderElector } from '../coordination';
import { CONTROLLER_GROUP, createController, readControllerEnv } from '../failover/create';
import type { Leadership } from '../failover/leadership';
import { systemClock } from '../platform/clock';
import { createRoutingTableReader } from '../keyrouting';

const logger = new Logger();
/** The API records operator decisions; it never campaigns for the controllers' leadership. */
const neverLeads: Leadership = { tryLead: () => Promise.resolve(undefined) };

let lambdaHandler: ReturnType<typeof handle> | undefined;

function instance(): ReturnType<typeof handle> {
  if (lambdaHandler) return lambdaHandler;
  const env = readControllerEnv();
  const clients = createAwsClients({ region: env.tableRegion });
  const log = { info: (message: string, extra?: Record<string, unknown>) => logger.info(message, extra ?? {}), warn: (message: string, extra?: Record<string, unknown>) => logger.warn(message, extra ?? {}) };
  const services = createApiServices({
    config: env.config,
    controller: createController({ env, clients, leadership: neverLeads, log }),
    observations: new DynamoDbObservationStore({ documents: clients.documents, tableName: env.tables.observations }),
    leader: createLeaderElector({ clients, tableName: env.tables.coordination, group: CONTROLLER_GROUP, settings: env.config.leader }),
    // Built with the container, so its cache serves every invocation (one version check per second at most).
    routes: createRoutingTableReader({ clients, tableName: env.tables.state }),
    lockStore: new DynamoLockStore({ dynamodb: clients.dynamodb, tableName: env.tables.coordination }),
    clock: systemClock,
  });
  const app = createApp(services, { auth: { kind: 'iam' }, onServerError: (err) => logger.error('request failed', err as Error) });
  lambdaHandler = handle(app);
  return lambdaHandler;
}

export const apiHandler: ReturnType<typeof handle> = (event, context) => instance()(event, context);
