/**
 * The environment variables the stacks give the Lambda handlers — the one list both sides agree on.
 * Handlers read these names; the stacks set them through `handlerEnvironment`.
 * Bundled into the Lambdas (lambdas/health/checker/env.ts imports it): no aws-cdk-lib imports here.
 */
import type { FailoverConfig } from '../../lambdas/config';
import { tableNames } from '../../lambdas/platform/tables';
import { ENV } from '../../lambdas/platform/env-names';
import { METRICS_NAMESPACE } from '../../lambdas/platform/metric-names';

export { ENV };

export type HandlerRole = 'checker' | 'controller' | 'api';

export interface HandlerEnvInput {
  readonly config: FailoverConfig;
  readonly role: HandlerRole;
  /** Region the function is deployed in. */
  readonly region: string;
  readonly tableRegion: string;
  /** The replicas to try, in order (TABLE_REGIONS); the first must be `tableRegion`. @default [tableRegion] */
  readonly tableRegions?: readonly string[];
  /** @default - not set (the checker does not notify) */
  readonly topicArn?: string;
  /** @default - not set (`health-signal` mode, or a role that never touches Route 53) */
  readonly hostedZoneId?: string;
  /** @default 'INFO' */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

/** Lambda caps the whole environment (names + values) at 4 KB. */
export const LAMBDA_ENV_LIMIT_BYTES = 4096;

export class HandlerEnvError extends Error {
  override readonly name = 'HandlerEnvError';
}

export function handlerEnvironment(input: HandlerEnvInput): Record<string, string> {
  if (input.tableRegions !== undefined && input.tableRegions[0] !== input.tableRegion) {
    throw new HandlerEnvError(`tableRegions (${input.tableRegions.join(', ')}) must start with tableRegion ${input.tableRegion}`);
  }
  const tables = tableNames(input.config.service);
  const env: Record<string, string> = {
    [ENV.config]: JSON.stringify(input.config),
    [ENV.deployRegion]: input.region,
    [ENV.tableRegion]: input.tableRegion,
    [ENV.tableRegions]: (input.tableRegions ?? [input.tableRegion]).join(','),
    [ENV.coordinationTable]: tables.coordination,
    [ENV.observationsTable]: tables.observations,
    [ENV.stateTable]: tables.state,
    [ENV.auditTable]: tables.audit,
    // Every role records what it observes in the event history (lambdas/history).
    [ENV.eventsTable]: tables.events,
    [ENV.powertoolsService]: input.config.service,
    [ENV.powertoolsNamespace]: METRICS_NAMESPACE,
    [ENV.powertoolsLogLevel]: input.logLevel ?? 'INFO',
    // Powertools Tracer reads this (its default is on); the config decides.
    [ENV.powertoolsTraceEnabled]: input.config.functions.tracing ? 'true' : 'false',
    // Stack traces point at the TypeScript sources (the bundles ship with source maps).
    [ENV.nodeOptions]: '--enable-source-maps',
  };
  if (input.role === 'checker') env[ENV.checkerRegion] = input.region;
  if (input.topicArn !== undefined) env[ENV.topicArn] = input.topicArn;
  if (input.hostedZoneId !== undefined) env[ENV.hostedZoneId] = input.hostedZoneId;
  const size = Object.entries(env).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (size > LAMBDA_ENV_LIMIT_BYTES) {
    throw new HandlerEnvError(
      `${input.role} environment is ${size} bytes, above Lambda's ${LAMBDA_ENV_LIMIT_BYTES}-byte limit; ` +
        'shorten the config (drop optional headers, defaults or long names) — it travels in FAILOVER_CONFIG',
    );
  }
  return env;
}
