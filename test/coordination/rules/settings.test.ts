/** Lease settings: defaults, the rules, and the timing model's arithmetic. */
import fc from 'fast-check';
import { resolveLeaseSettings, safetyMarginMs, LockConfigError, nameProblem } from '../../../lambdas/coordination/rules';
import { holderDeadline, takeoverAt, waiterStep } from '../../../lambdas/coordination/rules/timing';
import type { LockRecord } from '../../../lambdas/coordination/rules/record';

describe('resolveLeaseSettings', () => {
  it('defaults to the leader config defaults and derives heartbeat and retry from the lease', () => {
    expect(resolveLeaseSettings()).toEqual({ leaseMs: 15_000, heartbeatMs: 5_000, retryMs: 2_000, driftRate: 0.01, ttlMs: 86_400_000 });
    expect(resolveLeaseSettings({ leaseMs: 300 })).toEqual({ leaseMs: 300, heartbeatMs: 100, retryMs: 60, driftRate: 0.01, ttlMs: 86_400_000 });
  });

  it('refuses a TTL that could delete a live record', () => {
    expect(() => resolveLeaseSettings({ leaseMs: 10_000, ttlMs: 60_000 })).toThrow(/ttlMs \(60000\) must be at least 10 leases/);
  });

  it('accepts exactly 2 heartbeats per lease and refuses less', () => {
    expect(resolveLeaseSettings({ leaseMs: 1000, heartbeatMs: 500 }).heartbeatMs).toBe(500);
    expect(() => resolveLeaseSettings({ leaseMs: 1000, heartbeatMs: 501 })).toThrow(LockConfigError);
  });

  it('names problems with names and owners', () => {
    expect(nameProblem('owner', 'x'.repeat(300), 256)).toBe('owner must be at most 256 characters, got 300');
    expect(nameProblem('owner', 42, 256)).toBe('owner must be a non-empty string, got 42');
  });
});

describe('timing model', () => {
  const record = (leaseMs: number, recordVersion = 'v'): LockRecord => ({ key: 'k', owner: 'o', recordVersion, token: 1, sequence: 1, leaseMs, released: false, expiresAt: 0, updatedAtMs: 0 });

  it('holder stops 2 margins before a waiter that saw the same write may take over (same clock rate)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 3_600_000 }), fc.double({ min: 0, max: 0.1, noNaN: true }), fc.integer({ min: 0, max: 1e9 }), (lease, drift, t) => {
        const gap = takeoverAt({ recordVersion: 'v', firstSeenMs: t }, lease, drift) - holderDeadline(t, lease, drift);
        expect(gap).toBe(2 * safetyMarginMs(lease, drift));
        // Safe for clocks within ±drift of real time: (lease − m)/(1 − drift) ≤ (lease + m)/(1 + drift).
        expect((lease - safetyMarginMs(lease, drift)) * (1 + drift)).toBeLessThan((lease + safetyMarginMs(lease, drift)) * (1 - drift) + 1e-6);
      }),
    );
  });

  it('a waiter never proposes a takeover before watching one version for lease + margin, and restarts on a new version', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 700 })), { maxLength: 40 }), (steps) => {
        const settings = { retryMs: 100, driftRate: 0.01 };
        let watch;
        let now = 0;
        let version = 0;
        let changedAt = 0;
        for (const [renewed, dt] of steps) {
          now += dt;
          if (renewed) {
            version += 1;
            changedAt = now;
          }
          const d = waiterStep(watch, record(500, `v${version}`), now, settings);
          watch = d.watch;
          if (d.step.kind === 'take-over') expect(now - changedAt).toBeGreaterThanOrEqual(500 + safetyMarginMs(500, 0.01));
          if (d.step.kind === 'wait') expect(d.step.ms).toBeLessThanOrEqual(settings.retryMs);
        }
      }),
    );
  });

  it('asks for the one-write acquire when the record is free', () => {
    expect(waiterStep(undefined, undefined, 0, { retryMs: 1, driftRate: 0 }).step).toEqual({ kind: 'acquire-free' });
    expect(waiterStep(undefined, { ...record(500), released: true }, 0, { retryMs: 1, driftRate: 0 }).step).toEqual({ kind: 'acquire-free' });
  });
});
