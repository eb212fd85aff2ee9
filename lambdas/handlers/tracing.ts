/**
 * AWS X-Ray tracing of a handler through Powertools Tracer, only when the deployment turned it on
 * (config `functions.tracing` → POWERTOOLS_TRACE_ENABLED=true and active tracing on the function).
 * Off — the default — nothing is loaded, and the tracer with the X-Ray SDK under it is not even in
 * the bundle (lib/constructs/bundling.ts), so cold starts do not pay for it.
 */
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { ENV } from '../platform/env-names';

/** Any async handler signature (never[]: every parameter list is assignable to it). */
type AsyncHandler = (...args: never[]) => Promise<unknown>;

export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[ENV.powertoolsTraceEnabled] === 'true';
}

/** `handler` in a `## <name>` subsegment with cold-start and service annotations; errors recorded as metadata. */
export function traced<H extends AsyncHandler>(name: string, handler: H, env: NodeJS.ProcessEnv = process.env): H {
  if (!tracingEnabled(env)) return handler;
  let tracer: Tracer | undefined;
  const wrapped = async (...args: Parameters<H>): Promise<unknown> => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when tracing is on
    tracer ??= new (require('@aws-lambda-powertools/tracer') as typeof import('@aws-lambda-powertools/tracer')).Tracer();
    const segment = tracer.getSegment();
    const subsegment = segment?.addNewSubsegment(`## ${name}`);
    if (subsegment) tracer.setSegment(subsegment);
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    try {
      return await handler(...args);
    } catch (err) {
      tracer.addErrorAsMetadata(err as Error);
      throw err;
    } finally {
      if (subsegment && segment) {
        subsegment.close();
        tracer.setSegment(segment);
      }
    }
  };
  return wrapped as H;
}
