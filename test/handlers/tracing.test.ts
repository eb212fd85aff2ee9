/** Powertools Tracer wraps a handler only when the deployment turned tracing on. */
import { traced, tracingEnabled } from '../../lambdas/handlers/tracing';

describe('traced', () => {
  test('off (the default): the handler itself, nothing loaded', () => {
    const handler = async (event: number): Promise<number> => event + 1;
    expect(traced('x', handler, {})).toBe(handler);
    expect(traced('x', handler, { POWERTOOLS_TRACE_ENABLED: 'false' })).toBe(handler);
    expect(tracingEnabled({ POWERTOOLS_TRACE_ENABLED: 'true' })).toBe(true);
  });

  test('on: results and errors pass through the tracing wrapper unchanged', async () => {
    const env = { POWERTOOLS_TRACE_ENABLED: 'true' };
    const ok = traced('ok', async (event: number, context: { id: string }) => `${event}:${context.id}`, env);
    expect(await ok(1, { id: 'a' })).toBe('1:a');
    const boom = new Error('boom');
    const failing = traced('failing', async () => Promise.reject(boom), env);
    await expect(failing()).rejects.toBe(boom);
  });
});
