/**
 * Checker Lambda, invoked once a minute by EventBridge in each checker region. It probes every
 * interval until shortly before its deadline, then returns; the next invocation continues from the
 * observations this one wrote. Configuration comes from the environment (lambdas/platform/environment.ts).
 */
import type { Context } from 'aws-lambda';
import type { ProbeLoopReport } from '../health/checker/loop';
import { runChecker, type CheckerOptions } from '../health/checker/run';
import { deadlineFromRemaining } from '../health/rules/schedule';
import { systemClock } from '../platform/clock';
import { createAwsClients } from '../platform/aws-clients';
import { readDeployment, type Deployment, type Env } from '../platform/environment';
import { hasSecretHeaders, resolveSecretHeaders } from '../health/checker/secret-headers';
import { buildChecker, buildClients } from '../wiring';
import { traced } from './tracing';

/** Left of the Lambda's time after the loop: metrics flush and the return. */
export const SAFETY_MARGIN_MS = 1000;

export type CheckerRuntime = Omit<CheckerOptions, 'deadline' | 'signal' | 'writer'> & {
  /** Releases SDK sockets (tests, local mode); a Lambda container never needs it. */
  readonly destroy?: () => void;
  /** Waits (bounded) for the event history's writes in flight, so none is frozen with the container. */
  readonly flushHistory?: () => Promise<void>;
};

/**
 * Secret probe headers are read once, at start, in the checker's own region (SSM and Secrets
 * Manager are loaded only when the config has any).
 */
async function withSecretHeaders(deployment: Deployment, env: Env): Promise<Deployment> {
  if (!hasSecretHeaders(deployment.config)) return deployment;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- only checkers with secret headers load SSM and Secrets Manager
  const { awsSecretReader } = require('../health/checker/aws-secret-reader') as typeof import('../health/checker/aws-secret-reader');
  const clients = createAwsClients({ region: deployment.region, env });
  try {
    return { ...deployment, config: await resolveSecretHeaders(deployment.config, awsSecretReader(clients)) };
  } finally {
    clients.destroy();
  }
}

/**
 * Everything built once per container. SDK calls get short timeouts: an observation write that
 * hangs must not carry the loop past its deadline.
 */
export async function buildCheckerRuntime(env: Env = process.env): Promise<CheckerRuntime> {
  const deployment = await withSecretHeaders(readDeployment('checker', env), env);
  const clients = buildClients(deployment, { env, requestTimeoutMs: 1000, maxAttempts: 2 });
  return { ...buildChecker(deployment, clients), destroy: () => clients.destroy() };
}
export type CheckerHandler = (event: unknown, context: Pick<Context, 'getRemainingTimeInMillis' | 'awsRequestId'>) => Promise<ProbeLoopReport>;

/** A handler over a runtime factory that runs once, on the first invocation of the container (again after a failed build). */
export function createCheckerHandler(build: () => CheckerRuntime | Promise<CheckerRuntime>): CheckerHandler {
  let runtime: CheckerRuntime | undefined;
  return async (_event, context) => {
    runtime ??= await build();
    const clock = runtime.clock ?? systemClock;
    const deadline = deadlineFromRemaining(clock.monotonicMs(), context.getRemainingTimeInMillis(), SAFETY_MARGIN_MS);
    const { destroy: _destroy, flushHistory, ...options } = runtime;
    try {
      return await runChecker({ ...options, deadline, writer: context.awsRequestId });
    } finally {
      await flushHistory?.();
    }
  };
}

export const checkerHandler = traced(
  'checker',
  createCheckerHandler(() => buildCheckerRuntime()),
);
