import fc from 'fast-check';
import type { Member, Ring } from '../../../lambdas/keyrouting/ring';

/** Small slot count: properties hold at any size and builds stay well under a millisecond. */
export const SLOTS = 4096;

export function equalMembers(count: number, prefix = 'm'): Member[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}${i}`, weight: 1 }));
}

/** Distinct ids (including non-ASCII) with weights spanning a 100x range. */
export function arbMembers(min: number, max: number): fc.Arbitrary<Member[]> {
  return fc
    .uniqueArray(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }), { minLength: min, maxLength: max })
    .chain((ids) => fc.tuple(...ids.map(() => fc.double({ min: 0.1, max: 10, noNaN: true }))).map((ws) => ids.map((id, i) => ({ id, weight: ws[i]! }))));
}

export const arbSeed = fc.integer({ min: 0, max: 0xffffffff });

/** Owner of every slot. */
export function owners(ring: Ring): string[] {
  return Array.from({ length: ring.config.slotCount }, (_, s) => ring.ownerOfSlot(s));
}

export function fairShare(ring: Ring, id: string): number {
  const total = ring.members.reduce((sum, m) => sum + m.weight, 0);
  const member = ring.members.find((m) => m.id === id);
  if (!member) throw new Error(`no member ${id}`);
  return (ring.config.slotCount * member.weight) / total;
}
