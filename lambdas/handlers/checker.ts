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
import { readDeployment, type Env } from '../platform/environment';
import { buildChecker, buildClients } from '../wiring';

/** Left of the Lambda's time after the loop: metrics flush and the return. */
export const SAFETY_MARGIN_MS = 1000;

export type CheckerRuntime = Omit<CheckerOptions, 'deadline' | 'signal' | 'writer'> & {
  /** Releases SDK sockets (tests, local mode); a Lambda container never needs it. */
  readonly destroy?: () => void;
};

/**
 * Everything built once per container. SDK calls get short timeouts: an observation write that
 * hangs must not carry the loop past its deadline.
 */
export function buildCheckerRuntime(env: Env = process.env): CheckerRuntime {
  const deployment = readDeployment('checker', env);
  const clients = buildClients(deployment, { env, requestTimeoutMs: 1000, maxAttempts: 2 });
  return { ...buildChecker(deployment, clients), destroy: () => clients.destroy() };
}
export type CheckerHandler = (event: unknown, context: Pick<Context, 'getRemainingTimeInMillis' | 'awsRequestId'>) => Promise<ProbeLoopReport>;

/** A handler over a runtime factory that runs once, on the first invocation of the container. */
export function createCheckerHandler(build: () => CheckerRuntime): CheckerHandler {
  let runtime: CheckerRuntime | undefined;
  return async (_event, context) => {
    runtime ??= build();
    const clock = runtime.clock ?? systemClock;
    const deadline = deadlineFromRemaining(clock.monotonicMs(), context.getRemainingTimeInMillis(), SAFETY_MARGIN_MS);
    const { destroy: _destroy, ...options } = runtime;
    return runChecker({ ...options, deadline, writer: context.awsRequestId });
  };
}

export const checkerHandler = createCheckerHandler(() => buildCheckerRuntime());
