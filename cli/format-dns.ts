/** The "DNS answers now" line of `failover status`: what users are sent to, and since when. */
import type { DnsAnswerBody } from '../lambdas/api/schemas';

/** "42 s ago", "3 min ago", "2 h ago" (whole units, rounded down; never negative). */
export function agoText(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  return `${Math.floor(seconds / 3600)} h ago`;
}

/** "10:42:07Z" */
function timeOfDay(iso: string): string {
  return new Date(iso).toISOString().slice(11, 19) + 'Z';
}

/**
 * "api.shop.example.com CNAME use1.shop.example.com (since 10:42:07Z, 3 min ago)", the age counted
 * at `now` (the status's generatedAt, so the line reads the same however late it is printed).
 * `null`: the API has no name server to ask (in AWS), so say where to look instead.
 */
export function formatDnsAnswer(answer: DnsAnswerBody | null, now: number): string {
  if (answer === null) return 'not observable by this API (only local mode runs a name server; ask a resolver, e.g. dig)';
  const values = answer.values.length > 0 ? answer.values.join(' ') : 'nothing';
  return `${answer.name} ${answer.type} ${values} (since ${timeOfDay(answer.since)}, ${agoText(now - Date.parse(answer.since))})`;
}
