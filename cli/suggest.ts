/** "Did you mean …?" for mistyped commands, options and region names (Levenshtein distance). */
import { distance } from 'fastest-levenshtein';

/**
 * The closest candidate if it is plausibly a typo: at most a third of the longer word's letters
 * edited (at least two, so a swapped pair counts as a typo), so `statsu` → `status` but `frobnicate` → nothing. Ties go to the
 * candidate listed first.
 */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = distance(input.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const allowed = Math.max(2, Math.floor(Math.max(input.length, best.length) / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** `; did you mean --json?` or the empty string. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const match = closestMatch(input, candidates);
  return match === undefined ? '' : `; did you mean ${match}?`;
}
