/**
 * For any interleaving of drill starts and aborts (API processes), ticks of two leaders (the older
 * one deposed once the newer claims the state), verdict changes, Route 53 failures, crashes and
 * lost answers at any write: no leg of any drill is ever flipped twice, and once the faults stop
 * every drill ends.
 */
import fc from 'fast-check';
import { controllerConfig, PRIMARY, SECONDARY } from '../failover/configs';
import type { StoreFault, StoreWrite } from '../../lambdas/failover/memory-state-store';
import { drillScenario, type DrillScenario } from './support/drill-scenario';

type Action =
  | { readonly kind: 'start'; readonly target: string; readonly durationMs: number }
  | { readonly kind: 'abort' }
  | { readonly kind: 'tick'; readonly term: number }
  | { readonly kind: 'verdict'; readonly region: string; readonly status: 'UP' | 'DOWN' | 'UNKNOWN' }
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'fault'; readonly write: StoreWrite; readonly at: 'before' | 'after'; readonly fault: 'crash' | 'timeout' | 'lost-answer' }
  | { readonly kind: 'route53'; readonly failing: boolean };

const region = fc.constantFrom(PRIMARY, SECONDARY);
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('start' as const), target: region, durationMs: fc.integer({ min: 1000, max: 120_000 }) }),
  fc.constant({ kind: 'abort' as const }),
  fc.record({ kind: fc.constant('tick' as const), term: fc.constantFrom(1, 2) }),
  fc.record({ kind: fc.constant('verdict' as const), region, status: fc.constantFrom('UP' as const, 'DOWN' as const, 'UNKNOWN' as const) }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 90_000 }) }),
  fc.record({
    kind: fc.constant('fault' as const),
    write: fc.constantFrom<StoreWrite>('recordIntent', 'completeIntent', 'claimOutbox', 'clearOutbox', 'putAudit'),
    at: fc.constantFrom('before' as const, 'after' as const),
    fault: fc.constantFrom('crash' as const, 'timeout' as const, 'lost-answer' as const),
  }),
  fc.record({ kind: fc.constant('route53' as const), failing: fc.boolean() }),
);

/** Every failure a process may meet here is an outcome of the timeline, not a test failure. */
async function survive(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (err) {
    const name = (err as Error).name;
    if (!['SimulatedCrash', 'SimulatedTimeout', 'DrillRequestError', 'ManualActionError', 'FlipInProgressError', 'ConcurrentChangeError', 'StateConflictError', 'FlipApplyError'].includes(name))
      throw err;
  }
}

async function play(s: DrillScenario, a: Action): Promise<void> {
  switch (a.kind) {
    case 'start':
      return survive(() => s.api().runner.start({ target: a.target, durationMs: a.durationMs, reason: 'property', actor: 'fc' }));
    case 'abort': {
      const latest = await s.drills.latest();
      if (latest) await survive(() => s.api().runner.abort(latest.id, { actor: 'fc', reason: 'property' }));
      return;
    }
    case 'tick':
      return survive(() => s.leader(a.term).service.tick());
    case 'verdict':
      return s.verdicts.set(a.region, a.status);
    case 'advance':
      return s.clock.advance(a.ms);
    case 'fault': {
      const fault: StoreFault = { kind: a.fault === 'lost-answer' && a.at === 'before' ? 'crash' : a.fault };
      return s.store.inject({ at: a.at, match: (e) => e.write === a.write, fault });
    }
    case 'route53':
      s.dns.failing = a.failing ? new Error('Route 53 throttled') : undefined;
      return;
  }
}

describe('drills under any interleaving', () => {
  it.each(['health-signal', 'dns-update'] as const)('%s: a leg is never flipped twice, and every drill ends once faults stop', async (mode) => {
    let withLegs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 30 }), async (actions) => {
        const s = drillScenario(controllerConfig('svc', mode, { failover: { holdDownSeconds: 0, flapWindowSeconds: 3600, maxFlipsPerWindow: 100, failback: 'auto', failbackDwellSeconds: 0 } }));
        s.verdicts.set(PRIMARY, 'UP');
        s.verdicts.set(SECONDARY, 'UP');
        for (const a of actions) await play(s, a);

        // Faults stop, regions are UP: a newest leader ticks long enough for any drill to finish.
        s.store.clearFaults();
        s.dns.failing = undefined;
        s.verdicts.set(PRIMARY, 'UP');
        s.verdicts.set(SECONDARY, 'UP');
        const leader = s.leader(3);
        for (let i = 0; i < 6; i += 1) {
          s.clock.advance(10 * 60_000);
          await leader.service.tick();
        }

        const legCommits = new Map<string, number>();
        for (const c of s.store.committedIntents()) if (/^drill-\d+\.(out|back)$/.test(c.id)) legCommits.set(c.id, (legCommits.get(c.id) ?? 0) + 1);
        for (const [id, n] of legCommits) expect({ id, commits: n }).toEqual({ id, commits: 1 });
        if (legCommits.size > 0) withLegs += 1;
        expect((await s.drills.latest())?.drill.phase ?? 'finished').toBe('finished');
      }),
      { numRuns: 150 },
    );
    // The timelines did run drills (not only refusals).
    expect(withLegs).toBeGreaterThan(20);
  });
});
