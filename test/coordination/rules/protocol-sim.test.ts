/**
 * Whole-protocol property test: several hosts with clocks of different offsets and rates (within
 * driftRate of real time) run the pure protocol (record transitions + holder/waiter timing) against
 * one store, under random schedules, message delays, pauses, releases and crashes. Each grant's
 * "belief" interval — from when the holder learns of the grant until it stops acting (release sent,
 * loss learned, or its local deadline) — is computed in real time. No two may overlap. And every
 * successful grant's sequence number (a leadership's term number) is the next one: 1, 2, 3, … in
 * the order of the grants' tokens, whatever renewals, releases, expiries and crashes came between.
 */
import fc from 'fast-check';
import { acquireFree, proposeToken, release, renew, takeOver, type Grant, type LockRecord, type Transition } from '../../../lambdas/coordination/rules/record';
import { holderDeadline, waiterStep, type Watch, type WaiterStep } from '../../../lambdas/coordination/rules/timing';

const KEY = 'lock#sim';
const LEASE = 1000;
const RETRY = 100;

interface Host {
  id: string;
  readonly rate: number;
  readonly offset: number;
  state: 'idle' | 'waiting' | 'holding';
  /** Real time the host received its last answer: it sends nothing before that. */
  readyAt: number;
  watch?: Watch;
  pending?: WaiterStep;
  /** The record its last look returned (its next proposal goes above that token). */
  seen?: LockRecord;
  token?: number;
  deadlineLocal?: number;
  interval?: { start: number; token: number };
}

interface Event {
  readonly host: number;
  readonly dt: number;
  readonly sendDelay: number;
  readonly recvDelay: number;
  readonly action: 'step' | 'release' | 'crash';
}

const local = (h: Host, real: number): number => h.offset + h.rate * real;
const realAt = (h: Host, localMs: number): number => (localMs - h.offset) / h.rate;

interface Simulation {
  /** Belief intervals of every grant. */
  readonly intervals: Array<{ start: number; end: number; token: number }>;
  /** Every successful grant of ownership, in the order the store applied them. */
  readonly grants: Array<{ token: number; sequence: number }>;
  /** The record as the schedule left it. */
  readonly final: LockRecord | undefined;
}

/** Runs one schedule. */
function simulate(rates: readonly number[], events: readonly Event[], driftRate: number): Simulation {
  const hosts: Host[] = rates.map((rate, i) => ({ id: `h${i}`, rate, offset: i * 7919 - 5000, state: 'idle', readyAt: 0 }));
  const settings = { retryMs: RETRY, driftRate };
  const intervals: Array<{ start: number; end: number; token: number }> = [];
  const grants: Array<{ token: number; sequence: number }> = [];
  let record: LockRecord | undefined;
  let now = 0;
  let n = 0;
  const end = (h: Host, atReal: number): void => {
    if (h.interval) intervals.push({ ...h.interval, end: atReal });
    h.interval = undefined;
    h.state = 'idle';
  };
  const apply = (t: Transition): Transition => {
    if (t.ok) record = t.record;
    return t;
  };
  for (const e of events) {
    const h = hosts[e.host % hosts.length];
    if (!h) continue;
    now = Math.max(now + e.dt, h.readyAt + e.sendDelay);
    h.readyAt = now + e.recvDelay;
    const sentLocal = local(h, now - e.sendDelay);
    const recvReal = now + e.recvDelay;
    const recvLocal = local(h, recvReal);
    // Wall clocks here are the hosts' own readings: skewed and possibly behind the stored token.
    const grant = (seen: LockRecord | undefined): Grant => ({ owner: h.id, recordVersion: `v${++n}`, token: proposeToken(sentLocal, seen?.token), leaseMs: LEASE, expiresAt: 0, wallMs: 0 });
    const update = () => ({ owner: h.id, token: h.token ?? -1, recordVersion: `v${++n}`, leaseMs: LEASE, expiresAt: 0, wallMs: 0 });
    // A holder whose deadline passed knows it (it checks its clock before acting) and stops.
    if (h.state === 'holding' && sentLocal >= (h.deadlineLocal ?? 0)) end(h, realAt(h, h.deadlineLocal ?? 0));
    if (e.action === 'crash') {
      // Worst case for safety: a crashed (or frozen) holder is counted as believing until its
      // deadline. The host restarts as a new process with a new owner id and no memory.
      if (h.state === 'holding') end(h, realAt(h, h.deadlineLocal ?? 0));
      Object.assign(h, { id: `${h.id}'`, state: 'idle', watch: undefined, pending: undefined, token: undefined, seen: undefined });
      continue;
    }
    if (e.action === 'release' && h.state === 'holding') {
      end(h, now - e.sendDelay); // stops acting before it sends the release
      apply(release(record, KEY, update()));
      continue;
    }
    if (h.state === 'holding') {
      const t = apply(renew(record, KEY, update()));
      if (t.ok) h.deadlineLocal = Math.max(h.deadlineLocal ?? 0, holderDeadline(sentLocal, LEASE, driftRate));
      else end(h, Math.min(recvReal, realAt(h, h.deadlineLocal ?? 0)));
      continue;
    }
    let seen: LockRecord | undefined;
    const step = h.pending ?? { kind: 'acquire-free' as const };
    if (h.state === 'idle' || step.kind !== 'wait') {
      const t = apply(step.kind === 'take-over' ? takeOver(record, KEY, step.recordVersion, grant(h.seen)) : acquireFree(record, KEY, grant(h.seen)));
      h.pending = undefined;
      if (t.ok) {
        grants.push({ token: t.record.token, sequence: t.record.sequence });
        h.state = 'holding';
        h.token = t.record.token;
        h.deadlineLocal = holderDeadline(sentLocal, LEASE, driftRate);
        h.interval = { start: recvReal, token: t.record.token };
        h.watch = undefined;
        continue;
      }
      seen = t.current;
    } else {
      seen = record; // a strongly consistent read
    }
    h.seen = seen;
    const decision = waiterStep(h.watch, seen, recvLocal, settings);
    h.watch = decision.watch;
    h.pending = decision.step;
    h.state = 'waiting';
  }
  for (const h of hosts) if (h.state === 'holding') end(h, realAt(h, h.deadlineLocal ?? 0));
  return { intervals, grants, final: record };
}

