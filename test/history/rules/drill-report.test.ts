/** Drill reports from recorded steps, with the RTOs worked out by hand (health-signal: moved = committed + 20 s). */
import { advanceDrill, newDrill, type DrillInput, type DrillPlan } from '../../../lambdas/history/rules/drill';
import { buildDrillReport } from '../../../lambdas/history/rules/drill-report';
import type { DrillStepEvent } from '../../../lambdas/history/rules/events';
import { A, B, MIN, ON_A, ON_B, S, T0 } from '../support/events';

const timing = { requestIntervalSeconds: 10, failureThreshold: 2 } as const;
const plan: DrillPlan = { id: 'drill-7', target: B, home: ON_A, durationMs: 10 * MIN, reason: 'practice', actor: 'alice', requestedAt: T0 };
const up = { [A]: { status: 'UP' as const }, [B]: { status: 'UP' as const } };

function record(inputs: readonly DrillInput[]): DrillStepEvent[] {
  const started = newDrill(plan);
  let state = started.state;
  const all = [...started.steps];
  for (const input of inputs) {
    const t = advanceDrill(state, input);
    state = t.state;
    all.push(...t.steps);
  }
  return all.map((s) => ({ kind: 'drill-step', ...s }));
}

const tick = (now: number, traffic = ON_B, verdicts: Record<string, { status: 'UP' | 'DOWN' | 'UNKNOWN' }> = up): DrillInput => ({ kind: 'tick', world: { now, regions: [A, B], verdicts, traffic } });
const done = (flipId: string, intentAt: number, completedAt: number): DrillInput => ({ kind: 'flip-completed', flip: { flipId, intentAt, appliedAt: intentAt, completedAt, mode: 'health-signal' } });

describe('buildDrillReport', () => {
  it('a drill that ran its course: RTO out and back, time on the target, nothing wrong', () => {
    // out: decided T0+1 s, committed T0+1.5 s → moved T0+21.5 s: RTO 20.5 s
    // back: decided T0+10 min 1.5 s, committed T0+10 min 2.2 s → moved T0+10 min 22.2 s: RTO 20.7 s
    // on target: T0+21.5 s → T0+10 min 22.2 s = 600.7 s
    const steps = record([tick(T0 + S, ON_A), done('out', T0 + 1200, T0 + 1500), tick(T0 + 1500 + 10 * MIN), done('back', T0 + 10 * MIN + 1800, T0 + 10 * MIN + 2200)]);
    const report = buildDrillReport(steps, timing)!;
    expect(report).toMatchObject({
      id: 'drill-7',
      target: B,
      home: ON_A,
      reason: 'practice',
      actor: 'alice',
      duration_s: 600,
      outcome: 'returned',
      aborted: false,
      code: 'duration-elapsed',
      problems: [],
      finishedAt: T0 + 10 * MIN + 2200,
    });
    expect(report.rto.out_s).toBeCloseTo(20.5, 9);
    expect(report.rto.back_s).toBeCloseTo(20.7, 9);
    expect(report.onTarget_s).toBeCloseTo(600.7, 9);
    expect(report.steps.map((s) => s.step)).toEqual(['requested', 'moving-out', 'moved-out', 'watching', 'returning', 'returned']);
    expect(report.steps[2]).toMatchObject({ flipId: 'out' });
  });

  it('a drill cut short because the target went DOWN says so', () => {
    const steps = record([
      tick(T0 + S, ON_A),
      done('out', T0 + 1200, T0 + 1500),
      tick(T0 + 3 * MIN, ON_B, { [A]: { status: 'UP' }, [B]: { status: 'DOWN' } }),
      done('back', T0 + 3 * MIN + 300, T0 + 3 * MIN + 800),
    ]);
    const report = buildDrillReport(steps, timing)!;
    expect(report).toMatchObject({ outcome: 'returned', aborted: true, code: 'target-down' });
    expect(report.problems).toEqual([expect.stringMatching(/^returned early \(target-down\): us-west-2 went DOWN during the drill: returning traffic to us-east-1$/)]);
    expect(report.rto.back_s).toBeCloseTo(180 + 0.8 + 20 - 180, 9);
  });

  it('a refused drill reports why and has no RTO', () => {
    const report = buildDrillReport(record([tick(T0 + S, ON_A, { [A]: { status: 'UP' }, [B]: { status: 'UNKNOWN' } })]), timing)!;
    expect(report).toMatchObject({ outcome: 'refused', code: 'target-not-up', rto: { out_s: null, back_s: null }, onTarget_s: null });
    expect(report.problems[0]).toMatch(/^refused \(target-not-up\): us-west-2 is UNKNOWN/);
  });

  it('a running drill has no end yet; steps missing from the record are called out', () => {
    const steps = record([tick(T0 + S, ON_A), done('out', T0 + 1200, T0 + 1500)]).filter((s) => s.seq !== 1);
    const report = buildDrillReport(steps, timing)!;
    expect(report.outcome).toBe('running');
    expect(report.finishedAt).toBeUndefined();
    expect(report.problems).toEqual(['step 1 missing from the record']);
    expect(report.rto.out_s).toBeNull();
  });

  it('knows no drill without its request', () => {
    expect(buildDrillReport([], timing)).toBeUndefined();
  });
});
