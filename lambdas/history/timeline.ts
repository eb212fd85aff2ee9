/**
 * The swimlane of a window, read from the Events table: the window's events plus a look-back (so
 * each lane's state at the window's start is known when it changed within the look-back), built
 * into bands and markers by rules/timeline.ts.
 */
import type { FailoverConfig } from '../config/schema';
import { policyRegions } from '../failover/rules';
import { SIGNAL_CHECK_DEFAULTS, type SignalCheckSettings } from '../platform/dns-setup';
import type { HistoryEventStore } from './event-store';
import type { Interval } from './rules/intervals';
import { buildTimeline, type Timeline, type TimelineSetup } from './rules/timeline';

/** How far before the window events are read: a lane whose last change is older shows the live state (or nothing). */
export const TIMELINE_LOOKBACK_MS = 86_400_000;
/** The longest window one answer covers (the page offers 15 min to 24 h). */
export const MAX_TIMELINE_WINDOW_MS = 7 * 86_400_000;

export interface TimelineOptions {
  readonly store: Pick<HistoryEventStore, 'range'>;
  readonly config: Pick<FailoverConfig, 'policy' | 'checkerRegions'>;
  readonly window: Interval;
  /** Wall-clock ms the answer is made at. */
  readonly now: number;
  /** The live state, for lanes without a recorded change. */
  readonly live?: TimelineSetup['live'];
  /** @default TIMELINE_LOOKBACK_MS */
  readonly lookbackMs?: number;
  /** @default SIGNAL_CHECK_DEFAULTS */
  readonly signalCheck?: SignalCheckSettings;
}

export interface TimelineAnswer extends Timeline {
  readonly generatedAt: number;
  readonly data: { readonly events: number; readonly skipped: number; readonly since: number };
}

export async function readTimeline(options: TimelineOptions): Promise<TimelineAnswer> {
  const { window, config } = options;
  const since = window.start - (options.lookbackMs ?? TIMELINE_LOOKBACK_MS);
  const { events, skipped } = await options.store.range(since, window.end);
  const timeline = buildTimeline(events, window, {
    regions: policyRegions(config.policy),
    checkers: config.checkerRegions,
    signalCheck: options.signalCheck ?? SIGNAL_CHECK_DEFAULTS,
    ...(options.live ? { live: options.live } : {}),
  });
  return { ...timeline, generatedAt: options.now, data: { events: events.length, skipped, since } };
}
