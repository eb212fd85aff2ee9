/**
 * Which record set of a (name, type) group Route 53 answers with (Developer Guide, "How Amazon
 * Route 53 chooses records when health checking is configured"):
 *  - a record without a health check is always healthy;
 *  - failover: the primary when healthy; else the secondary when healthy; both unhealthy ⇒ the
 *    primary (a secondary without a health check is therefore always usable);
 *  - weighted: among healthy records in proportion to weight; weight-0 records only when every
 *    non-zero one is unhealthy (then with equal probability); no healthy record at all ⇒ all are
 *    treated as healthy;
 *  - simple: the one record set.
 */
import type { RecordSetView } from './types';

export type Healthy = (healthCheckId: string) => boolean;

export function recordHealthy(record: Pick<RecordSetView, 'healthCheckId'>, healthy: Healthy): boolean {
  return record.healthCheckId === undefined || healthy(record.healthCheckId);
}

export class RecordGroupError extends Error {
  override readonly name = 'RecordGroupError';
}

function selectFailover<R extends RecordSetView>(group: readonly R[], healthy: Healthy): R | undefined {
  const primary = group.find((r) => r.failover === 'PRIMARY');
  const secondary = group.find((r) => r.failover === 'SECONDARY');
  if (primary && recordHealthy(primary, healthy)) return primary;
  if (secondary && recordHealthy(secondary, healthy)) return secondary;
  return primary ?? secondary;
}

/** Picks in proportion to weight (all equal when every weight is 0); `random` in [0, 1). */
function pickWeighted<R extends RecordSetView>(records: readonly R[], random: number): R | undefined {
  const weights = records.map((r) => r.weight ?? 0);
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) return records[Math.min(records.length - 1, Math.floor(random * records.length))];
  let point = random * total;
  for (const [i, record] of records.entries()) {
    point -= weights[i] ?? 0;
    if (point < 0 && (weights[i] ?? 0) > 0) return record;
  }
  return [...records].reverse().find((r) => (r.weight ?? 0) > 0);
}

/** The weighted records a query may get now: the healthy ones (all, if none is), non-zero weights first. */
function weightedPool<R extends RecordSetView>(group: readonly R[], healthy: Healthy): R[] {
  const up = group.filter((r) => recordHealthy(r, healthy));
  const pool = up.length > 0 ? up : [...group];
  const nonZero = pool.filter((r) => (r.weight ?? 0) > 0);
  return nonZero.length > 0 ? nonZero : pool;
}

function selectWeighted<R extends RecordSetView>(group: readonly R[], healthy: Healthy, random: number): R | undefined {
  return pickWeighted(weightedPool(group, healthy), random);
}

/**
 * @param group every record set with one name and type (a single routing policy, as Route 53 enforces)
 * @param random uniform in [0, 1), used by weighted groups only
 */
export function selectRecord<R extends RecordSetView>(group: readonly R[], healthy: Healthy, random: number): R | undefined {
  if (group.length === 0) return undefined;
  if (group.some((r) => r.failover !== undefined)) return selectFailover(group, healthy);
  if (group.some((r) => r.weight !== undefined)) return selectWeighted(group, healthy, random);
  if (group.length > 1) throw new RecordGroupError(`${group.length} simple record sets for ${group[0]?.name} ${group[0]?.type}; Route 53 allows one`);
  return group[0];
}

/**
 * Every record set `selectRecord` may answer with now, whatever the random draw: the one chosen
 * for failover and simple groups, each record a weighted group picks with non-zero probability.
 * What an observer of the name server should report, rather than one draw that changes per query.
 */
export function eligibleRecords<R extends RecordSetView>(group: readonly R[], healthy: Healthy): R[] {
  if (group.some((r) => r.weight !== undefined) && !group.some((r) => r.failover !== undefined)) return weightedPool(group, healthy);
  const chosen = selectRecord(group, healthy, 0);
  return chosen === undefined ? [] : [chosen];
}
