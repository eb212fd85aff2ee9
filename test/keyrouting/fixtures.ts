/** Shared generators and builders for routing-table tests. */
import fc from 'fast-check';
import type { Member } from '../../lambdas/keyrouting/ring';
import { nextRouteTable, type RouteTableChange } from '../../lambdas/keyrouting/next';
import type { RouteTable } from '../../lambdas/keyrouting/table';

/** Small rings keep property runs fast; answers do not depend on the slot count's size. */
export const SLOTS = 256;

export const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-south-1', 'sa-east-1'];

/** 1–6 distinct members with integer weights 1–5, in random order. */
export const arbMembers = (min = 1, max = 6): fc.Arbitrary<Member[]> =>
  fc
    .shuffledSubarray(REGIONS, { minLength: min, maxLength: max })
    .chain((ids) => fc.tuple(...ids.map((id) => fc.integer({ min: 1, max: 5 }).map((weight) => ({ id, weight })))))
    .map((ms) => [...ms]);

export const arbKeys = fc.array(fc.string({ minLength: 0, maxLength: 12 }), { minLength: 1, maxLength: 40 });

export function change(members: readonly Member[] | undefined, primary: string, healthy: Iterable<string>, extra: Partial<RouteTableChange> = {}): RouteTableChange {
  return { primary, healthy, ...(members ? { members } : {}), ring: { slotCount: SLOTS }, at: 1000, by: 'test', reason: 'test', ...extra };
}

/** A first table over `members`, all healthy, primary = first member. */
export function firstTable(members: readonly Member[], extra: Partial<RouteTableChange> = {}): RouteTable {
  return nextRouteTable(
    undefined,
    change(
      members,
      members[0]!.id,
      members.map((m) => m.id),
      extra,
    ),
  );
}

/** A manual monotonic clock. */
export function manualClock(start = 0): { monotonicMs: () => number; advance: (ms: number) => void } {
  let now = start;
  return { monotonicMs: () => now, advance: (ms) => (now += ms) };
}
