/**
 * The ring: an immutable slot table plus the queries on it.
 *
 * lookup(key) = members[table[xxh32(key) & (slotCount - 1)]]: one hash and two
 * array reads, independent of the member count.
 */

import { buildSlotTable } from './build';
import type { Member, RingConfig, RingOptions } from './config';
import { normalizeConfig } from './config';
import { RingQueryError } from './errors';
import * as hash from './hash';
import { SlotRanker } from './rank';

// Local binding for the lookup hot path; see the note in score.ts.
const hashStringI = hash.hashStringI;

export class Ring {
  readonly config: RingConfig;
  /** Slots that the load bound moved off their top-ranked member (0 when no member hit its cap). */
  readonly displacedSlots: number;
  private readonly table: Uint16Array;
  private readonly capacities: Uint32Array;
  private readonly ids: readonly string[];
  private readonly indexById: ReadonlyMap<string, number>;
  private readonly mask: number;
  private readonly seed: number;
  private readonly ranker: SlotRanker;

  /** Only via `createRing`/`Ring.create`, which validate and normalize the config first. */
  private constructor(config: RingConfig) {
    this.config = config;
    this.ranker = new SlotRanker(config);
    const built = buildSlotTable(config, this.ranker);
    this.table = built.table;
    this.capacities = built.capacities;
    this.displacedSlots = built.displacedSlots;
    this.ids = config.members.map((m) => m.id);
    this.indexById = new Map(this.ids.map((id, i) => [id, i]));
    this.mask = config.slotCount - 1;
    this.seed = config.seed;
  }

  /**
   * Builds a ring. Member order does not matter.
   * @throws RingConfigError listing every problem with the members or options.
   */
  static create(members: readonly Member[], options: RingOptions = {}): Ring {
    return new Ring(normalizeConfig(members, options));
  }

  /** Members sorted by id (code point order). */
  get members(): readonly Member[] {
    return this.config.members;
  }

  has(memberId: string): boolean {
    return this.indexById.has(memberId);
  }

  /** The slot a key hashes to. */
  slotOf(key: string): number {
    return hashStringI(key, this.seed) & this.mask;
  }

  /** The member that owns `key`. */
  lookup(key: string): string {
    return this.ids[this.table[hashStringI(key, this.seed) & this.mask]!]!;
  }

  /** The member that owns `slot`. */
  ownerOfSlot(slot: number): string {
    const owner = this.table[slot];
    if (!Number.isInteger(slot) || owner === undefined) {
      throw new RingQueryError(`slot must be an integer in [0, ${this.config.slotCount}) (got ${slot})`);
    }
    return this.ids[owner]!;
  }

  /**
   * Up to `count` distinct members for `key` in fallback order: the owner
   * first, then the remaining members in the key's rendezvous ranking. The
   * ranking is fixed per slot, so a membership change only inserts or removes
   * that one member in each list.
   */
  preferenceList(key: string, count: number = this.ids.length): string[] {
    if (!Number.isInteger(count) || count < 1) {
      throw new RingQueryError(`preference list length must be a positive integer (got ${count})`);
    }
    return this.order(key, this.ids.keys()).slice(0, count);
  }

  /**
   * The members among `candidateIds` in `key`'s preference order (owner first
   * if it is a candidate). Ids that are not members are ignored.
   */
  preferenceAmong(key: string, candidateIds: Iterable<string>): string[] {
    const idx = new Set<number>();
    for (const id of candidateIds) {
      const i = this.indexById.get(id);
      if (i !== undefined) idx.add(i);
    }
    return this.order(key, idx);
  }

  private order(key: string, candidates: Iterable<number>): string[] {
    const slot = this.slotOf(key);
    const owner = this.table[slot]!;
    const others: number[] = [];
    let ownerIncluded = false;
    for (const m of candidates) {
      if (m === owner) ownerIncluded = true;
      else others.push(m);
    }
    const ranked = this.ranker.rank(slot, others);
    if (ownerIncluded) ranked.unshift(owner);
    return ranked.map((m) => this.ids[m]!);
  }

  /** Slots owned by each member. */
  slotLoads(): Map<string, number> {
    const counts = new Uint32Array(this.ids.length);
    for (let s = 0; s < this.table.length; s++) counts[this.table[s]!]! += 1;
    return new Map(this.ids.map((id, i) => [id, counts[i]!]));
  }

  /** Most slots `memberId` may own: ceil((1 + epsilon) * fair share). */
  capacityOf(memberId: string): number {
    const i = this.indexById.get(memberId);
    if (i === undefined) throw new RingQueryError(`${JSON.stringify(memberId)} is not a member of the ring`);
    return this.capacities[i]!;
  }

  /** Bytes held by the slot table itself (what the lookup touches). */
  get tableBytes(): number {
    return this.table.byteLength;
  }

  /**
   * xxHash32 (ring seed) over the member id hashes (4 bytes each) followed by
   * the slot table (owner index per slot, 2 bytes each), all little-endian:
   * two rings with equal fingerprints route every key the same way, whatever
   * process or platform built them.
   */
  fingerprint(): string {
    const memberHashes = this.ranker.memberHashes;
    const bytes = new Uint8Array(memberHashes.length * 4 + this.table.length * 2);
    const view = new DataView(bytes.buffer);
    memberHashes.forEach((h, i) => view.setInt32(4 * i, h, true));
    const base = memberHashes.length * 4;
    this.table.forEach((owner, s) => view.setUint16(base + 2 * s, owner, true));
    return hash.hex32(hash.xxh32Bytes(bytes, bytes.length, this.seed));
  }
}

/**
 * Builds a ring. Member order does not matter.
 * @throws RingConfigError listing every problem with the members or options.
 */
export function createRing(members: readonly Member[], options: RingOptions = {}): Ring {
  return Ring.create(members, options);
}
