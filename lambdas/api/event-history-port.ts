/**
 * `GET /timeline`, `/timeline/svg`, `/report`, `/incidents`: what the recorded event history says
 * about a window. One port over the Events table; the live status fills the swimlane's lanes that
 * recorded no change (they have held their state since before the events read).
 */
import type { FailoverConfig } from '../config/schema';
import { buildReport, listIncidents, readTimeline, type HistoryEventStore, type HistoryReport, type TimelineAnswer } from '../history';
import type { Clock } from '../platform/clock';
import type { StatusBody } from './schemas';

/** A window of `lengthMs` ending at `end` (default: now). */
export interface WindowRequest {
  readonly lengthMs: number;
  readonly end?: number;
}

export type IncidentList = Awaited<ReturnType<typeof listIncidents>>;

export interface EventHistoryPort {
  timeline(request: WindowRequest): Promise<TimelineAnswer>;
  report(request: WindowRequest): Promise<HistoryReport>;
  incidents(request: WindowRequest & { readonly region?: string }): Promise<IncidentList>;
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

  async report(request: WindowRequest): Promise<HistoryReport> {
    const { now, window } = this.window(request);
    return buildReport({ store: this.deps.store, config: this.deps.config, window, now });
  }

  async incidents(request: WindowRequest & { readonly region?: string }): Promise<IncidentList> {
    const { now, window } = this.window(request);
    return listIncidents({ store: this.deps.store, config: this.deps.config, window, now, ...(request.region === undefined ? {} : { region: request.region }) });
  }
}
