/**
 * Two writers — the leader's tick and an operator's command — racing on in-memory stores under
 * arbitrary interleavings of their writes (fast-check's scheduler), with lost answers, timeouts
 * and crashes injected after arbitrary writes. Whatever happens: never two notifications for one
 * flip, never a committed change without its audit entry; and after one more leader tick, every
 * committed flip has been announced exactly once.
 */
import fc from 'fast-check';
import type { StoreFault } from '../../lambdas/failover/memory-state-store';
import { controllerConfig, PRIMARY, SECONDARY } from './configs';
import { memoryScenario } from './support/memory-scenario';

describe('two writers racing under arbitrary interleavings and faults', () => {
  const RACES = ['leader tick vs operator failback', 'leader tick vs operator failover', 'leader tick vs deposed leader tick'] as const;
  type Race = (typeof RACES)[number];
  const faultArb = fc.constantFrom<StoreFault['kind'] | 'none'>('none', 'none', 'none', 'lost-answer', 'timeout', 'crash');

  it('never two notifications for one flip, never a state change without its audit entry; after a leader tick, every flip is announced', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(faultArb, { minLength: 12, maxLength: 12 }), fc.constantFrom(...RACES), fc.boolean(), async (scheduler, faults, race, swap) => {
        const s = memoryScenario(controllerConfig('svc', 'health-signal'));
        s.verdicts.set(PRIMARY, 'DOWN');
        s.verdicts.set(SECONDARY, 'UP');
        if (race === 'leader tick vs operator failback') {
          // Traffic is on B after a first flip, and A is back: the operator fails back while the leader ticks.
          await s.controller({ term: 1 }).service.tick('stream');
          s.verdicts.set(PRIMARY, 'UP');
        }
        let n = 0;
        s.store.inject({
          at: 'before',
          match: () => true,
          times: Number.POSITIVE_INFINITY,
          fault: () => ({ kind: 'pause', until: scheduler.schedule(Promise.resolve(), 'write') }),
        });
        s.store.inject({
          at: 'after',
          match: () => true,
          times: Number.POSITIVE_INFINITY,
          fault: () => {
            const kind = faults[n++ % faults.length] ?? 'none';
            return kind === 'none' || kind === 'pause' ? { kind: 'pause', until: Promise.resolve() } : { kind };
          },
        });
        const leader = s.controller({ term: 2 });
        const second: Record<Race, () => Promise<unknown>> = {
          'leader tick vs operator failback': () => s.controller({ term: undefined }).service.failback({ reason: 'A is back', actor: 'alice' }),
          'leader tick vs operator failover': () => s.controller({ term: undefined }).service.failover(SECONDARY, { reason: 'A is DOWN', actor: 'alice' }),
          'leader tick vs deposed leader tick': () => s.controller({ term: 1 }).service.tick('stream'),
        };
        const runs = [() => leader.service.tick('stream'), second[race]];
        if (swap) runs.reverse();
        let finished = false;
        const settled = Promise.allSettled(runs.map((run) => run())).then(() => (finished = true));
        // Release one paused write at a time, in the order fast-check picks, until both writers are done.
        while (!finished) {
          if (scheduler.count() > 0) await scheduler.waitOne();
          else await new Promise((resolve) => setImmediate(resolve));
        }
        await settled;

        const committed = s.store.committedIntents();
        const audited = new Set((await s.controller({ term: undefined }).service.history({ limit: 100 })).entries.map((e) => e.id));
        for (const { id } of committed) expect(audited.has(id)).toBe(true);
        const announced = () => s.notifications();
        expect(announced()).toBeLessThanOrEqual(committed.filter((c) => c.changedTraffic).length);

        s.store.clearFaults();
        const next = s.controller({ term: 3 });
        s.clock.advance(120_000);
        await next.service.tick();
        // That tick may also have rolled forward an intent a crashed writer left pending.
        const all = s.store.committedIntents();
        expect(announced()).toBe(all.filter((c) => c.changedTraffic).length);
        expect(
          s.store
            .auditEntries()
            .map((e) => e.id)
            .sort(),
        ).toEqual(all.map((c) => c.id).sort());
        expect((await next.service.status()).pendingFlip).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  }, 120_000);
});
