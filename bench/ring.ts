/**
 * Ring benchmark: lookup latency at 10/100/1,000 members next to npm
 * `hashring`, balance over seeds, keys moved by one add/remove, build time and
 * table size. `run()` returns the figures; bench/run.ts writes and prints them.
 *
 * Everything runs in one process, in one call, on the same keys, so the
 * speedup is a ratio of two numbers from the same run.
 */

import os from 'node:os';
import HashRing from 'hashring';
import hashringPackage from 'hashring/package.json';
import type { Member, Ring } from '../lambdas/keyrouting/ring';
import { DEFAULT_EPSILON, DEFAULT_SLOT_COUNT, createRing, hashString } from '../lambdas/keyrouting/ring';
import { median } from './support/stats';

const KEY_COUNT = 1_000_000;
/** Small batches (~0.1 ms) so most fit inside one scheduler slice: p50 then ignores preemption by other processes. */
const BATCH = 1_000;
/** Passes over each key chunk per round for the ring; batches from all passes feed the p50. */
const PASSES = 3;
/** Timing rounds; each round times every subject on the next 1/ROUNDS of its keys. */
const ROUNDS = 20;
const WARMUP_KEYS = 100_000;
const MEMBER_COUNTS = [10, 100, 1000] as const;
const BALANCE_MEMBERS = 100;
const BALANCE_SEEDS = 10;
const DISRUPTION_MEMBERS = [100, 1000] as const;

function members(count: number): Member[] {
  return Array.from({ length: count }, (_, i) => ({ id: `cell-${String(i).padStart(4, '0')}`, weight: 1 }));
}

/**
 * Distinct keys shaped like real routing keys: an account id plus a scrambled
 * suffix, 14-19 characters. Built before any timing so key generation is not
 * measured. Hashing cost grows with key length (one `charCodeAt` per
 * character), so UUID-length keys are timed separately too.
 */
function makeKeys(count: number, uuidLike = false): string[] {
  const keys = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const a = (Math.imul(i, 0x9e3779b1) >>> 0).toString(16).padStart(8, '0');
    const b = (Math.imul(i ^ 0x5bd1e995, 0x85ebca77) >>> 0).toString(16).padStart(8, '0');
    const key = uuidLike ? `${a}-${b.slice(0, 4)}-4${b.slice(4, 7)}-8${a.slice(1, 4)}-${String(i).padStart(12, '0')}` : `acct-${i}:${a.slice(0, 6)}`;
    // A template literal yields a rope (ConsString); V8 flattens it on the
    // first character read. Do that here, as keys parsed off the wire are flat,
    // so the timed loop does not pay for it.
    key.charCodeAt(0);
    keys[i] = key;
  }
  return keys;
}

