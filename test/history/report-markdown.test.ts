import { MemoryEventStore } from '../../lambdas/history/memory-event-store';
import { buildReport, windowEndingAt } from '../../lambdas/history/report';
import { renderReportMarkdown } from '../../lambdas/history/report-markdown';
import { A, DAY, HOUR, ON_A, ON_B, S, T0, flipEvents, outageEvents } from './support/events';
import { historyConfig } from './support/config';

// The hand-worked figures assume signal checks of 10 s × 2 (the 'moved' time adds interval × threshold).
const SIGNAL_CHECK = { requestIntervalSeconds: 10, failureThreshold: 2 } as const;

const END = T0 + 30 * DAY;
const F = T0 + 10 * DAY;

async function report(events: Parameters<MemoryEventStore['put']>[0][]) {
  const store = new MemoryEventStore();
  for (const e of events) await store.put(e);
  return buildReport({ store, config: historyConfig(), window: windowEndingAt(END), signalCheck: SIGNAL_CHECK, now: END });
}

describe('renderReportMarkdown', () => {
  it('shows what users saw, each region, the model and each incident with its timings', async () => {
    const md = renderReportMarkdown(await report([...outageEvents(A, F, F + 10 * S, F + HOUR), ...flipEvents('f1', F + 10_500, F + 10_800, ON_A, ON_B)]));
    expect(md).toMatch(/^# Availability report: shop-api\n\nWindow 2025-01-01 00:00:00Z → 2025-01-31 00:00:00Z \(30 days, UTC\) · SLO 99\.95 % · active-passive, health-signal/);
    // service: 30.8 s down → 99.9988 %, nines −log10(30.8 / 2,592,000) = 4.93, budget 1,296 − 30.8 = 1,265.2 s = 21 min 5 s (98 %)
    expect(md).toContain('| service (as users saw it) | 99.9988 % | 4.93 | 99.9988 % | 30.8 s | 29 d 23 h | 30.8 s | 1 | 21 min 5 s (98 %) |');
    // us-east-1: 1 h down, budget overspent by 2,304 s = 38 min 24 s
    expect(md).toContain('| us-east-1 | 99.8611 % | 2.86 | 99.8611 % | 1 h 0 min | 29 d 23 h | 1 h 0 min | 1 | −38 min 24 s (−178 %) |');
    expect(md).toContain('| us-west-2 | 100 % | ∞ | 100 % | 0 s | — | — | 0 | 21 min 36 s (100 %) |');
    expect(md).toContain('| us-east-1 | 2025-01-11 00:00:00Z | 10 s | 0.5 s | 0.3 s | 30.8 s | 30.8 s | 1 h 0 min | f1 |');
    expect(md).toContain('RTO: first failed probe → traffic moved (flip committed + Route 53 signal checks (10 s × 2))');
    expect(md).toContain('| 2025-01-11 00:00:10.500Z | failover | us-east-1 → us-west-2 | controller@us-west-2 | completed | 2025-01-11 00:00:30.800Z |');
    expect(md).toMatch(/one region alone \| 99\.9305 % \| 3\.16 \| 30 min 0 s \|/);
  });

  it('says so when a window had no incidents and no flips', async () => {
    const md = renderReportMarkdown(await report([]));
    expect(md).toContain('## Incidents (0)\n\nNone in this window.');
    expect(md).toContain('## Flips (0)\n\nNone in this window.');
    expect(md).toContain('| service (as users saw it) | 100 % | ∞ | 100 % | 0 s | — | — | 0 | 21 min 36 s (100 %) |');
  });
});
