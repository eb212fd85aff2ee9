/**
 * Flips as the history knows them: the phases recorded for one flip id merged into one record, and
 * when users' traffic actually moved, which depends on the flip mode:
 *  - `dns-update`: when Route 53 reported the UPSERT INSYNC (the apply phase), i.e. authoritative
 *    answers changed; resolvers may keep the old answer for up to the record's TTL after that;
 *  - `health-signal`: the flip is the State write (completion); Route 53 notices it within its
 *    signal checks' request interval × failure threshold (default 10 s × 2), so moved =
 *    completion + that. TTL caching comes on top here too.
 */
import { isServing, type TrafficSplit } from '../../failover/rules';
import type { FlipCauseName, FlipMode, HistoryEvent } from './events';
import type { SignalCheckSettings } from '../../platform/dns-setup';

export interface FlipRecord {
  readonly flipId: string;
  readonly cause: FlipCauseName;
  readonly from: TrafficSplit;
  readonly to: TrafficSplit;
  readonly actor: string;
  readonly trigger?: string;
  readonly drillId?: string;
  readonly mode?: FlipMode;
  readonly intentAt: number;
  readonly appliedAt?: number;
  readonly completedAt?: number;
  /** When users' traffic moved (see above); undefined until the flip completed. */
  readonly movedAt?: number;
  /** `pending`: an intent (perhaps applied) that has not completed (yet). */
  readonly state: 'completed' | 'pending';
}

/** One line per mode for reports: what "moved" means. */
export function movedDefinition(mode: FlipMode, timing: SignalCheckSettings): string {
  return mode === 'dns-update' ? 'Route 53 reported the record change INSYNC' : `flip committed + Route 53 signal checks (${timing.requestIntervalSeconds} s × ${timing.failureThreshold})`;
}

export function movedAt(mode: FlipMode, appliedAt: number | undefined, completedAt: number, timing: SignalCheckSettings): number {
  if (mode === 'dns-update') return appliedAt ?? completedAt;
  return completedAt + timing.requestIntervalSeconds * timing.failureThreshold * 1000;
}

interface Draft {
  flipId: string;
  intentAt: number;
  cause?: FlipCauseName;
  from?: TrafficSplit;
  to?: TrafficSplit;
  actor?: string;
  trigger?: string;
  drillId?: string;
  mode?: FlipMode;
  appliedAt?: number;
  completedAt?: number;
}

/** Merges the phases of each flip; a flip known only from its apply phase (no traffic split) is left out. Sorted by intent time. */
export function flipRecords(events: readonly HistoryEvent[], timing: SignalCheckSettings): FlipRecord[] {
  const drafts = new Map<string, Draft>();
  for (const e of events) {
    if (e.kind !== 'flip-intent' && e.kind !== 'flip-applied' && e.kind !== 'flip-completed') continue;
    const d = drafts.get(e.flipId) ?? { flipId: e.flipId, intentAt: e.intentAt };
    drafts.set(e.flipId, d);
    if (e.kind === 'flip-intent') Object.assign(d, { cause: e.cause, from: e.from, to: e.to, actor: e.actor, trigger: e.trigger, ...(e.drillId ? { drillId: e.drillId } : {}) });
    if (e.kind === 'flip-applied') Object.assign(d, { mode: e.mode, appliedAt: d.appliedAt ?? e.at });
    if (e.kind === 'flip-completed') {
      Object.assign(d, { cause: e.cause, from: e.from, to: e.to, actor: e.actor, mode: e.mode, appliedAt: e.appliedAt, completedAt: e.at, ...(e.drillId ? { drillId: e.drillId } : {}) });
    }
  }
  const records: FlipRecord[] = [];
  for (const d of drafts.values()) {
    if (d.cause === undefined || d.from === undefined || d.to === undefined || d.actor === undefined) continue;
    const moved = d.completedAt !== undefined && d.mode !== undefined ? movedAt(d.mode, d.appliedAt, d.completedAt, timing) : undefined;
    records.push({
      flipId: d.flipId,
      cause: d.cause,
      from: d.from,
      to: d.to,
      actor: d.actor,
      intentAt: d.intentAt,
      state: d.completedAt === undefined ? 'pending' : 'completed',
      ...(d.trigger === undefined ? {} : { trigger: d.trigger }),
      ...(d.drillId === undefined ? {} : { drillId: d.drillId }),
      ...(d.mode === undefined ? {} : { mode: d.mode }),
      ...(d.appliedAt === undefined ? {} : { appliedAt: d.appliedAt }),
      ...(d.completedAt === undefined ? {} : { completedAt: d.completedAt }),
      ...(moved === undefined ? {} : { movedAt: moved }),
    });
  }
  return records.sort((a, b) => a.intentAt - b.intentAt || (a.flipId < b.flipId ? -1 : 1));
}

/** True when the flip took `region` out of service. */
export function removes(flip: Pick<FlipRecord, 'from' | 'to'>, region: string): boolean {
  return isServing(flip.from, region) && !isServing(flip.to, region);
}
