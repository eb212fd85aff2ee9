/** Powertools telemetry: the EMF lines CloudWatch will turn into metrics, and the structured logs. */
import { createPowertoolsTelemetry, PROBE_METRIC } from '../../../lambdas/health/checker/powertools-telemetry';
import type { ProbeResult } from '../../../lambdas/health/rules/types';

type Line = Record<string, unknown> & { _aws?: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] } };

/** Everything written to stdout (EMF, INFO logs) and stderr (WARN and ERROR logs), parsed. */
let lines: Line[] = [];
let spies: jest.SpyInstance[] = [];

beforeEach(() => {
  lines = [];
  const capture = (chunk: string | Uint8Array): boolean => {
    for (const text of String(chunk)
      .split('\n')
      .filter((l) => l.trim() !== ''))
      lines.push(JSON.parse(text) as Line);
    return true;
  };
  spies = [jest.spyOn(process.stdout, 'write').mockImplementation(capture), jest.spyOn(process.stderr, 'write').mockImplementation(capture)];
});

afterEach(() => spies.forEach((s) => s.mockRestore()));

const emf = () => lines.filter((l) => l._aws !== undefined);
const logs = () => lines.filter((l) => l._aws === undefined);

function result(ok: boolean): ProbeResult {
  return ok
    ? { target: 'us-east-1', checker: 'eu-west-1', startedAt: 1_700_000_000_000, ok: true, status: 200, detail: 'status 200', latencyMs: 42.4 }
    : { target: 'us-east-1', checker: 'eu-west-1', startedAt: 1_700_000_000_000, ok: false, reason: 'status', status: 503, detail: 'status 503 (expected 200–299)', latencyMs: 17 };
}

describe('Powertools telemetry', () => {
  const telemetry = () => createPowertoolsTelemetry({ service: 'shop-api', checker: 'eu-west-1', namespace: 'RegionFailover' });

  it('emits one EMF line per probe with success, latency and health per service, target and checker', () => {
    const t = telemetry();
    t.probed(result(true), { state: 'UP', consecutiveFailures: 0, consecutiveSuccesses: 5 });
    t.probed(result(false), { state: 'UP', consecutiveFailures: 1, consecutiveSuccesses: 0 });
    const [good, bad] = emf();
    const meta = good?._aws?.CloudWatchMetrics[0];
    expect(meta?.Namespace).toBe('RegionFailover');
    expect([...(meta?.Dimensions[0] ?? [])].sort()).toEqual(['Checker', 'Target', 'service']);
    expect(meta?.Metrics.map((m) => [m.Name, m.Unit])).toEqual([
      [PROBE_METRIC.success, 'Count'],
      [PROBE_METRIC.latency, 'Milliseconds'],
      ['TargetHealthy', 'Count'],
    ]);
    expect(good).toMatchObject({ service: 'shop-api', Target: 'us-east-1', Checker: 'eu-west-1', ProbeSuccess: 1, ProbeLatency: 42, TargetHealthy: 1 });
    expect(bad).toMatchObject({ ProbeSuccess: 0, ProbeLatency: 17, TargetHealthy: 1, reason: 'status', detail: 'status 503 (expected 200–299)' });
  });

  it('emits no health datapoint while the checker has no verdict yet', () => {
    telemetry().probed(result(true), { state: 'UNKNOWN', consecutiveFailures: 0, consecutiveSuccesses: 1 });
    expect(emf()[0]).not.toHaveProperty('TargetHealthy');
  });

  it('counts rounds per checker, without a target dimension', () => {
    telemetry().roundCompleted({ checker: 'eu-west-1', round: 1, probes: 2, failures: 0, writes: 1, durationMs: 30 });
    const line = emf()[0];
    expect([...(line?._aws?.CloudWatchMetrics[0]?.Dimensions[0] ?? [])].sort()).toEqual(['Checker', 'service']);
    expect(line).toMatchObject({ ProbeRounds: 1, Checker: 'eu-west-1' });
  });

  it('logs a state change as one structured INFO line', () => {
    telemetry().stateChanged({ target: 'us-east-1', checker: 'eu-west-1', from: 'UP', to: 'DOWN', at: 1_700_000_000_000, consecutiveFailures: 3, consecutiveSuccesses: 0, result: result(false) });
    expect(logs()).toHaveLength(1);
    expect(logs()[0]).toMatchObject({
      level: 'INFO',
      message: 'target state changed',
      service: 'shop-api',
      checker: 'eu-west-1',
      target: 'us-east-1',
      from: 'UP',
      to: 'DOWN',
      consecutiveFailures: 3,
      lastResult: { ok: false, reason: 'status', status: 503 },
    });
  });

  it('logs refused writes as warnings and failed writes as errors with the cause', () => {
    const t = telemetry();
    t.problem({ kind: 'write-refused', target: 'us-east-1', message: 'refused', currentSeq: 9 });
    t.problem({ kind: 'write-failed', target: 'us-east-1', message: 'could not write', error: new Error('ProvisionedThroughputExceeded') });
    expect(logs().map((l) => l.level)).toEqual(['WARN', 'ERROR']);
    expect(logs()[0]).toMatchObject({ kind: 'write-refused', currentSeq: 9 });
    expect(logs()[1]).toMatchObject({ kind: 'write-failed', error: { message: 'ProvisionedThroughputExceeded' } });
  });
});
