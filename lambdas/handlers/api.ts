/**
 * API Lambda (behind API Gateway REST, IAM-authorized except the public signal route): the Hono
 * app of lambdas/api with the real services, built once per container by the wiring root
 * (lambdas/wiring.ts) from the handler environment.
 */
import { handle } from 'hono/aws-lambda';
import { createApp } from '../api/app';
import { readDeployment } from '../platform/environment';
import { buildApi, buildClients, createServiceLog } from '../wiring';
import { traced } from './tracing';

const log = createServiceLog();

let lambdaHandler: ReturnType<typeof handle> | undefined;

function instance(): ReturnType<typeof handle> {
  if (lambdaHandler) return lambdaHandler;
  const deployment = readDeployment('api');
  const services = buildApi(deployment, buildClients(deployment, {}, log), { log });
  const app = createApp(services, { auth: { kind: 'iam' }, onServerError: (err) => log.logger.error('request failed', err as Error) });
  lambdaHandler = handle(app);
  return lambdaHandler;
}

export const apiHandler: ReturnType<typeof handle> = traced('api', (event, context) => instance()(event, context));
