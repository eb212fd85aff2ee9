/** Property tests of the lock record's four writes (the protocol's state machine). */
import fc from 'fast-check';
import { acquireFree, nextSequence, release, renew, takeOver, type Grant, type LockRecord, type Transition } from '../../../lambdas/coordination/rules/record';

const OWNERS = ['a', 'b', 'c'] as const;
const KEY = 'lock#k';

type Op =
  | { kind: 'acquireFree'; owner: string; tokenDelta: number }
  | { kind: 'takeOver'; owner: string; versionPick: number; tokenDelta: number }
  | { kind: 'renew' | 'release'; owner: string; tokenDelta: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('acquireFree' as const), owner: fc.constantFrom(...OWNERS), tokenDelta: fc.integer({ min: -1, max: 3 }) }),
  fc.record({ kind: fc.constant('takeOver' as const), owner: fc.constantFrom(...OWNERS), versionPick: fc.nat(20), tokenDelta: fc.integer({ min: -1, max: 3 }) }),
  fc.record({ kind: fc.constantFrom('renew' as const, 'release' as const), owner: fc.constantFrom(...OWNERS), tokenDelta: fc.integer({ min: -2, max: 1 }) }),
);

describe('lock record transitions (property)', () => {
  it('grant tokens grow with every grant, one owner per token, and released grants never come back', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.array(opArb, { maxLength: 60 }), (seed, ops) => {
        let current: LockRecord | undefined;
        let n = 0;
        const versions: string[] = [];
        const ownerOfToken = new Map<number, string>();
        const deadGrants = new Set<string>();
        for (const op of ops) {
          const recordVersion = `v${++n}`;
          const before = current;
          const proposed = op.kind === 'renew' || op.kind === 'release' ? 0 : (before?.token ?? seed) + op.tokenDelta;
          const grant: Grant = { owner: op.owner, recordVersion, token: proposed, leaseMs: 1000, expiresAt: 9, wallMs: n };
          let result: Transition;
          if (op.kind === 'acquireFree') result = acquireFree(before, KEY, grant);
          else if (op.kind === 'takeOver') result = takeOver(before, KEY, versions[op.versionPick % Math.max(1, versions.length)] ?? 'none', grant);
          else {
            const update = { owner: op.owner, token: (before?.token ?? 0) + op.tokenDelta, recordVersion, leaseMs: 1000, payload: 'p', expiresAt: 9, wallMs: n };
            result = op.kind === 'renew' ? renew(before, KEY, update) : release(before, KEY, update);
          }
          if (!result.ok) {
            expect(result.current).toBe(before);
            continue;
          }
          const after = result.record;
          versions.push(after.recordVersion);
          expect(after.recordVersion).toBe(recordVersion);
          const grantId = `${after.owner}@${after.token}`;
          if (op.kind === 'acquireFree' || op.kind === 'takeOver') {
            // A new grant: the proposed token, above the previous one, never seen before.
            expect(after.token).toBe(proposed);
            if (before) expect(after.token).toBeGreaterThan(before.token);
            expect(ownerOfToken.has(after.token)).toBe(false);
            ownerOfToken.set(after.token, after.owner);
            expect(after.released).toBe(false);
            if (before && !before.released) deadGrants.add(`${before.owner}@${before.token}`);
            if (op.kind === 'acquireFree') expect(before === undefined || before.released).toBe(true);
          } else {
            expect(after.payload).toBe(op.kind === 'renew' ? 'p' : undefined);
            // Renew/release only ever touch the live grant they name, and keep its token.
            expect(before?.released).toBe(false);
            expect(deadGrants.has(grantId)).toBe(false);
            expect(after.token).toBe(before?.token);
            expect(after.owner).toBe(before?.owner);
            expect(after.released).toBe(op.kind === 'release');
            if (op.kind === 'release') {
              deadGrants.add(grantId);
              expect(after.payload).toBeUndefined();
            }
          }
          current = after;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a renewal racing a release cannot resurrect the lock, in either order', () => {
    const grant: Grant = { owner: 'a', recordVersion: 'v1', token: 1, leaseMs: 1000, expiresAt: 9, wallMs: 0 };
    const held = acquireFree(undefined, KEY, grant);
    if (!held.ok) throw new Error('setup');
    const update = (v: string) => ({ owner: 'a', token: held.record.token, recordVersion: v, leaseMs: 1000, expiresAt: 9, wallMs: 1 });
    const releasedFirst = release(held.record, KEY, update('r'));
    expect(releasedFirst.ok && renew(releasedFirst.record, KEY, update('h')).ok).toBe(false);
    const renewedFirst = renew(held.record, KEY, update('h'));
    const thenReleased = renewedFirst.ok ? release(renewedFirst.record, KEY, update('r')) : undefined;
    expect(thenReleased?.ok && thenReleased.record.released).toBe(true);
  });

  describe('sequence (a leadership term number)', () => {
    const grant = (owner: string, token: number, recordVersion = `${owner}${token}`): Grant => ({ owner, recordVersion, token, leaseMs: 1000, expiresAt: 9, wallMs: token });
    const update = (record: LockRecord, recordVersion: string) => ({ owner: record.owner, token: record.token, recordVersion, leaseMs: 1000, expiresAt: 9, wallMs: 5 });
    const ok = (t: Transition): LockRecord => {
      if (!t.ok) throw new Error('the transition was refused');
      return t.record;
    };

    it('gives the first grant of a key number 1 and every later grant the next number', () => {
      const first = ok(acquireFree(undefined, KEY, grant('a', 10)));
      const second = ok(takeOver(first, KEY, first.recordVersion, grant('b', 11)));
      const released = ok(release(second, KEY, update(second, 'r')));
      const third = ok(acquireFree(released, KEY, grant('c', 12)));
      expect([first.sequence, second.sequence, released.sequence, third.sequence]).toEqual([1, 2, 2, 3]);
    });

    it('keeps the number through renewals and releases', () => {
      const held = ok(acquireFree(undefined, KEY, grant('a', 10)));
      const renewed = ok(renew(held, KEY, update(held, 'h1')));
      const again = ok(renew(renewed, KEY, update(renewed, 'h2')));
      expect([renewed.sequence, again.sequence, ok(release(again, KEY, update(again, 'r'))).sequence]).toEqual([1, 1, 1]);
    });

    it('leaves the number alone on a refused grant', () => {
      const held = ok(acquireFree(undefined, KEY, grant('a', 10)));
      const refused = acquireFree(held, KEY, grant('b', 11));
      expect(refused).toEqual({ ok: false, current: held });
    });

    it('counts a record written before the sequence existed as 0, so its next grant is number 1', () => {
      const legacy: LockRecord = { key: KEY, owner: 'old', recordVersion: 'v0', token: 5, sequence: 0, leaseMs: 1000, released: false, expiresAt: 9, updatedAtMs: 0 };
      expect(nextSequence(legacy)).toBe(1);
      expect(ok(renew(legacy, KEY, update(legacy, 'h'))).sequence).toBe(0);
      expect(ok(takeOver(legacy, KEY, 'v0', grant('b', 6))).sequence).toBe(1);
    });
  });
});