function overlaps(intervals: ReadonlyArray<{ start: number; end: number }>): boolean {
  const sorted = [...intervals].filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  return sorted.some((cur, i) => i > 0 && cur.start < (sorted[i - 1]?.end ?? -Infinity));
}

const eventArb: fc.Arbitrary<Event> = fc.record({
  host: fc.nat(5),
  dt: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 80 }), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: LEASE + 50 }), weight: 1 }),
  sendDelay: fc.integer({ min: 0, max: 40 }),
  recvDelay: fc.integer({ min: 0, max: 40 }),
  action: fc.oneof({ arbitrary: fc.constant('step' as const), weight: 12 }, { arbitrary: fc.constant('release' as const), weight: 2 }, { arbitrary: fc.constant('crash' as const), weight: 1 }),
});

function ratesArb(drift: number): fc.Arbitrary<number[]> {
  return fc.array(fc.oneof(fc.constantFrom(1 - drift, 1 + drift), fc.double({ min: 1 - drift, max: 1 + drift, noNaN: true })), { minLength: 2, maxLength: 5 });
}

describe('protocol under clock drift (simulation, property)', () => {
  it('never lets two grants believe at the same real time when clock rates stay within driftRate, and tokens grow', () => {
    fc.assert(
      fc.property(ratesArb(0.01), fc.array(eventArb, { minLength: 20, maxLength: 200 }), (rates, events) => {
        const { intervals } = simulate(rates, events, 0.01);
        expect(overlaps(intervals)).toBe(false);
        const byStart = [...intervals].sort((a, b) => a.start - b.start).map((i) => i.token);
        byStart.forEach((token, i) => i === 0 || expect(token).toBeGreaterThan(byStart[i - 1] ?? -Infinity));
      }),
      { numRuns: 400 },
    );
  });

  it('has teeth: without the drift margin, clocks 10 % apart produce overlapping beliefs', () => {
    const result = fc.check(
      fc.property(ratesArb(0.1), fc.array(eventArb, { minLength: 20, maxLength: 200 }), (rates, events) => !overlaps(simulate(rates, events, 0).intervals)),
      { numRuns: 2000, seed: 42 },
    );
    expect(result.failed).toBe(true);
  });

  it('numbers the successful grants 1, 2, 3, … in the order of their tokens; renewals, releases and expiries never change the number', () => {
    fc.assert(
      fc.property(ratesArb(0.01), fc.array(eventArb, { minLength: 20, maxLength: 200 }), (rates, events) => {
        const { grants, final } = simulate(rates, events, 0.01);
        const byToken = [...grants].sort((a, b) => a.token - b.token);
        expect(byToken.map((g) => g.sequence)).toEqual(byToken.map((_g, i) => i + 1));
        expect(grants).toEqual(byToken); // the store applied them in token order too
        expect(final?.sequence ?? 0).toBe(grants.length);
      }),
      { numRuns: 400 },
    );
  });
});
