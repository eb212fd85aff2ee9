/** A drill's report read back from the store, in the published schema, and rendered for people. */
import { getDrillReport } from '../../lambdas/history/drill-report';
import { renderDrillMarkdown } from '../../lambdas/history/drill-markdown';
import { MemoryEventStore } from '../../lambdas/history/memory-event-store';
import { StoreHistoryRecorder } from '../../lambdas/history/recorder';
import { advanceDrill, newDrill, type DrillInput } from '../../lambdas/history/rules/drill';
import { drillResponse } from '../../lambdas/history/schemas';
import { ManualClock } from '../support/manual-clock';
import { A, B, MIN, ON_A, ON_B, S, T0 } from './support/events';

// The hand-worked figures assume signal checks of 10 s × 2 (the 'moved' time adds interval × threshold).
const SIGNAL_CHECK = { requestIntervalSeconds: 10, failureThreshold: 2 } as const;

const up = { [A]: { status: 'UP' as const }, [B]: { status: 'UP' as const } };

async function recordedDrill(store: MemoryEventStore): Promise<void> {
  const recorder = new StoreHistoryRecorder({ store, clock: new ManualClock() });
  const started = newDrill({ id: 'drill-42', target: B, home: ON_A, durationMs: 10 * MIN, reason: 'game day', actor: 'alice', requestedAt: T0 });
  let state = started.state;
  started.steps.forEach((s) => recorder.drillStep(s));
  const inputs: DrillInput[] = [
    { kind: 'tick', world: { now: T0 + S, regions: [A, B], verdicts: up, traffic: ON_A } },
    { kind: 'flip-completed', flip: { flipId: 'out', intentAt: T0 + 1200, appliedAt: T0 + 1300, completedAt: T0 + 1500, mode: 'health-signal' } },
    { kind: 'tick', world: { now: T0 + 4 * MIN, regions: [A, B], verdicts: up, traffic: ON_B, abort: { actor: 'bob', reason: 'pager' } } },
    { kind: 'flip-completed', flip: { flipId: 'back', intentAt: T0 + 4 * MIN + 100, appliedAt: T0 + 4 * MIN + 150, completedAt: T0 + 4 * MIN + 400, mode: 'health-signal' } },
  ];
  for (const input of inputs) {
    const t = advanceDrill(state, input);
    state = t.state;
    t.steps.forEach((s) => recorder.drillStep(s));
  }
  await recorder.flush();
}

describe('getDrillReport', () => {
  it('reads the drill’s steps back and reports them in the published schema', async () => {
    const store = new MemoryEventStore();
    await recordedDrill(store);
    const report = await getDrillReport(store, 'drill-42', SIGNAL_CHECK);
    expect(report).toMatchObject({ outcome: 'returned', aborted: true, code: 'operator-abort' });
    const wire = JSON.parse(JSON.stringify(report)) as unknown;
    expect(drillResponse.parse(wire)).toEqual(wire);
    expect(await getDrillReport(store, 'drill-0', SIGNAL_CHECK)).toBeUndefined();
  });

  it('renders the outcome, the RTO both ways, each step and what went wrong', async () => {
    const store = new MemoryEventStore();
    await recordedDrill(store);
    const md = renderDrillMarkdown((await getDrillReport(store, 'drill-42', SIGNAL_CHECK))!);
    expect(md).toMatch(/^# Drill drill-42: us-east-1 → us-west-2\n\nRequested by alice at 2025-01-01 00:00:00Z for 10 min 0 s: game day\n/);
    expect(md).toContain('**Outcome: traffic returned home early** (operator-abort): traffic back on us-east-1 (flip back)');
    // out: decided T0+1 s, moved T0+21.5 s = 20.5 s; back: decided T0+4 min, moved T0+4 min 20.4 s = 20.4 s; on target 21.5 s → 4 min 20.4 s
    expect(md).toContain('| 20.5 s | 20.4 s | 3 min 59 s |');
    expect(md).toContain('| 4 | 2025-01-01 00:04:00Z | returning | operator-abort | bob aborted the drill (pager): returning traffic to us-east-1 |');
    expect(md).toContain('## What went wrong\n\n- returned early (operator-abort): bob aborted the drill (pager): returning traffic to us-east-1');
  });
});
