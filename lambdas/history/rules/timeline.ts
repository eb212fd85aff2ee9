/**
 * The swimlane of the status page, as data: per app region one lane for the quorum verdict and one
 * per checker region, each a list of state bands over a window, plus the flips (and drill flips)
 * inside it as markers. Built from recorded events only (a band is known from the first recorded
 * change of its lane on); a lane with no recorded change at all may take the live state, which has
 * then held since before the events read.
 *
 * Invariant (tested by property): the bands of one lane are sorted, never overlap, and cover
 * [first recorded change, window end) ∩ window without gaps.
 */
import type { FlipCauseName, HistoryEvent } from './events';
import type { TrafficSplit } from '../../failover/rules';
import { flipRecords } from './flips';
import type { Interval } from './intervals';
import type { SignalCheckSettings } from '../../platform/dns-setup';

export type LaneState = 'UP' | 'DOWN' | 'UNKNOWN';

export interface Band {
  readonly start: number;
  readonly end: number;
  readonly state: LaneState;
  /** When this state began (before `start` when it began before the window). */
  readonly since: number;
  /** Why, as recorded: the verdict's reason, or the failed probe's detail for a checker going DOWN. */
  readonly reason?: string;
}

export interface Lane {
  /** `verdict`: the quorum over the checkers; `checker`: one checker region's hysteresis state. */
  readonly kind: 'verdict' | 'checker';
  readonly checker?: string;
  /** `events`: from recorded changes; `live`: no change recorded, the live state assumed throughout; `none`: nothing known. */
  readonly source: 'events' | 'live' | 'none';
  /** The oldest bands were left out to bound the answer (the lane then starts later). */
  readonly truncated: boolean;
  readonly bands: readonly Band[];
}

export interface RegionLanes {
  readonly region: string;
  /** The verdict lane first, then one lane per checker region in config order. */
  readonly lanes: readonly Lane[];
}

export interface TimelineMarker {
  /** The flip's commit, or its intent while pending. */
  readonly at: number;
  readonly kind: 'flip' | 'drill';
  readonly flipId: string;
  readonly cause: FlipCauseName;
  readonly from: TrafficSplit;
  readonly to: TrafficSplit;
  readonly actor: string;
  readonly reason?: string;
  readonly drillId?: string;
  readonly intentAt: number;
  readonly completedAt?: number;
  readonly movedAt?: number;
  readonly state: 'completed' | 'pending';
}

export interface Timeline {
  readonly window: Interval;
  readonly regions: readonly RegionLanes[];
  /** Oldest first. */
  readonly markers: readonly TimelineMarker[];
  /** True when bands or markers were left out to bound the answer. */
  readonly truncated: boolean;
}

/** What the lanes are, and what is true now (for lanes without a recorded change). */
export interface TimelineSetup {
  readonly regions: readonly string[];
  readonly checkers: readonly string[];
  readonly signalCheck: SignalCheckSettings;
  /** Live state per region: its verdict and each checker's state (absent: unknown). */
  readonly live?: Readonly<Record<string, { readonly verdict?: LaneState; readonly checkers: Readonly<Record<string, LaneState | undefined>> }>>;
  /** @default 500 */
  readonly maxBandsPerLane?: number;
  /** @default 200 */
  readonly maxMarkers?: number;
}

/** One recorded change of a lane's state. */
export interface LaneChange {
  readonly at: number;
  readonly state: LaneState;
  readonly reason?: string;
}

/**
 * A lane's bands from its changes: each change holds until the next different one (repeats of the
 * same state are one band), the last until the window's end, all clipped to the window.
 */
export function bandsOf(changes: readonly LaneChange[], window: Interval): Band[] {
  const sorted = changes.map((c, i) => ({ c, i })).sort((x, y) => x.c.at - y.c.at || x.i - y.i);
  const runs: LaneChange[] = [];
  for (const { c } of sorted) {
    if (c.at >= window.end) break;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.state === c.state) continue;
    // Two changes at the same instant: the later recorded one stands.
    if (last !== undefined && last.at === c.at) runs.pop();
    runs.push(c);
  }
  const bands: Band[] = [];
  runs.forEach((run, i) => {
    const start = Math.max(run.at, window.start);
    const end = Math.min(runs[i + 1]?.at ?? window.end, window.end);
    if (end <= start) return;
    const previous = bands[bands.length - 1];
    // A change dropped above (same instant) can leave two equal neighbours: merge them.
    if (previous !== undefined && previous.state === run.state && previous.end === start) {
      bands[bands.length - 1] = { ...previous, end };
      return;
    }
    bands.push({ start, end, state: run.state, since: run.at, ...(run.reason === undefined ? {} : { reason: run.reason }) });
  });
  return bands;
}

