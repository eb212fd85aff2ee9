/**
 * Route 53 record sets for a route table, and validation of a change batch before it is sent.
 * Emulators (moto) accept invalid batches and report INSYNC at once, so this is the only check a
 * batch gets before production: names inside the zone, supported types, TTL range, well-formed
 * values, weights 0–255, no duplicate changes.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { FailoverConfig } from '../../config/schema';
import { recordValueOf } from '../../config/record-value';
import { ChangeBatchError, type ChangeBatchProblem } from './errors';
import { policyRegions, servingRegions } from './traffic';
import type { TrafficSplit } from './types';

export type RecordType = 'CNAME' | 'A' | 'AAAA';

export interface RecordSetSpec {
  /** Fully qualified, with the trailing dot. */
  readonly name: string;
  readonly type: RecordType;
  readonly ttl: number;
  readonly values: readonly string[];
  /** Weighted records only. */
  readonly setIdentifier?: string;
  readonly weight?: number;
}

export interface RecordChange {
  readonly action: 'CREATE' | 'UPSERT' | 'DELETE';
  readonly record: RecordSetSpec;
}

const MAX_CHANGES = 1000;
const MAX_TTL = 2_147_483_647;
const SUPPORTED_TYPES: readonly string[] = ['CNAME', 'A', 'AAAA'];

