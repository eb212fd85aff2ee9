/**
 * The controller's verdict snapshot as the recorder takes it: one call per tick,
 * `recorder.verdictsObserved(verdictObservation(snapshot, by, now))`.
 */
import type { VerdictSnapshot } from '../health';
import type { RegionVerdictInput, VerdictObservation } from './rules/verdict-transitions';

/** `now` dates the evaluation when the snapshot does not say when it was taken. */
export function verdictObservation(snapshot: VerdictSnapshot, by: string, now: number): VerdictObservation {
  const verdicts: Record<string, RegionVerdictInput> = {};
  for (const [region, verdict] of Object.entries(snapshot.verdicts)) {
    const checkers = snapshot.checkers?.[region];
    verdicts[region] = { ...verdict, ...(checkers ? { checkers } : {}) };
  }
  return { evaluatedAt: snapshot.evaluatedAt ?? now, by, verdicts };
}
