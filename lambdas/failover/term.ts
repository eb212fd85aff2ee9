/**
 * A leader term as the controller records it: the fencing token (what fences writes) and, when
 * known, the term's number for people (`term #7`: 1, 2, 3, … per change of leader). Records from
 * before term numbers carry the token alone.
 */
import type { TermNumbered, Writer } from './state-store';

export interface RecordedTerm extends TermNumbered {
  readonly term: number;
}

/** `{ termNumber }` when known, else nothing (so optional fields stay absent, not undefined). */
export function numbered(termNumber: number | undefined): TermNumbered {
  return termNumber === undefined ? {} : { termNumber };
}

export function termOfWriter(writer: Extract<Writer, { kind: 'leader' }>): RecordedTerm {
  return { term: writer.term, ...numbered(writer.termNumber) };
}

/** `term #7` when the number is known, else `term 1764569193123` (the token). */
export function describeTerm(term: RecordedTerm): string {
  return term.termNumber !== undefined && term.termNumber > 0 ? `term #${term.termNumber}` : `term ${term.term}`;
}
