/** Plain-text output for humans: aligned tables and short lines (no colours, so pipes stay clean). */
import type { LockBody, StatusBody } from '../lambdas/api/schemas';
import { termLabel } from './text';

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
    `leader         ${s.leader ? `${s.leader.holder} (term ${termLabel(s.leader.term)})` : 'none'}`,
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

export function formatLock(l: LockBody): string {
  if (!l.held) return `lock ${l.name}: free`;
  return `lock ${l.name}: held by ${l.owner ?? '?'} (token ${l.token ?? '?'}${l.expiresAt ? `, until ${isoTime(l.expiresAt)}` : ''})`;
}
