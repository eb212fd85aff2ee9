/**
 * The availability report of a window: reads the window's events (plus a look-back, so the
 * outages and traffic in force at its start are known) and analyzes them (rules/analysis.ts).
 * JSON-serialisable as is; `renderReportMarkdown` (report-markdown.ts) renders it for people.
 */
import type { FailoverConfig } from '../config/schema';
import { initialTraffic, policyRegions, type TrafficSplit } from '../failover/rules';
import { SIGNAL_CHECK_DEFAULTS, type SignalCheckSettings } from '../platform/dns-setup';
import type { HistoryEventStore } from './event-store';
import { analyze, type Analysis } from './rules/analysis';
import type { Interval } from './rules/intervals';
import { STORABLE } from './rules/keys';

export const DEFAULT_WINDOW_MS = 30 * 86_400_000;
/** How far before the window events are read: an outage or a flip older than this is not seen at the window's start. */
export const DEFAULT_LOOKBACK_MS = 2 * 86_400_000;

export type ReportConfig = Pick<FailoverConfig, 'service' | 'policy' | 'probe' | 'dns' | 'slo'>;

export interface ReportOptions {
  readonly store: Pick<HistoryEventStore, 'range'>;
  readonly config: ReportConfig;
  readonly window: Interval;
  /** Wall-clock ms the report is made at. */
  readonly now: number;
  /** Traffic before the first flip in the events (the live traffic when known). @default the policy's initial traffic */
  readonly currentTraffic?: TrafficSplit;
  /** @default DEFAULT_LOOKBACK_MS */
  readonly lookbackMs?: number;
  /** @default SIGNAL_CHECK_DEFAULTS (what the DNS stack deploys) */
  readonly signalCheck?: SignalCheckSettings;
}

export interface HistoryReport extends Analysis {
  readonly service: string;
  readonly generatedAt: number;
  readonly slo: number;
  readonly policy: FailoverConfig['policy']['mode'];
  readonly flipMode: FailoverConfig['dns']['flipMode'];
  /** What the figures are made from. */
  readonly data: {
    readonly events: number;
    /** Stored items that did not decode (left out). */
    readonly skipped: number;
    /** Events were read from here (window start − look-back). */
    readonly since: number;
  };
}

/** The window of `lengthMs` ending at `end`. */
export function windowEndingAt(end: number, lengthMs = DEFAULT_WINDOW_MS): Interval {
  return { start: end - lengthMs, end };
}

export async function buildReport(options: ReportOptions): Promise<HistoryReport> {
  const { config, window } = options;
  const since = window.start - (options.lookbackMs ?? DEFAULT_LOOKBACK_MS);
  const readFrom = Math.max(since, STORABLE.from);
  const readTo = Math.min(window.end, STORABLE.to);
  const { events, skipped } = readTo > readFrom ? await options.store.range(readFrom, readTo) : { events: [], skipped: 0 };
  const analysis = analyze(events, window, since, {
    regions: policyRegions(config.policy),
    policy: config.policy.mode,
    failureThreshold: config.probe.failureThreshold,
    intervalSeconds: config.probe.intervalSeconds,
    flipMode: config.dns.flipMode,
    signalCheck: options.signalCheck ?? SIGNAL_CHECK_DEFAULTS,
    slo: config.slo.availability,
    fallbackTraffic: options.currentTraffic ?? initialTraffic(config.policy),
  });
  return {
    service: config.service,
    generatedAt: options.now,
    slo: config.slo.availability,
    policy: config.policy.mode,
    flipMode: config.dns.flipMode,
    ...analysis,
    data: { events: events.length, skipped, since },
  };
}

/** `GET /incidents`: the window's incidents, newest first, optionally of one region. */
export async function listIncidents(options: ReportOptions & { readonly region?: string }): Promise<{ service: string; window: Interval; incidents: HistoryReport['incidents'] }> {
  const report = await buildReport(options);
  const incidents = report.incidents.filter((i) => options.region === undefined || i.region === options.region);
  return { service: report.service, window: report.window, incidents: [...incidents].reverse() };
}
