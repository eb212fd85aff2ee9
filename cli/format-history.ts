/**
 * `failover history` for people: one block per entry — when, what, who under which term, the whole
 * reason wrapped to the terminal, and for flips the timeline from the first failed probe to
 * completion. `--json` carries the same fields (`timings`).
 */
import type { AuditEntryBody, FlipTimingsBody, HistoryBody } from '../lambdas/api/schemas';
import { elapsed, isoSeconds, termName, timeOfDay, wrap } from './text';

const INDENT = '  ';

function movement(e: AuditEntryBody): string {
  if (e.from && e.to) return `${e.from.join('+') || 'nothing'} -> ${e.to.join('+') || 'nothing'}`;
  return e.to ? e.to.join('+') : '';
}

/** `first failed probe 07:28:31.200Z, quorum DOWN +10.0 s, intent +0.1 s, …, 12.4 s in all`. */
export function describeTimeline(t: FlipTimingsBody): string {
  const steps: [string, number | undefined][] = [
    ['first failed probe', t.firstFailedProbeAt],
    ['quorum DOWN', t.quorumDownAt],
    ['intent', t.intentAt],
    ['applied', t.appliedAt],
    ['completed', t.completedAt],
  ];
  const known = steps.filter((s): s is [string, number] => s[1] !== undefined);
  const [first, ...rest] = known;
  if (first === undefined) return '';
  let previous = first[1];
  const parts = [`${first[0]} ${timeOfDay(first[1])}`];
  for (const [label, at] of rest) {
    parts.push(`${label} ${elapsed(Math.max(0, at - previous))}`);
    previous = at;
  }
  const last = known[known.length - 1]![1];
  return `${parts.join(', ')} (${((last - first[1]) / 1000).toFixed(1)} s in all)`;
}

function block(e: AuditEntryBody, width: number): string[] {
  const head = [isoSeconds(e.at), e.outcome?.startsWith('superseded') ? `${e.action} (superseded)` : e.action, movement(e)].filter(Boolean).join('  ');
  const who = `by ${e.actor}${e.term === undefined ? '' : `, term ${termName({ term: e.term, termNumber: e.termNumber })}`}${e.outcome ? `, ${e.outcome}` : ''}`;
  const lines = [head, ...wrap(who, width - INDENT.length).map((l) => INDENT + l), ...wrap(`reason: ${e.reason}`, width - INDENT.length).map((l) => INDENT + l)];
  if (e.timings) lines.push(...wrap(`timeline: ${describeTimeline(e.timings)}`, width - INDENT.length).map((l) => INDENT + l));
  return lines;
}

export function formatHistory(page: HistoryBody, width = 100): string {
  if (page.items.length === 0) return 'no history yet';
  const out = page.items.map((e) => block(e, width).join('\n')).join('\n\n');
  return page.nextCursor ? `${out}\n\nolder entries: failover history --cursor ${page.nextCursor}` : out;
}
