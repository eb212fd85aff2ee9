/**
 * Builds the slot table: slot -> member index.
 *
 * Phase 1 gives every slot to its weighted-rendezvous winner (see score.ts).
 * Phase 2 enforces the load bound: a member over its capacity keeps the slots
 * it scores best on and releases the rest, which go to their next-ranked
 * member that has room or that prefers them over one of its own slots
 * (deferred acceptance). Slots and members rank each other by the same pair
 * score, so the outcome is the unique stable assignment: it does not depend on
 * processing order, and when no member is over capacity it is exactly the
 * rendezvous assignment, which is what keeps membership changes local.
 */

import type { RingConfig } from './config';
import { slotCapacities } from './config';
import { RingInvariantError } from './errors';
import { SlotRanker } from './rank';

export interface SlotTable {
  /** Member index per slot. */
  readonly table: Uint16Array;
  /** Slot capacity per member. */
  readonly capacities: Uint32Array;
  /** Slots that did not go to their top-ranked member because of the load bound. */
  readonly displacedSlots: number;
}

/**
 * A member's accepted slots as a binary heap with its least-preferred slot on
 * top. Scores live in `slotScore` (score of each slot for its current owner),
 * shared by all heaps since a slot is in exactly one heap at a time.
 */
class WorstFirstHeap {
  private readonly slots: number[] = [];

  constructor(private readonly slotScore: Float64Array) {}

  /** True when slot `a` is worse than slot `b` for the owner: higher score, or equal score and higher slot. */
  private worse(a: number, b: number): boolean {
    const sa = this.slotScore[a]!;
    const sb = this.slotScore[b]!;
    return sa > sb || (sa === sb && a > b);
  }

  /** True when `slot`, scored `score` for this heap's member, beats the current worst slot. */
  beatsWorst(slot: number, score: number): boolean {
    const top = this.slots[0]!;
    const topScore = this.slotScore[top]!;
    return score < topScore || (score === topScore && slot < top);
  }

  get size(): number {
    return this.slots.length;
  }

  /** `slotScore[slot]` must already hold the slot's score for this heap's member. */
  push(slot: number): void {
    const h = this.slots;
    h.push(slot);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  /** Removes and returns the worst slot. */
  pop(): number {
    const h = this.slots;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      this.siftDown();
    }
    return top;
  }

  /** Puts `slot` in place of the worst slot and returns the slot it displaced. */
  replaceWorst(slot: number): number {
    const h = this.slots;
    const top = h[0]!;
    h[0] = slot;
    this.siftDown();
    return top;
  }

  private siftDown(): void {
    const h = this.slots;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < h.length && this.worse(h[l]!, h[w]!)) w = l;
      if (r < h.length && this.worse(h[r]!, h[w]!)) w = r;
      if (w === i) return;
      [h[i], h[w]] = [h[w]!, h[i]!];
      i = w;
    }
  }
}

/** Phase 2: deferred acceptance until every member is within its capacity. */
function enforceCapacities(ranker: SlotRanker, table: Uint16Array, caps: Uint32Array): void {
  const n = caps.length;
  const loads = new Uint32Array(n);
  for (let s = 0; s < table.length; s++) loads[table[s]!]! += 1;
  let over = false;
  for (let m = 0; m < n; m++) if (loads[m]! > caps[m]!) over = true;
  if (!over) return;

  const slotScore = new Float64Array(table.length);
  const heaps: WorstFirstHeap[] = [];
  for (let m = 0; m < n; m++) heaps.push(new WorstFirstHeap(slotScore));
  for (let s = 0; s < table.length; s++) {
    slotScore[s] = ranker.score(s, table[s]!);
    heaps[table[s]!]!.push(s);
  }

  // Released slots; `table` still names the member that released each one, so
  // the slot resumes its ranking right after that member.
  const pending: number[] = [];
  heaps.forEach((heap, m) => {
    while (heap.size > caps[m]!) pending.push(heap.pop());
  });

  while (pending.length > 0) {
    const slot = pending.pop()!;
    let current = table[slot]!;
    let currentScore = slotScore[slot]!;
    for (;;) {
      const member = ranker.next(slot, currentScore, current);
      const score = ranker.lastScore;
      // Capacities sum to at least slotCount, so some member always has room.
      if (member < 0) throw new RingInvariantError(`slot ${slot} ran out of members with room`);
      const heap = heaps[member]!;
      if (heap.size < caps[member]!) {
        table[slot] = member;
        slotScore[slot] = score;
        heap.push(slot);
        break;
      }
      if (heap.beatsWorst(slot, score)) {
        table[slot] = member;
        slotScore[slot] = score;
        pending.push(heap.replaceWorst(slot));
        break;
      }
      current = member;
      currentScore = score;
    }
  }
}

function countDifferences(a: Uint16Array, b: Uint16Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d += 1;
  return d;
}

/** Phase 1: every slot to its top-ranked member. */
function rendezvousAssign(ranker: SlotRanker, slotCount: number): Uint16Array {
  const table = new Uint16Array(slotCount);
  for (let s = 0; s < slotCount; s++) table[s] = ranker.top(s);
  return table;
}

export function buildSlotTable(config: RingConfig, ranker: SlotRanker = new SlotRanker(config)): SlotTable {
  const capacities = slotCapacities(config);
  const rendezvous = rendezvousAssign(ranker, config.slotCount);
  const table = rendezvous.slice();
  enforceCapacities(ranker, table, capacities);
  return { table, capacities, displacedSlots: countDifferences(rendezvous, table) };
}
