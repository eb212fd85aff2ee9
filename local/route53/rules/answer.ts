/**
 * How a Route 53 name server answers one question from a hosted zone's record sets (pure):
 *  - a name outside every hosted zone: REFUSED (Route 53 is not authoritative for it);
 *  - a name with no records and nothing below it: NXDOMAIN, unless a wildcard at its closest
 *    encloser matches; an existing name without the asked type (or an empty non-terminal):
 *    NOERROR with no answer; both negative answers carry the zone's SOA, with the negative-caching
 *    TTL min(SOA TTL, SOA minimum) (RFC 2308);
 *  - a CNAME answers every type but CNAME's own with the CNAME, followed inside the zone;
 *  - routing policies and health are applied per (name, type) group by `selectRecord`; every value
 *    of the chosen record set is returned with the record's TTL.
 * Alias records are not emulated (they have no values): a name holding only an alias answers
 * NOERROR-empty.
 */
import { fqdn } from '../../../lambdas/failover/rules';
import { eligibleRecords, selectRecord, type Healthy } from './select';
import type { RecordSetView } from './types';

export type Rcode = 'NOERROR' | 'NXDOMAIN' | 'REFUSED' | 'SERVFAIL';

export interface Soa {
  readonly mname: string;
  readonly rname: string;
  readonly serial: number;
  readonly refresh: number;
  readonly retry: number;
  readonly expire: number;
  readonly minimum: number;
}

export type AnswerRecord =
  | { readonly name: string; readonly type: 'A' | 'AAAA' | 'CNAME' | 'NS' | 'TXT'; readonly ttl: number; readonly data: string }
  | { readonly name: string; readonly type: 'SOA'; readonly ttl: number; readonly data: Soa };

export interface DnsAnswer {
  readonly rcode: Rcode;
  readonly answers: readonly AnswerRecord[];
  readonly authorities: readonly AnswerRecord[];
}

export interface ZoneView {
  /** Fully qualified, lower case, with the trailing dot. */
  readonly name: string;
  readonly records: readonly RecordSetView[];
}

export interface Question {
  readonly name: string;
  readonly type: string;
}

const ANSWERABLE = new Set(['A', 'AAAA', 'CNAME', 'NS', 'TXT', 'SOA']);
/** Longest CNAME chain followed inside a zone (loops end here too). */
const MAX_CHAIN = 8;

export { fqdn };

const isAtOrBelow = (name: string, zone: string): boolean => name === zone || name.endsWith(`.${zone}`);

/** Parses an SOA value; tolerant of moto, which stores it wrapped as `{'Value': '…'}`. */
export function parseSoa(value: string): Soa | undefined {
  const m = /(\S+\.)\s+(\S+\.)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/.exec(value.replace(/^\{'Value':\s*'|'\}$/g, ''));
  if (!m) return undefined;
  const [, mname = '', rname = '', ...numbers] = m;
  const [serial = 0, refresh = 0, retry = 0, expire = 0, minimum = 0] = numbers.map(Number);
  return { mname, rname, serial, refresh, retry, expire, minimum };
}

function negativeSoa(zone: ZoneView): AnswerRecord[] {
  const record = zone.records.find((r) => r.type === 'SOA' && r.name === zone.name);
  const soa = record?.values[0] === undefined ? undefined : parseSoa(record.values[0]);
  return record && soa ? [{ name: zone.name, type: 'SOA', ttl: Math.min(record.ttl, soa.minimum), data: soa }] : [];
}

function toAnswers(record: RecordSetView, owner: string): AnswerRecord[] {
  if (record.type === 'SOA') {
    const soa = record.values[0] === undefined ? undefined : parseSoa(record.values[0]);
    return soa ? [{ name: owner, type: 'SOA', ttl: record.ttl, data: soa }] : [];
  }
  const type = record.type as 'A' | 'AAAA' | 'CNAME' | 'NS' | 'TXT';
  return record.values.map((value) => ({ name: owner, type, ttl: record.ttl, data: type === 'TXT' ? value.replace(/^"|"$/g, '') : value }));
}

/** The record sets that answer for `name`: its own, or those of the wildcard at its closest encloser. */
function recordsFor(zone: ZoneView, name: string): { records: RecordSetView[]; exists: boolean } {
  const own = zone.records.filter((r) => r.name === name);
  if (own.length > 0) return { records: own, exists: true };
  if (zone.records.some((r) => r.name.endsWith(`.${name}`))) return { records: [], exists: true };
  let encloser = name;
  while (encloser !== zone.name) {
    encloser = encloser.slice(encloser.indexOf('.') + 1);
    const exists = encloser === zone.name || zone.records.some((r) => isAtOrBelow(r.name, encloser));
    if (!exists) continue;
    const wildcard = zone.records.filter((r) => r.name === `*.${encloser}`);
    return { records: wildcard, exists: wildcard.length > 0 };
  }
  return { records: [], exists: false };
}

/** The most specific hosted zone `qname` is in. */
function zoneFor(zones: readonly ZoneView[], qname: string): ZoneView | undefined {
  return zones.filter((z) => isAtOrBelow(qname, z.name)).sort((a, b) => b.name.length - a.name.length)[0];
}

export function answerQuestion(zones: readonly ZoneView[], question: Question, healthy: Healthy, random: () => number): DnsAnswer {
  const qname = fqdn(question.name);
  const zone = zoneFor(zones, qname);
  if (zone === undefined) return { rcode: 'REFUSED', answers: [], authorities: [] };
  const answers: AnswerRecord[] = [];
  let name = qname;
  for (let hop = 0; hop < MAX_CHAIN; hop++) {
    const { records, exists } = recordsFor(zone, name);
    if (!exists) return { rcode: 'NXDOMAIN', answers, authorities: negativeSoa(zone) };
    const cnames = records.filter((r) => r.type === 'CNAME');
    if (question.type !== 'CNAME' && cnames.length > 0) {
      const chosen = selectRecord(cnames, healthy, random());
      const target = chosen?.values[0];
      if (chosen === undefined || target === undefined) break;
      answers.push(...toAnswers(chosen, name));
      if (!isAtOrBelow(fqdn(target), zone.name)) return { rcode: 'NOERROR', answers, authorities: [] };
      name = fqdn(target);
      continue;
    }
    const group = ANSWERABLE.has(question.type) ? records.filter((r) => r.type === question.type) : [];
    const chosen = selectRecord(group, healthy, random());
    if (chosen !== undefined) answers.push(...toAnswers(chosen, name));
    break;
  }
  const answered = answers.some((a) => a.type === question.type);
  return { rcode: 'NOERROR', answers, authorities: answered ? [] : negativeSoa(zone) };
}

/**
 * The values `name`'s own records of `type` answer with now over every weighted draw (in record
 * order; empty when it has none, or the name is outside the zones): what a query for the service
 * record returns, as one stable set rather than one random pick. CNAMEs are not followed.
 */
export function servedValues(zones: readonly ZoneView[], question: Question, healthy: Healthy): string[] {
  const qname = fqdn(question.name);
  const zone = zoneFor(zones, qname);
  if (zone === undefined) return [];
  const group = recordsFor(zone, qname).records.filter((r) => r.type === question.type);
  return eligibleRecords(group, healthy).flatMap((r) => r.values);
}
