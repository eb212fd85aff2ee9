/** Plain-text output for humans: aligned tables and short lines (no colours, so pipes stay clean). */
import type { AutomationBody, LockBody, PendingFlipBody, RegionBody, StatusBody } from '../lambdas/api/schemas';
import { formatDnsAnswer } from './format-dns';
import { termName, termWithToken } from './text';

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function percent(weight: number): string {
  return `${Math.round(weight * 100)}%`;
}

/** "hold (hold-down): … — lifts at 12:00:05Z (42 s)" */
export function formatAutomation(a: AutomationBody): string {
  const lifts = a.until !== undefined ? ` — lifts at ${isoTime(a.until)}${a.secondsLeft !== undefined ? ` (${a.secondsLeft} s)` : ''}` : '';
  const label = a.action === 'hold' || a.action === 'flip' ? `${a.action} (${a.code})` : a.action;
  return `${label}: ${a.detail}${lifts}`;
}

export function formatPendingFlip(p: PendingFlipBody): string {
  const error = p.lastError ? `; last apply failed at ${isoTime(p.lastError.at)} (${p.lastError.attempts}×): ${p.lastError.message}` : '';
  return `${p.id} ${p.cause} -> ${p.to.join('+') || '-'} by ${p.actor}, ${p.ageSeconds} s old${error}`;
}

/** "2/2 toward DOWN (us-east-1 2/3)" per direction hysteresis is counting in; "-" when nothing counts. */
export function formatCounting(r: Pick<RegionBody, 'counting'>): string {
  if (!r.counting || r.counting.length === 0) return '-';
  return r.counting.map((c) => `${c.checkers}/${c.quorum} toward ${c.toward} (${c.streaks.map((x) => `${x.checker} ${x.count}/${x.threshold}`).join(', ')})`).join('; ');
}

export function formatStatus(s: StatusBody): string {
  const head = [
    `service        ${s.service} (${s.policy}, ${s.flipMode})`,
    `active         ${s.active.length > 0 ? s.active.map((r) => (s.active.length > 1 ? `${r} ${percent(s.weights[r] ?? 0)}` : r)).join(', ') : 'none'}`,
    `leader         ${s.leader ? `${s.leader.holder}, term ${termWithToken(s.leader)}` : 'none'}`,
    `routing table  ${s.routingTableVersion === null ? 'none' : `v${s.routingTableVersion}`}`,
    `pin            ${s.pin ? `${s.pin.region}: ${s.pin.reason}${s.pin.actor ? ` (${s.pin.actor})` : ''}` : 'none'}`,
    `last flip      ${s.lastFlip ? `${s.lastFlip.from.join('+') || '-'} -> ${s.lastFlip.to.join('+')} at ${isoTime(s.lastFlip.at)}${s.lastFlip.term === undefined ? '' : ` (term ${termName({ term: s.lastFlip.term, termNumber: s.lastFlip.termNumber })})`}: ${s.lastFlip.reason}` : 'never'}`,
    ...(s.dnsAnswer !== undefined ? [`DNS answers now  ${formatDnsAnswer(s.dnsAnswer, s.generatedAt)}`] : []),
    ...(s.automation ? [`automation     ${formatAutomation(s.automation)}`] : []),
    ...(s.pendingFlip !== undefined ? [`pending flip   ${s.pendingFlip ? formatPendingFlip(s.pendingFlip) : 'none'}`] : []),
    ...(s.fenceTerm !== undefined ? [`fence term     ${s.fenceTermNumber ? `#${s.fenceTermNumber} (token ${s.fenceTerm})` : s.fenceTerm}`] : []),
    ...(s.flapWindow ? [`flap window    ${s.flapWindow.flips} of ${s.flapWindow.max} flips used in ${s.flapWindow.windowSeconds} s`] : []),
  ];
  const rows = s.regions.map((r) => [
    r.region,
    r.verdict,
    r.active ? 'yes' : 'no',
    percent(r.weight),
    r.checkers.map((c) => `${c.checker}:${c.state ?? '-'}${c.freshness === 'fresh' ? '' : `(${c.freshness})`}`).join(' '),
    formatCounting(r),
  ]);
  return `${head.join('\n')}\n\n${table(['REGION', 'VERDICT', 'ACTIVE', 'WEIGHT', 'CHECKERS', 'COUNTING'], rows)}`;
}

export function formatLock(l: LockBody): string {
  if (!l.held) return `lock ${l.name}: free`;
  return `lock ${l.name}: held by ${l.owner ?? '?'} (token ${l.token ?? '?'}${l.expiresAt ? `, until ${isoTime(l.expiresAt)}` : ''})`;
}
