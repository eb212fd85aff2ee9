/** Matching the first bytes of a health response body against the configured substring or regex. */
import type { HealthCheckSpec } from '../../config/schema';

export type BodyMatch = NonNullable<HealthCheckSpec['bodyMatch']>;

/** Compiled regexes per match spec: a spec object is probed every few seconds for a whole invocation. */
const compiled = new WeakMap<BodyMatch, RegExp>();

export function bodyMatches(body: string, match: BodyMatch): boolean {
  if ('substring' in match) return body.includes(match.substring);
  let regex = compiled.get(match);
  if (regex === undefined) {
    regex = new RegExp(match.regex);
    compiled.set(match, regex);
  }
  return regex.test(body);
}

export function describeBodyMatch(match: BodyMatch): string {
  return 'substring' in match ? `substring ${JSON.stringify(match.substring)}` : `regex /${match.regex}/`;
}
