/** The availability report for people: what users saw, per region, the model, the incidents and flips. */
import type { AvailabilityFigures } from './rules/availability';
import type { HistoryReport } from './report';
import { duration, ninesText, percent, trafficText, signedPercent, sloText, markdownTable, time } from './markdown';

function figuresRow(name: string, f: AvailabilityFigures): string[] {
  const budget = `${duration(f.budget.remaining_s)} (${signedPercent(f.budget.remaining_fraction)})`;
  return [
    name,
    percent(f.availability),
    ninesText(f.nines),
    percent(f.measured_uptime),
    duration(f.downtime_s),
    duration(f.mtbf_s),
    duration(f.mttr_s),
    String(f.failures) + (f.openAtEnd ? ' (1 open)' : ''),
    budget,
  ];
}

export function renderReportMarkdown(report: HistoryReport): string {
  const lines = [
    ...heading(report),
    ...availabilitySection(report),
    ...modelSection(report),
    ...incidentsSection(report.incidents),
    ...flipsSection(report.flips),
    ...skippedNote(report.data.skipped),
  ];
  return `${lines.join('\n')}\n`;
}

/** A `##` section: a blank line, the title, a blank line, the body. */
function section(title: string, body: readonly string[]): string[] {
  return ['', `## ${title}`, '', ...body];
}

function heading(report: HistoryReport): string[] {
  const { window } = report;
  const days = (window.end - window.start) / 86_400_000;
  return [
    `# Availability report: ${report.service}`,
    '',
    `Window ${time(window.start)} → ${time(window.end)} (${Number(days.toFixed(2))} days, UTC) · SLO ${sloText(report.slo)} · ${report.policy}, ${report.flipMode} · generated ${time(report.generatedAt)}`,
  ];
}

function availabilitySection({ availability }: HistoryReport): string[] {
  return section('Availability', [
    markdownTable(
      ['', 'availability', 'nines', 'measured uptime', 'downtime', 'MTBF', 'MTTR', 'failures', 'budget left'],
      [figuresRow('service (as users saw it)', availability.service), ...Object.entries(availability.regions).map(([r, f]) => figuresRow(r, f))],
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
    '',
    'Availability = MTBF / (MTBF + MTTR); the service is down while no serving region is available; budget = (1 − SLO) × window.',
  ]);
}

function modelSection({ model, policy }: HistoryReport): string[] {
  const rate = model.failureRatePerDay === null ? '—' : `${Number(model.failureRatePerDay.toPrecision(3))} failures per region-day`;
  return section('What failover buys (model)', [
    markdownTable(
      ['', 'expected availability', 'nines', 'downtime per 30 days'],
      [
        ['one region alone', percent(model.singleRegion.availability), ninesText(model.singleRegion.nines), duration(model.singleRegion.downtime_s_per_30d)],
        [`with failover (${policy}, ${model.regionCount} regions)`, percent(model.withFailover.availability), ninesText(model.withFailover.nines), duration(model.withFailover.downtime_s_per_30d)],
      ],
      ['left', 'right', 'right', 'right'],
    ),
    '',
    `From ${model.failures} measured failure${model.failures === 1 ? '' : 's'}: λ = ${rate}, MTTR ${duration(model.mttr_s)}, RTO ${duration(model.rto_s)} (${model.rtoSource}); regions assumed to fail independently.`,
  ]);
}

function incidentsSection(incidents: HistoryReport['incidents']): string[] {
  const title = `Incidents (${incidents.length})`;
  if (incidents.length === 0) return section(title, [NONE]);
  const table = markdownTable(
    ['region', 'first failed probe', 'detect', 'decide', 'flip', 'RTO', 'users down', 'duration', 'flips'],
    incidents.map((i) => [
      i.region + (i.serving ? '' : ' (not serving)'),
      time(i.startedAt) + (i.startEstimated ? ' (est.)' : ''),
      duration(i.detect_s),
      duration(i.decide_s),
      duration(i.flip_s),
      duration(i.rto_s),
      duration(i.downtime_s),
      i.open ? `${duration(i.duration_s)} (open)` : duration(i.duration_s),
      i.flips.join(', ') || '—',
    ]),
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
  );
  const meanings = [...new Set(incidents.map((i) => i.movedMeans).filter((m): m is string => m !== null))];
  const legend = `detect: first failed probe → quorum DOWN; decide: → flip intent; flip: → committed; RTO: first failed probe → traffic moved${meanings.length > 0 ? ` (${meanings.join('; ')})` : ''}.`;
  return section(title, [table, '', legend]);
}

function flipsSection(flips: HistoryReport['flips']): string[] {
  const title = `Flips (${flips.length})`;
  if (flips.length === 0) return section(title, [NONE]);
  const table = markdownTable(
    ['intent', 'cause', 'from → to', 'by', 'state', 'moved'],
    flips.map((f) => [time(f.intentAt), f.drillId ? `${f.cause} (drill ${f.drillId})` : f.cause, `${trafficText(f.from)} → ${trafficText(f.to)}`, f.actor, f.state, time(f.movedAt)]),
  );
  return section(title, [table]);
}

function skippedNote(skipped: number): string[] {
  return skipped > 0 ? ['', `Note: ${skipped} stored event${skipped === 1 ? '' : 's'} could not be read and were left out.`] : [];
}

const NONE = 'None in this window.';
