/**
 * `GET /report` and `GET /incidents` on the event history: each request reads its window (plus
 * the look-back) from the Events table and analyses it (lambdas/history/report.ts).
 */
import { buildReport, listIncidents, windowEndingAt, type HistoryEventStore, type HistoryReport, type ReportConfig } from '../history';
import type { Clock } from '../platform/clock';
import type { ReportPort } from './ports';

export interface HistoryReportPortDeps {
  readonly store: Pick<HistoryEventStore, 'range'>;
  readonly config: ReportConfig;
  readonly clock: Pick<Clock, 'wallMs'>;
}

export class HistoryReportPort implements ReportPort {
  constructor(private readonly deps: HistoryReportPortDeps) {}

  report(query: { readonly windowMs: number; readonly end?: number }): Promise<HistoryReport> {
    return buildReport(this.options(query));
  }

  async incidents(query: { readonly windowMs: number; readonly end?: number; readonly region?: string }): ReturnType<ReportPort['incidents']> {
    const listed = await listIncidents({ ...this.options(query), ...(query.region === undefined ? {} : { region: query.region }) });
    return { ...listed, incidents: [...listed.incidents] };
  }

  private options(query: { readonly windowMs: number; readonly end?: number }) {
    const now = this.deps.clock.wallMs();
    return { store: this.deps.store, config: this.deps.config, window: windowEndingAt(query.end ?? now, query.windowMs), now };
  }
}
