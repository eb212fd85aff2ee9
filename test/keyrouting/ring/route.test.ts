import fc from 'fast-check';
import { NoHealthyTargetError, RingQueryError, createRing, routeKey, type RouteRequest } from '../../../lambdas/keyrouting/ring';
import { SLOTS, arbSeed, equalMembers } from './fixtures';

const ring = createRing(equalMembers(6, 'r'), { slotCount: SLOTS, seed: 11 });
const all = new Set(ring.members.map((m) => m.id));

describe('routeKey', () => {
  it('sends writes to the primary with no fallbacks, whatever the health set', () => {
    expect(routeKey(ring, 'k', { op: 'write', primary: 'r3', healthy: new Set() })).toEqual({ target: 'r3', fallbacks: [] });
    expect(routeKey(ring, 'k', { op: 'write', primary: 'r0', healthy: all })).toEqual({ target: 'r0', fallbacks: [] });
  });

  it('rejects a write primary that is not a member', () => {
    const route = () => routeKey(ring, 'k', { op: 'write', primary: 'r9', healthy: all });
    expect(route).toThrow(RingQueryError);
    expect(route).toThrow('write primary "r9" is not a member of the ring');
  });

  it('reads from the owner, with every other member as fallbacks in preference order, when all are healthy', () => {
    const route = routeKey(ring, 'user-42', { op: 'read', primary: 'r0', healthy: all });
    expect([route.target, ...route.fallbacks]).toEqual(ring.preferenceList('user-42'));
    expect(route.target).toBe(ring.lookup('user-42'));
  });

  it('reads from the first healthy member in preference order and never lists unhealthy ones', () => {
    fc.assert(
      fc.property(fc.string(), fc.subarray([...all], { minLength: 1 }), arbSeed, (key, healthyIds, seed) => {
        const r = createRing(equalMembers(6, 'r'), { slotCount: 256, seed });
        const healthy = new Set([...healthyIds, 'not-a-member']);
        const route = routeKey(r, key, { op: 'read', primary: 'r0', healthy });
        expect([route.target, ...route.fallbacks]).toEqual(r.preferenceList(key).filter((id) => healthy.has(id)));
      }),
      { numRuns: 100 },
    );
  });

  it('throws NoHealthyTargetError for a read when nothing in the ring is healthy', () => {
    const route = () => routeKey(ring, 'k', { op: 'read', primary: 'r0', healthy: new Set(['elsewhere']) });
    expect(route).toThrow(NoHealthyTargetError);
    expect(route).toThrow('no healthy member can serve a read of key "k"');
    try {
      route();
    } catch (err) {
      expect(err).toMatchObject({ name: 'NoHealthyTargetError', key: 'k' });
    }
  });

  it('rejects an unknown operation', () => {
    const request = { op: 'delete', primary: 'r0', healthy: all } as unknown as RouteRequest;
    expect(() => routeKey(ring, 'k', request)).toThrow(new RingQueryError('unknown operation "delete" (expected "read" or "write")'));
  });
});
