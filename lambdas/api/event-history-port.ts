/**
 * `GET /timeline`, `/timeline/svg`: the swimlane the recorded event history draws of a window (the
 * figures, `GET /report` and `/incidents`, are report-port.ts). The live status fills the lanes
 * that recorded no change (they have held their state since before the events read).
 */
import type { FailoverConfig } from '../config/schema';
import { readTimeline, type HistoryEventStore, type TimelineAnswer } from '../history';
import type { Clock } from '../platform/clock';
import type { StatusBody } from './schemas';

/** A window of `lengthMs` ending at `end` (default: now). */
export interface WindowRequest {
  readonly lengthMs: number;
  readonly end?: number;
}

export interface EventHistoryPort {
  timeline(request: WindowRequest): Promise<TimelineAnswer>;
}

export interface StoreEventHistoryDeps {
  readonly store: Pick<HistoryEventStore, 'range'>;
  readonly config: FailoverConfig;
  readonly clock: Clock;
  /** The live status (`GET /status`'s port). */
  readonly status: { status(): Promise<StatusBody> };
}

type LiveLanes = NonNullable<Parameters<typeof readTimeline>[0]['live']>;

export class StoreEventHistoryPort implements EventHistoryPort {
  constructor(private readonly deps: StoreEventHistoryDeps) {}

  private window(request: WindowRequest): { now: number; window: { start: number; end: number } } {
    const now = this.deps.clock.wallMs();
    const end = request.end ?? now;
    return { now, window: { start: end - request.lengthMs, end } };
  }

  /** Each region's verdict and each fresh checker's state, as `GET /status` shows them; none when that cannot be read (the recorded bands stand on their own). */
  private async live(): Promise<LiveLanes | undefined> {
    const status = await this.deps.status.status().catch(() => undefined);
    if (status === undefined) return undefined;
    return Object.fromEntries(
      status.regions.map((r) => [r.region, { verdict: r.verdict, checkers: Object.fromEntries(r.checkers.map((c) => [c.checker, c.freshness === 'fresh' ? c.state : undefined])) }]),
    );
  }

  async timeline(request: WindowRequest): Promise<TimelineAnswer> {
    const { now, window } = this.window(request);
    // The live state describes now; for a window that ended earlier it says nothing.
    const live = request.end === undefined || request.end >= now ? await this.live() : undefined;
    return readTimeline({ store: this.deps.store, config: this.deps.config, window, now, ...(live ? { live } : {}) });
  }
}