function meanLength(keys: readonly string[]): number {
  return keys.reduce((sum, k) => sum + k.length, 0) / keys.length;
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

interface LookupTarget {
  lookup(key: string): string;
}

/**
 * Gives `hashring` the Ring's method shape. The timing loop calls
 * `target.lookup` on objects of just two classes, a call site V8 can still
 * inline; a closure per subject would make it megamorphic and add a call's
 * cost to every lookup of every subject.
 */
class HashringTarget implements LookupTarget {
  constructor(private readonly ring: HashRing) {}

  lookup(key: string): string {
    return this.ring.get(key);
  }
}

interface Subject {
  readonly name: string;
  readonly keys: readonly string[];
  readonly target: LookupTarget;
  /** Passes over each chunk per round; the slow comparison gets one. */
  readonly passes: number;
  readonly batchNs: number[];
}

function subject(name: string, keys: readonly string[], target: LookupTarget, passes: number): Subject {
  return { name, keys, target, passes, batchNs: [] };
}

/**
 * Times the subjects over their keys in interleaved rounds, so each one
 * samples the same machine conditions (other jobs share these cores), and
 * records per-lookup ns for every batch of BATCH keys. Returns a checksum of
 * the looked-up ids so the JIT cannot drop the lookups.
 */
function timeInterleaved(subjects: readonly Subject[]): number {
  let sink = 0;
  // Warm-up: lets the JIT optimize each lookup before anything is timed.
  for (const sub of subjects) for (let i = 0; i < WARMUP_KEYS; i++) sink += sub.target.lookup(sub.keys[i]!).length;
  for (let round = 0; round < ROUNDS; round++) {
    for (const sub of subjects) {
      const chunk = Math.ceil(sub.keys.length / ROUNDS);
      const from = round * chunk;
      const to = Math.min(from + chunk, sub.keys.length);
      const { target, keys } = sub;
      for (let pass = 0; pass < sub.passes; pass++) {
        for (let start = from; start < to; start += BATCH) {
          const end = Math.min(start + BATCH, to);
          const t0 = process.hrtime.bigint();
          for (let i = start; i < end; i++) sink += target.lookup(keys[i]!).length;
          const t1 = process.hrtime.bigint();
          sub.batchNs.push(Number(t1 - t0) / (end - start));
        }
      }
    }
  }
  return sink;
}

function timeMs<T>(f: () => T): { value: T; ms: number } {
  const t0 = process.hrtime.bigint();
  const value = f();
  return { value, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

function ownersOf(ring: Ring, keys: readonly string[]): string[] {
  return keys.map((k) => ring.lookup(k));
}

/** Largest member load over mean load, counted over keys (not slots). */
function peakToMean(ring: Ring, keys: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const k of keys) {
    const owner = ring.lookup(k);
    counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  const mean = keys.length / ring.members.length;
  return Math.max(...counts.values()) / mean;
}

interface Disruption {
  /** Moved fraction of keys divided by the ideal (the changed member's weight share). */
  ratio: number;
  /** Share of the moved keys that did not go to (add) / come from (remove) the changed member. */
  strayShare: number;
}

function disruption(before: readonly string[], after: readonly string[], changed: string, ideal: number, add: boolean): Disruption {
  let moved = 0;
  let stray = 0;
  for (let i = 0; i < before.length; i++) {
    if (before[i] === after[i]) continue;
    moved += 1;
    if ((add ? after[i] : before[i]) !== changed) stray += 1;
  }
  return { ratio: moved / before.length / ideal, strayShare: moved === 0 ? 0 : stray / moved };
}

function measureDisruption(base: Ring, keys: readonly string[]): { add: Disruption; remove: Disruption } {
  const count = base.members.length;
  const before = ownersOf(base, keys);
  const added: Member = { id: 'cell-new', weight: 1 };
  const afterAdd = ownersOf(createRing([...base.members, added]), keys);
  const removed = base.members[Math.floor(count / 3)]!;
  const afterRemove = ownersOf(createRing(base.members.filter((m) => m.id !== removed.id)), keys);
  return {
    add: disruption(before, afterAdd, added.id, 1 / (count + 1), true),
    remove: disruption(before, afterRemove, removed.id, 1 / count, false),
  };
}

/**
 * The same peak/mean measurement for a partition with no slot table at all
 * (key -> hash mod n): what 1M keys over 100 members show even when every
 * member's expected share is exact. The ring cannot beat this.
 */
function idealPartitionPeak(keys: readonly string[], count: number, seed: number): number {
  const counts = new Uint32Array(count);
  for (const k of keys) counts[hashString(k, seed ^ 0x5bd1e995) % count]! += 1;
  return Math.max(...counts) / (keys.length / count);
}

export async function run(): Promise<Record<string, unknown>> {
  const started = process.hrtime.bigint();
  const keys = makeKeys(KEY_COUNT);
  const results: Record<string, unknown> = {};
  let sink = 0;

  const rings = new Map<number, Ring>();
  for (const count of MEMBER_COUNTS) {
    const built = timeMs(() => createRing(members(count)));
    results[`build_ms_${count}`] = round(built.ms, 1);
    rings.set(count, built.value);
  }
  const ring = (count: number): Ring => rings.get(count) ?? createRing(members(count));
  const ring1000 = ring(1000);
  results.table_bytes_1000 = ring1000.tableBytes;
  results.displaced_slots_1000 = ring1000.displacedSlots;
  // hashring: md5 ketama ring, 160 points per server, 5,000-entry LRU; same members, same keys.
  const hr = timeMs(() => new HashRing(members(1000).map((m) => m.id)));
  results.hashring_build_ms_1000 = round(hr.ms, 1);

  const uuidKeys = makeKeys(KEY_COUNT, true);
  const ringSubjects = [...MEMBER_COUNTS.map((count) => subject(`lookup_ns_p50_${count}`, keys, ring(count), PASSES)), subject('lookup_ns_p50_1000_uuid_keys', uuidKeys, ring1000, 1)];
  // hashring is timed on its own: interleaved, its allocation churn (md5
  // digests, LRU entries) and the GC it triggers would be billed to the rings.
  const comparison = [subject('hashring_lookup_ns_p50', keys, new HashringTarget(hr.value), 1)];
  sink += timeInterleaved(ringSubjects) + timeInterleaved(comparison);
  for (const sub of [...ringSubjects, ...comparison]) results[sub.name] = round(median(sub.batchNs));
  results.lookup_ns_p50 = results.lookup_ns_p50_1000;
  results.speedup_vs_hashring = round((results.hashring_lookup_ns_p50 as number) / (results.lookup_ns_p50 as number), 1);

  const peaks: number[] = [];
  const idealPeaks: number[] = [];
  for (let seed = 0; seed < BALANCE_SEEDS; seed++) {
    const r = seed === 0 ? ring(BALANCE_MEMBERS) : createRing(members(BALANCE_MEMBERS), { seed });
    peaks.push(peakToMean(r, keys));
    idealPeaks.push(idealPartitionPeak(keys, BALANCE_MEMBERS, seed));
  }
  results.peak_to_mean = round(Math.max(...peaks), 4);
  results.peak_to_mean_median = round(median(peaks), 4);
  results.peak_to_mean_ideal_partition = round(Math.max(...idealPeaks), 4);

  for (const count of DISRUPTION_MEMBERS) {
    const d = measureDisruption(ring(count), keys);
    const suffix = count === 100 ? '' : `_${count}`;
    results[`moved_fraction_vs_ideal_add${suffix}`] = round(d.add.ratio, 4);
    results[`moved_fraction_vs_ideal_remove${suffix}`] = round(d.remove.ratio, 4);
    results[`moved_stray_share_add${suffix}`] = round(d.add.strayShare, 4);
    results[`moved_stray_share_remove${suffix}`] = round(d.remove.strayShare, 4);
  }

  const cpus = os.cpus();
  results.settings = {
    key_count: KEY_COUNT,
    key_example: keys[123_456],
    key_length_mean: round(meanLength(keys), 1),
    uuid_key_example: uuidKeys[123_456],
    batch_size: BATCH,
    slot_count: DEFAULT_SLOT_COUNT,
    epsilon: DEFAULT_EPSILON,
    balance: { members: BALANCE_MEMBERS, seeds: BALANCE_SEEDS },
    disruption_members: [...DISRUPTION_MEMBERS],
    hashring: { version: hashringPackage.version, vnodes_per_server: 40, replicas: 4, members: 1000 },
    node_version: process.version,
    cpu_model: cpus[0]?.model ?? 'unknown',
    cpu_count: cpus.length,
    // Other processes compete for the same cores; timings are only comparable at similar load.
    load_average_1m_at_end: round(os.loadavg()[0] ?? 0, 2),
    total_run_s: round(Number(process.hrtime.bigint() - started) / 1e9, 1),
    checksum: sink,
  };
  return results;
}
