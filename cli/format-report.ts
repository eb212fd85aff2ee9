/**
 * `failover incidents` and `failover report` for people: aligned tables of the figures the API
 * computed from the event history (lambdas/history). `--json` prints the API's answer as is.
 */
import type { AvailabilityFigures, HistoryReport, Incident, historySchemas } from '../lambdas/history';
import { textTable } from './text';

type IncidentsBody = historySchemas.IncidentsResponse;

/** `12.3 s`, `4.5 min`, `3.2 h`, `1.5 d`: a duration at a glance; `-` when there is none. */
export function humanDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '-';
  const abs = Math.abs(seconds);
  const sign = seconds < 0 ? '-' : '';
  if (abs < 60) return `${sign}${abs.toFixed(1)} s`;
  if (abs < 3600) return `${sign}${(abs / 60).toFixed(1)} min`;
  if (abs < 86_400) return `${sign}${(abs / 3600).toFixed(1)} h`;
  return `${sign}${(abs / 86_400).toFixed(1)} d`;
}

/** Seconds with one decimal, for the timing columns; `-` when the step did not happen. */
function secs(value: number | null): string {
  return value === null ? '-' : value.toFixed(1);
}

/** `99.9861%`: enough digits to tell nines apart. */
export function percentOf(fraction: number): string {
  return `${(fraction * 100).toFixed(4)}%`;
}

function ninesOf(value: number | null): string {
  return value === null ? '∞' : value.toFixed(2);
}

function minute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

function second(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

function windowLine(window: { start: number; end: number }): string {
  return `${minute(window.start)} -> ${minute(window.end)} (${humanDuration((window.end - window.start) / 1000)})`;
}

function incidentRow(i: Incident): string[] {
  return [
    `${i.startEstimated ? '~' : ''}${second(i.startedAt)}`,
    i.region,
    secs(i.detect_s),
    secs(i.decide_s),
    secs(i.flip_s),
    secs(i.rto_s),
    secs(i.downtime_s),
    i.open ? `${humanDuration(i.duration_s)} (open)` : humanDuration(i.duration_s),
    i.flips.join(', ') || '-',
  ];
}

const INCIDENT_HEADERS = ['started (first failed probe)', 'region', 'detect_s', 'decide_s', 'flip_s', 'rto_s', 'downtime_s', 'lasted', 'flips'];

export function formatIncidents(body: IncidentsBody): string {
  const head = `incidents of ${body.service}, ${windowLine(body.window)}`;
  if (body.incidents.length === 0) return `${head}\nno incidents`;
  const moved = [...new Set(body.incidents.map((i) => i.movedMeans).filter((m): m is string => m !== null))];
  const notes = [
    ...(moved.length > 0 ? [`traffic moved = ${moved.join('; ')}`] : []),
    ...(body.incidents.some((i) => i.startEstimated) ? ['~ start estimated from the probe settings (no checker recorded its first failed probe)'] : []),
  ];
  return [head, '', textTable(INCIDENT_HEADERS, body.incidents.map(incidentRow)), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}

function budgetLeft(a: AvailabilityFigures): string {
  const { remaining_s, remaining_fraction } = a.budget;
  if (remaining_s < 0) return `overspent by ${humanDuration(-remaining_s)}`;
  return `${humanDuration(remaining_s)} (${(remaining_fraction * 100).toFixed(1)}%)`;
}

function availabilityRow(scope: string, a: AvailabilityFigures): string[] {
  return [
    scope,
    String(a.failures) + (a.openAtEnd ? ' (1 open)' : ''),
    humanDuration(a.mtbf_s),
    humanDuration(a.mttr_s),
    percentOf(a.availability),
    percentOf(a.measured_uptime),
    ninesOf(a.nines),
    humanDuration(a.downtime_s),
    budgetLeft(a),
  ];
}

const AVAILABILITY_HEADERS = ['scope', 'failures', 'MTBF', 'MTTR', 'availability', 'uptime', 'nines', 'downtime', 'budget left'];

function modelLines(report: HistoryReport): string[] {
  const { model } = report;
  const reduction = model.downtimeReduction === null ? '' : `, ${model.downtimeReduction.toFixed(1)}x less downtime`;
  return [
    `model (what failover buys, from the measured failure rate, MTTR and ${model.rtoSource} RTO ${humanDuration(model.rto_s)}):`,
    `  single region  ${percentOf(model.singleRegion.availability)}  nines ${ninesOf(model.singleRegion.nines)}  ${humanDuration(model.singleRegion.downtime_s_per_30d)} down per 30 d`,
    `  with failover  ${percentOf(model.withFailover.availability)}  nines ${ninesOf(model.withFailover.nines)}  ${humanDuration(model.withFailover.downtime_s_per_30d)} down per 30 d${reduction}`,
  ];
}

export function formatReport(report: HistoryReport): string {
  const rows = [availabilityRow('service', report.availability.service), ...Object.entries(report.availability.regions).map(([region, a]) => availabilityRow(region, a))];
  const completed = report.flips.filter((f) => f.state === 'completed').length;
  return [
    `availability of ${report.service} (${report.policy}, ${report.flipMode}), ${windowLine(report.window)}, SLO ${percentOf(report.slo)}`,
    '',
    textTable(AVAILABILITY_HEADERS, rows),
    '',
    ...modelLines(report),
    '',
    `${report.incidents.length} incident${report.incidents.length === 1 ? '' : 's'} (failover incidents lists them), ${completed} flip${completed === 1 ? '' : 's'} completed` +
      `; from ${report.data.events} recorded events${report.data.skipped > 0 ? ` (${report.data.skipped} unreadable, left out)` : ''}`,
  ].join('\n');
}
