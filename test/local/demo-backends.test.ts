import fc from 'fast-check';
import { answerFor, startDemoBackends, UnknownDemoRegionError, type DemoBackends } from '../../local/demo-backends';

describe('demo backends', () => {
  let backends: DemoBackends;
  let now = 0;
  beforeAll(async () => {
    backends = await startDemoBackends(['us-east-1', 'us-west-2'], { slowMs: 300, flapPeriodMs: 1000, now: () => now });
  });
  afterAll(() => backends.stop());

  const get = (region: string, signal?: AbortSignal) => fetch(`http://127.0.0.1:${backends.portOf(region)}/health/deep`, signal ? { signal } : {});

  test('each region has its own server on 127.0.0.1, healthy at start', async () => {
    expect(backends.portOf('us-east-1')).not.toBe(backends.portOf('us-west-2'));
    const res = await get('us-east-1');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', region: 'us-east-1' });
    expect(backends.modes()).toEqual({ 'us-east-1': 'healthy', 'us-west-2': 'healthy' });
  });

  test('down answers 503 for that region only', async () => {
    backends.setMode('us-east-1', 'down');
    expect((await get('us-east-1')).status).toBe(503);
    expect((await get('us-west-2')).status).toBe(200);
    backends.setMode('us-east-1', 'healthy');
  });

  test('slow answers only after slowMs', async () => {
    backends.setMode('us-west-2', 'slow');
    await expect(get('us-west-2', AbortSignal.timeout(100))).rejects.toThrow();
    const res = await get('us-west-2');
    expect(res.status).toBe(200);
    backends.setMode('us-west-2', 'healthy');
  });

  test('flapping alternates healthy and down by period', async () => {
    backends.setMode('us-east-1', 'flapping');
    now = 500;
    expect((await get('us-east-1')).status).toBe(200);
    now = 1500;
    expect((await get('us-east-1')).status).toBe(503);
    backends.setMode('us-east-1', 'healthy');
  });

  test('unknown regions are refused with the known ones named', () => {
    expect(() => backends.setMode('eu-west-3', 'down')).toThrow(UnknownDemoRegionError);
    expect(() => backends.portOf('eu-west-3')).toThrow(/us-east-1, us-west-2/);
  });

  test('property: flapping is up exactly in even half-periods; other modes do not depend on time', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1e12 }), fc.integer({ min: 1, max: 1e6 }), (t, period) => {
        const up = Math.floor(t / period) % 2 === 0;
        expect(answerFor('flapping', 'r', t, period).status).toBe(up ? 200 : 503);
        expect(answerFor('healthy', 'r', t, period).status).toBe(200);
        expect(answerFor('slow', 'r', t, period).status).toBe(200);
        expect(answerFor('down', 'r', t, period).status).toBe(503);
      }),
    );
  });

  test('stop closes servers even with a slow answer pending', async () => {
    const other = await startDemoBackends(['us-east-1'], { slowMs: 60_000, flapPeriodMs: 1000 });
    other.setMode('us-east-1', 'slow');
    const pending = fetch(`http://127.0.0.1:${other.portOf('us-east-1')}/`).then(
      () => 'answered',
      () => 'connection closed',
    );
    while (other.pendingAnswers() === 0) await new Promise((r) => setImmediate(r));
    await other.stop();
    expect(await pending).toBe('connection closed');
    expect(other.pendingAnswers()).toBe(0);
  });
});
