/** Formatting for the Markdown renderings of reports: tables, durations, percentages, times (UTC). */

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A GitHub-flavoured Markdown table; `align` marks right-aligned (numeric) columns. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[], align: readonly ('left' | 'right')[] = []): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  const rule = headers.map((_, i) => (align[i] === 'right' ? '---:' : '---'));
  return [line(headers), `| ${rule.join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** `30.8 s`, `12 min 5 s`, `3 h 4 min`, `2 d 3 h`; `—` for none. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const sign = seconds < 0 ? '−' : '';
  const s = Math.abs(seconds);
  if (s < 60) return `${sign}${Number(s.toFixed(s < 10 ? 2 : 1))} s`;
  const whole = Math.round(s);
  const [d, h, m, sec] = [Math.floor(whole / 86_400), Math.floor((whole % 86_400) / 3600), Math.floor((whole % 3600) / 60), whole % 60];
  if (d > 0) return `${sign}${d} d ${h} h`;
  if (h > 0) return `${sign}${h} h ${m} min`;
  return `${sign}${m} min ${sec} s`;
}

/** Availability as a percentage with enough digits to tell nines apart: `99.9988 %`, `100 %`. */
export function percent(fraction: number): string {
  if (fraction >= 1) return '100 %';
  return `${(Math.floor(fraction * 1e6) / 1e4).toFixed(4)} %`;
}

/** A target such as `99.95 %`. */
export function sloText(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(6))} %`;
}

/** A signed whole percentage, `98 %`, `−178 %`. */
export function signedPercent(fraction: number): string {
  const p = Math.round(fraction * 100);
  return `${p < 0 ? '−' : ''}${Math.abs(p)} %`;
}

export function ninesText(nines: number | null): string {
  return nines === null ? '∞' : nines.toFixed(2);
}

/** `2025-01-11 00:00:10Z` (UTC, to the second; milliseconds when not whole). */
export function time(ms: number | undefined): string {
  if (ms === undefined) return '—';
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, ms % 1000 === 0 ? 19 : 23)}Z`;
}

export function trafficText(traffic: Readonly<Record<string, number>>): string {
  const serving = Object.entries(traffic).filter(([, w]) => w > 0);
  if (serving.length === 0) return 'nothing';
  return serving.map(([r, w]) => (serving.length === 1 && w === 1 ? r : `${r}=${w}`)).join(', ');
}