export function fqdn(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

/** The value of a region's record (config's `recordValueOf`); a region outside the config cannot be in a batch. */
function valueOf(config: Pick<FailoverConfig, 'appRegions'>, region: string): string {
  const value = recordValueOf(config, region);
  if (value === undefined) throw new ChangeBatchError([{ index: -1, message: `${region} is not an app region` }]);
  return value;
}

/**
 * The record sets that express a route table: active-passive → one simple record on the active
 * region; active-active → one weighted record per region (SetIdentifier = region, weight 0 = out).
 */
export function recordSetsFor(config: Pick<FailoverConfig, 'appRegions' | 'dns' | 'policy'>, traffic: TrafficSplit): RecordSetSpec[] {
  const base = { name: fqdn(config.dns.recordName), type: config.dns.recordType, ttl: config.dns.ttl };
  if (config.policy.mode === 'active-passive') {
    const active = servingRegions(traffic)[0];
    if (active === undefined) throw new ChangeBatchError([{ index: -1, message: 'traffic has no serving region' }]);
    return [{ ...base, values: [valueOf(config, active)] }];
  }
  return policyRegions(config.policy).map((region) => ({ ...base, values: [valueOf(config, region)], setIdentifier: region, weight: traffic[region] ?? 0 }));
}

const LABEL = /^(\*|[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)$/;

function nameProblem(name: string, zone: string): string | undefined {
  const n = fqdn(name);
  if (n.length > 254) return `name ${name} is longer than 253 characters`;
  const labels = n.slice(0, -1).split('.');
  const bad = labels.find((l, i) => !LABEL.test(l) || (l === '*' && i > 0));
  if (bad !== undefined) return `name ${name} has an invalid label "${bad}"`;
  if (n !== zone && !n.endsWith(`.${zone}`)) return `name ${name} is outside the hosted zone ${zone}`;
  return undefined;
}

function valueProblem(type: RecordType, value: string): string | undefined {
  if (type === 'A' && !isIPv4(value)) return `A value ${value} is not an IPv4 address`;
  if (type === 'AAAA' && !isIPv6(value)) return `AAAA value ${value} is not an IPv6 address`;
  if (type === 'CNAME') {
    const host = value.replace(/\.$/, '').toLowerCase();
    if (host.length === 0 || host.length > 253 || !host.split('.').every((l) => LABEL.test(l) && l !== '*')) return `CNAME value ${value} is not a host name`;
  }
  return undefined;
}

function recordProblems(change: RecordChange, zone: string): string[] {
  const r = change.record;
  const problems: string[] = [];
  if (!['CREATE', 'UPSERT', 'DELETE'].includes(change.action)) problems.push(`action ${change.action} is not CREATE, UPSERT or DELETE`);
  const name = nameProblem(r.name, zone);
  if (name) problems.push(name);
  if (!SUPPORTED_TYPES.includes(r.type)) problems.push(`type ${r.type} is not one of ${SUPPORTED_TYPES.join(', ')}`);
  if (!Number.isInteger(r.ttl) || r.ttl < 0 || r.ttl > MAX_TTL) problems.push(`TTL ${r.ttl} is not an integer in 0–${MAX_TTL}`);
  if (r.values.length === 0) problems.push('no values');
  if (r.type === 'CNAME' && r.values.length > 1) problems.push(`a CNAME takes exactly one value, got ${r.values.length}`);
  if (r.type === 'CNAME' && fqdn(r.name) === zone) problems.push('a CNAME is not allowed at the zone apex');
  if (new Set(r.values).size !== r.values.length) problems.push('duplicate values');
  for (const v of r.values) {
    const p = SUPPORTED_TYPES.includes(r.type) ? valueProblem(r.type, v) : undefined;
    if (p) problems.push(p);
  }
  const weighted = r.weight !== undefined || r.setIdentifier !== undefined;
  if (weighted) {
    if (r.weight === undefined || !Number.isInteger(r.weight) || r.weight < 0 || r.weight > 255) problems.push(`weight ${String(r.weight)} is not an integer in 0–255`);
    if (r.setIdentifier === undefined || r.setIdentifier.length < 1 || r.setIdentifier.length > 128) problems.push('a weighted record needs a SetIdentifier of 1–128 characters');
  }
  return problems;
}

/** Every problem of a batch at once; empty when it may be sent. */
export function changeBatchProblems(zoneName: string, changes: readonly RecordChange[]): ChangeBatchProblem[] {
  const zone = fqdn(zoneName);
  const problems: ChangeBatchProblem[] = [];
  if (changes.length === 0) problems.push({ index: -1, message: 'the batch is empty' });
  if (changes.length > MAX_CHANGES) problems.push({ index: -1, message: `${changes.length} changes; Route 53 takes at most ${MAX_CHANGES}` });
  const seen = new Map<string, number>();
  const styles = new Map<string, boolean>();
  changes.forEach((change, index) => {
    for (const message of recordProblems(change, zone)) problems.push({ index, message });
    const r = change.record;
    const key = `${fqdn(r.name)} ${r.type} ${r.setIdentifier ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined) problems.push({ index, message: `duplicate change for ${key.trim()} (also change ${first})` });
    else seen.set(key, index);
    const setKey = `${fqdn(r.name)} ${r.type}`;
    const weighted = r.setIdentifier !== undefined;
    const style = styles.get(setKey);
    if (style !== undefined && style !== weighted) problems.push({ index, message: `${setKey} mixes weighted and simple records` });
    styles.set(setKey, style ?? weighted);
  });
  const weightedUpserts = changes.filter((c) => c.action !== 'DELETE' && c.record.weight !== undefined);
  if (weightedUpserts.length > 0 && weightedUpserts.every((c) => c.record.weight === 0)) {
    problems.push({ index: -1, message: 'every weight is 0: Route 53 would then send traffic to all records equally, including failed regions' });
  }
  return problems;
}

/** @throws ChangeBatchError listing every problem. */
export function validateChangeBatch(zoneName: string, changes: readonly RecordChange[]): void {
  const problems = changeBatchProblems(zoneName, changes);
  if (problems.length > 0) throw new ChangeBatchError(problems);
}

/** The UPSERT batch that makes the zone express `traffic`, validated. */
export function changeBatchFor(config: Pick<FailoverConfig, 'appRegions' | 'dns' | 'policy'>, traffic: TrafficSplit): RecordChange[] {
  const changes = recordSetsFor(config, traffic).map((record) => ({ action: 'UPSERT' as const, record }));
  validateChangeBatch(config.dns.hostedZoneName, changes);
  return changes;
}
