/** Plain-text output for humans: aligned tables and short lines (no colours, so pipes stay clean). */
import type { AuditEntryBody, HistoryBody, LockBody, StatusBody } from '../lambdas/api/schemas';

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

export function formatStatus(s: StatusBody): string {
  const head = [
    `service        ${s.service} (${s.policy}, ${s.flipMode})`,
    `active         ${s.active.length > 0 ? s.active.map((r) => (s.active.length > 1 ? `${r} ${percent(s.weights[r] ?? 0)}` : r)).join(', ') : 'none'}`,
    `leader         ${s.leader ? `${s.leader.holder} (term ${s.leader.term})` : 'none'}`,
    `routing table  ${s.routingTableVersion === null ? 'none' : `v${s.routingTableVersion}`}`,
    `pin            ${s.pin ? `${s.pin.region}: ${s.pin.reason}${s.pin.actor ? ` (${s.pin.actor})` : ''}` : 'none'}`,
    `last flip      ${s.lastFlip ? `${s.lastFlip.from.join('+') || '-'} -> ${s.lastFlip.to.join('+')} at ${isoTime(s.lastFlip.at)}: ${s.lastFlip.reason}` : 'never'}`,
  ];
  const rows = s.regions.map((r) => [
    r.region,
    r.verdict,
    r.active ? 'yes' : 'no',
    percent(r.weight),
    r.checkers.map((c) => `${c.checker}:${c.state ?? '-'}${c.freshness === 'fresh' ? '' : `(${c.freshness})`}`).join(' '),
  ]);
  return `${head.join('\n')}\n\n${table(['REGION', 'VERDICT', 'ACTIVE', 'WEIGHT', 'CHECKERS'], rows)}`;
}

/** Long reasons would make every row as wide as the longest one; --json has the full text. */
const MAX_WHAT = 100;

function describeEntry(e: AuditEntryBody): string {
  const move = e.from && e.to ? `${e.from.join('+') || '-'} -> ${e.to.join('+')}` : e.to ? e.to.join('+') : '';
  const what = [move, e.reason].filter(Boolean).join(': ');
  return what.length > MAX_WHAT ? `${what.slice(0, MAX_WHAT - 1)}…` : what;
}

export function formatHistory(page: HistoryBody): string {
  if (page.items.length === 0) return 'no history yet';
  const rows = page.items.map((e) => [isoTime(e.at), e.action, e.term === undefined ? '' : String(e.term), e.actor, describeEntry(e)]);
  const out = table(['TIME', 'ACTION', 'TERM', 'ACTOR', 'WHAT'], rows);
  return page.nextCursor ? `${out}\n\nmore: --cursor ${page.nextCursor}` : out;
}

export function formatLock(l: LockBody): string {
  if (!l.held) return `lock ${l.name}: free`;
  return `lock ${l.name}: held by ${l.owner ?? '?'} (token ${l.token ?? '?'}${l.expiresAt ? `, until ${isoTime(l.expiresAt)}` : ''})`;
}
