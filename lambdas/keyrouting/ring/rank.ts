/**
 * The per-slot member ranking that everything else is built on: the table
 * build, preference lists and read routing all walk it.
 *
 * A slot ranks member m by (weightedScore, member index): smaller first. The
 * order between two members depends only on the seed, the slot and those two
 * members (ids are sorted by code point, so relative index order is fixed too),
 * never on who else is in the ring.
 */

import type { RingConfig } from './config';
import * as hash from './hash';
import * as score from './score';

// Local bindings for the hot loops; see the note in score.ts.
const { pairOrderKey, slotHash, weightedScore } = score;
const hashString = hash.hashString;
// Module-local, for speed under vm sandboxes (see hash.ts).
const INFINITY = Number.POSITIVE_INFINITY;

interface WeightClass {
  readonly weight: number;
  /** Member indices with this weight, ascending. */
  readonly members: Int32Array;
  /** `memberHashes` of those members, in the same order, so the inner loops read one array. */
  readonly hashes: Int32Array;
}

/** Member id hashes as int32 (the bits of the unsigned xxHash32), the form the hot loops want. */
export function memberHashesOf(config: RingConfig): Int32Array {
  return Int32Array.from(config.members, (m) => hashString(m.id, config.seed) | 0);
}

export class SlotRanker {
  /**
   * Members grouped by weight: within a group the ranking is just "higher
   * pair hash first", so most candidates are compared as integers and the
   * logarithm is only taken for the few that decide the answer.
   */
  private readonly classes: readonly WeightClass[];
  /** Score of the member returned by the last `next` call (saves allocating a pair per call). */
  lastScore = INFINITY;

  constructor(
    private readonly config: RingConfig,
    readonly memberHashes: Int32Array = memberHashesOf(config),
  ) {
    const byWeight = new Map<number, number[]>();
    config.members.forEach((m, i) => {
      const list = byWeight.get(m.weight);
      if (list) list.push(i);
      else byWeight.set(m.weight, [i]);
    });
    this.classes = [...byWeight.entries()].map(([weight, idx]) => ({
      weight,
      members: Int32Array.from(idx),
      hashes: Int32Array.from(idx, (i) => memberHashes[i]!),
    }));
  }

  /** Rendezvous score of `member` for `slot` (smaller ranks first). */
  score(slot: number, member: number): number {
    const key = pairOrderKey(slotHash(slot, this.config.seed), this.memberHashes[member]!);
    return weightedScore(key, this.config.members[member]!.weight);
  }

  /**
   * The slot's top-ranked member: the table build's hot loop (slotCount x
   * members pair hashes), kept free of the threshold logic of `next`. Does not
   * set `lastScore`.
   */
  top(slot: number): number {
    const sh = slotHash(slot, this.config.seed);
    const classes = this.classes;
    let winner = -1;
    let winnerScore = INFINITY;
    for (let c = 0; c < classes.length; c++) {
      const cls = classes[c]!;
      const hashes = cls.hashes;
      let bestJ = 0;
      let bestKey = pairOrderKey(sh, hashes[0]!);
      // Strict `>`: on equal keys the earlier (lower-index) member stays.
      for (let j = 1; j < hashes.length; j++) {
        const key = pairOrderKey(sh, hashes[j]!);
        if (key > bestKey) {
          bestKey = key;
          bestJ = j;
        }
      }
      const best = cls.members[bestJ]!;
      if (classes.length === 1) return best;
      const sc = weightedScore(bestKey, cls.weight);
      if (sc < winnerScore || (sc === winnerScore && best < winner)) {
        winner = best;
        winnerScore = sc;
      }
    }
    return winner;
  }

  /**
   * The member ranked right after (`afterScore`, `afterMember`) for `slot`, or
   * -1 if there is none; its score is left in `lastScore`.
   */
  next(slot: number, afterScore: number, afterMember: number): number {
    const sh = slotHash(slot, this.config.seed);
    let winner = -1;
    let winnerScore = INFINITY;
    for (const cls of this.classes) {
      // Best member of this class that ranks after the threshold. Within a
      // class a higher key means a smaller score, so a member whose key does
      // not beat the current best can be skipped without computing its score.
      let best = -1;
      let bestKey = 0;
      const { members, hashes } = cls;
      for (let j = 0; j < members.length; j++) {
        const key = pairOrderKey(sh, hashes[j]!);
        // Members are ascending, so an equal key never beats the earlier member.
        if (best >= 0 && key <= bestKey) continue;
        const m = members[j]!;
        const sc = weightedScore(key, cls.weight);
        if (sc < afterScore || (sc === afterScore && m <= afterMember)) continue;
        best = m;
        bestKey = key;
      }
      if (best < 0) continue;
      const sc = weightedScore(bestKey, cls.weight);
      if (sc < winnerScore || (sc === winnerScore && best < winner)) {
        winner = best;
        winnerScore = sc;
      }
    }
    this.lastScore = winnerScore;
    return winner;
  }

  /** `candidates` (member indices) in the slot's preference order. */
  rank(slot: number, candidates: Iterable<number>): number[] {
    const scored = Array.from(candidates, (m) => ({ m, score: this.score(slot, m) }));
    scored.sort((a, b) => a.score - b.score || a.m - b.m);
    return scored.map((x) => x.m);
  }
}
