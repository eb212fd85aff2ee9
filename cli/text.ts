/** Plain-text layout for terminals: word wrapping, tables whose cells may span lines, readable times and terms. */

/** Splits `text` into lines of at most `width` characters, breaking at spaces; a longer word is cut. */
export function wrap(text: string, width: number): string[] {
  const limit = Math.max(10, width);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (rest.length > limit) {
      if (line) lines.push(line);
      lines.push(rest.slice(0, limit));
      rest = rest.slice(limit);
      line = '';
    }
    if (!line) line = rest;
    else if (line.length + 1 + rest.length <= limit) line = `${line} ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** A cell is one line or several (a wrapped text). */
export type Cell = string | readonly string[];

function linesOf(cell: Cell | undefined): readonly string[] {
  if (cell === undefined) return [''];
  return typeof cell === 'string' ? [cell] : cell.length > 0 ? cell : [''];
}

/** Aligned columns, two spaces apart; a row whose cells span several lines takes that many lines. */
export function textTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => Math.max(...linesOf(r[i]).map((l) => l.length)))));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const out = [line(headers), line(widths.map((w) => '-'.repeat(w)))];
  for (const row of rows) {
    const cells = headers.map((_h, i) => linesOf(row[i]));
    const height = Math.max(...cells.map((c) => c.length));
    for (let k = 0; k < height; k += 1) out.push(line(cells.map((c) => c[k] ?? '')));
  }
  return out.join('\n');
}

export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `07:28:43.456Z`: a time of day to the millisecond, for timelines. */
export function timeOfDay(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23) + 'Z';
}

/** `+10.0 s`, `+250 ms`. */
export function elapsed(ms: number): string {
  return ms < 1000 ? `+${Math.round(ms)} ms` : `+${(ms / 1000).toFixed(1)} s`;
}

/** Fencing tokens before 2001 or after 2200 are not wall-clock stamps (e.g. tests, hand-made tokens). */
const PLAUSIBLE_MS = { min: Date.UTC(2001, 0, 1), max: Date.UTC(2200, 0, 1) };

function isWallClockToken(token: number): boolean {
  return token >= PLAUSIBLE_MS.min && token <= PLAUSIBLE_MS.max;
}

/**
 * A fencing token for people. Terms are fencing tokens that a new leader proposes from its wall
 * clock in ms (`proposeToken`), so a token reads as the time its leadership began; the token itself
 * stays in --json.
 */
export function termLabel(token: number): string {
  if (!isWallClockToken(token)) return `token ${token}`;
  return `${new Date(token).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** A term as the API reports it: the fencing token and, from leader records that count, its number. */
export interface TermRef {
  readonly term: number;
  readonly termNumber?: number | undefined;
}

function isNumbered(t: TermRef): t is TermRef & { readonly termNumber: number } {
  return t.termNumber !== undefined && t.termNumber > 0;
}

/** `#7` (the term's number: 1, 2, 3, … per change of leader); a term without one: its token, read as a time. */
export function termName(t: TermRef): string {
  return isNumbered(t) ? `#${t.termNumber}` : termLabel(t.term);
}

/** `#7 (began 2026-12-01 07:40:00Z)`, or `#7 (token 42)` for a token that is no wall-clock time; unnumbered: as termName. */
export function termWithToken(t: TermRef): string {
  if (!isNumbered(t)) return termLabel(t.term);
  return `#${t.termNumber} (${isWallClockToken(t.term) ? `began ${termLabel(t.term)}` : `token ${t.term}`})`;
}
