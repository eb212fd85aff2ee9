/** A drill report for people: outcome, RTO both ways, each step, what went wrong. */
import type { DrillLegTimes, DrillReport } from './rules/drill-report';
import { duration, trafficText, markdownTable, time } from './markdown';

const OUTCOME: Record<DrillReport['outcome'], string> = {
  returned: 'traffic returned home',
  stayed: 'traffic did not return',
  refused: 'refused by the pre-checks',
  failed: 'a flip failed',
  running: 'still running',
};

function legRow(name: string, leg: DrillLegTimes | null): string[] {
  if (leg === null) return [name, '—', '—', '—', '—', '—'];
  return [name, time(leg.decidedAt), time(leg.intentAt), time(leg.completedAt), time(leg.movedAt), leg.flipId ?? '—'];
}

export function renderDrillMarkdown(report: DrillReport): string {
  const out: string[] = [];
  out.push(`# Drill ${report.id}: ${trafficText(report.home)} → ${report.target}`);
  out.push('');
  out.push(`Requested by ${report.actor} at ${time(report.requestedAt)} for ${duration(report.duration_s)}: ${report.reason}`);
  out.push('');
  out.push(`**Outcome: ${OUTCOME[report.outcome]}${report.aborted ? ' early' : ''}** (${report.code}): ${report.detail}`);
  out.push('');
  out.push(markdownTable(['RTO out', 'RTO back', 'traffic on target'], [[duration(report.rto.out_s), duration(report.rto.back_s), duration(report.onTarget_s)]], ['right', 'right', 'right']));
  out.push('');
  out.push('RTO: decision → traffic moved (health-signal: flip committed + Route 53 signal checks; dns-update: INSYNC). Times in UTC.');
  out.push('');
  out.push('## Timeline');
  out.push('');
  out.push(markdownTable(['', 'decided', 'flip intent', 'flip committed', 'traffic moved', 'flip'], [legRow('out', report.legs.out), legRow('back', report.legs.back)]));
  out.push('');
  out.push('## Steps');
  out.push('');
  out.push(
    markdownTable(
      ['#', 'time', 'step', 'code', 'detail'],
      report.steps.map((s) => [String(s.seq), time(s.at), s.step, s.code, s.detail]),
    ),
  );
  out.push('');
  out.push('## What went wrong');
  out.push('');
  out.push(report.problems.length === 0 ? 'Nothing.' : report.problems.map((p) => `- ${p}`).join('\n'));
  return `${out.join('\n')}\n`;
}