function laneOf(kind: Lane['kind'], checker: string | undefined, changes: readonly LaneChange[], live: LaneState | undefined, window: Interval, maxBands: number): Lane {
  const id = checker === undefined ? {} : { checker };
  if (changes.length === 0) {
    if (live === undefined) return { kind, ...id, source: 'none', truncated: false, bands: [] };
    return { kind, ...id, source: 'live', truncated: false, bands: [{ start: window.start, end: window.end, state: live, since: window.start, reason: 'no change recorded; the live state' }] };
  }
  const bands = bandsOf(changes, window);
  const truncated = bands.length > maxBands;
  return { kind, ...id, source: 'events', truncated, bands: truncated ? bands.slice(bands.length - maxBands) : bands };
}

function verdictChanges(events: readonly HistoryEvent[], region: string): LaneChange[] {
  return events.flatMap((e) => (e.kind === 'verdict' && e.region === region ? [{ at: e.at, state: e.status, reason: e.reason }] : []));
}

function checkerChanges(events: readonly HistoryEvent[], region: string, checker: string): LaneChange[] {
  return events.flatMap((e) =>
    e.kind === 'checker-state' && e.region === region && e.checker === checker
      ? [{ at: e.at, state: e.to, ...(e.failure && e.to === 'DOWN' ? { reason: `${e.failure.reason}: ${e.failure.detail}` } : {}) }]
      : [],
  );
}

/** The flips whose commit (or pending intent) falls in the window, with the intent's reason. */
export function markersOf(events: readonly HistoryEvent[], window: Interval, signalCheck: SignalCheckSettings): TimelineMarker[] {
  const reasons = new Map<string, string>();
  for (const e of events) if (e.kind === 'flip-intent') reasons.set(e.flipId, e.reason);
  return flipRecords(events, signalCheck)
    .map((f): TimelineMarker => {
      const reason = reasons.get(f.flipId);
      const drill = f.drillId !== undefined || f.cause === 'drill' || f.cause === 'drill-return';
      return {
        at: f.completedAt ?? f.intentAt,
        kind: drill ? 'drill' : 'flip',
        flipId: f.flipId,
        cause: f.cause,
        from: f.from,
        to: f.to,
        actor: f.actor,
        intentAt: f.intentAt,
        state: f.state,
        ...(reason === undefined ? {} : { reason }),
        ...(f.drillId === undefined ? {} : { drillId: f.drillId }),
        ...(f.completedAt === undefined ? {} : { completedAt: f.completedAt }),
        ...(f.movedAt === undefined ? {} : { movedAt: f.movedAt }),
      };
    })
    .filter((m) => m.at >= window.start && m.at < window.end)
    .sort((a, b) => a.at - b.at || (a.flipId < b.flipId ? -1 : 1));
}

/** The swimlane of `window` from the events read for it (the window plus a look-back, oldest first or not). */
export function buildTimeline(events: readonly HistoryEvent[], window: Interval, setup: TimelineSetup): Timeline {
  const maxBands = setup.maxBandsPerLane ?? 500;
  const maxMarkers = setup.maxMarkers ?? 200;
  const regions = setup.regions.map((region): RegionLanes => {
    const live = setup.live?.[region];
    return {
      region,
      lanes: [
        laneOf('verdict', undefined, verdictChanges(events, region), live?.verdict, window, maxBands),
        ...setup.checkers.map((checker) => laneOf('checker', checker, checkerChanges(events, region, checker), live?.checkers[checker], window, maxBands)),
      ],
    };
  });
  const allMarkers = markersOf(events, window, setup.signalCheck);
  const markers = allMarkers.slice(Math.max(0, allMarkers.length - maxMarkers));
  const truncated = markers.length < allMarkers.length || regions.some((r) => r.lanes.some((l) => l.truncated));
  return { window, regions, markers, truncated };
}
