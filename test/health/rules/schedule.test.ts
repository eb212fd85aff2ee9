/** Probe-loop scheduling math: aligned slots, no bursts after a slow round, rounds end before the deadline. */
import fc from 'fast-check';
import { alignedSlots, canStartRound, deadlineFromRemaining, firstAlignedSlotAfter, nextSlotIndex, slotTime } from '../../../lambdas/health/rules/schedule';

describe('alignedSlots', () => {
  it('puts every slot on a wall-clock multiple of the interval', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }),
        fc.integer({ min: 1000, max: 60_000 }),
        fc.integer({ min: 0, max: 20 }),
        (mono, wall, interval, index) => {
          const plan = alignedSlots(mono, wall, interval);
          const wallOfSlot = wall + (slotTime(plan, index) - mono);
          expect(wallOfSlot % interval).toBe(0);
          expect(plan.firstSlot - mono).toBeGreaterThanOrEqual(0);
          expect(plan.firstSlot - mono).toBeLessThan(interval);
        },
      ),
    );
  });

  it('starts at once when the wall clock is exactly on a slot', () => {
    expect(alignedSlots(500, 1_700_000_005_000, 5000).firstSlot).toBe(500);
    expect(alignedSlots(500, 1_700_000_003_000, 5000).firstSlot).toBe(2500);
  });
});

describe('nextSlotIndex', () => {
  const plan = { firstSlot: 1000, intervalMs: 5000 };

  it('takes the next slot when the previous round finished in time', () => {
    expect(nextSlotIndex(plan, 0, 2500)).toBe(1);
    expect(nextSlotIndex(plan, -1, 0)).toBe(0);
  });

  it('skips slots that already passed instead of running them back to back', () => {
    expect(nextSlotIndex(plan, 0, 12_000)).toBe(3);
  });

  it('always moves forward and never returns a slot in the past', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1, max: 50 }), fc.integer({ min: 0, max: 400_000 }), (previous, now) => {
        const next = nextSlotIndex(plan, previous, now);
        expect(next).toBeGreaterThan(previous);
        expect(slotTime(plan, next)).toBeGreaterThanOrEqual(Math.min(now, slotTime(plan, previous + 1)));
        expect(slotTime(plan, next) - now).toBeLessThan(Math.max(plan.intervalMs, slotTime(plan, previous + 1) - now + 1));
      }),
    );
  });

  it('keeps the first aligned round at least half an interval after the immediate one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 4999 }), (mono, phase) => {
        const p = alignedSlots(mono, 1_700_000_000_000 + phase, 5000);
        const gap = slotTime(p, firstAlignedSlotAfter(p, mono)) - mono;
        expect(gap).toBeGreaterThanOrEqual(2500);
        expect(gap).toBeLessThan(7500);
      }),
    );
  });
});

describe('deadline', () => {
  it('starts a round only if its probes and writes fit before the deadline', () => {
    expect(canStartRound(55_000, 59_000, 2000, 1000)).toBe(true);
    expect(canStartRound(56_001, 59_000, 2000, 1000)).toBe(false);
  });

  it('keeps a safety margin from the Lambda remaining time and never goes back in time', () => {
    expect(deadlineFromRemaining(100, 60_000, 1500)).toBe(58_600);
    expect(deadlineFromRemaining(100, 1000, 1500)).toBe(100);
  });
});
