/** An in-memory ObservationStore with the same seq condition as the DynamoDB adapter. */
import type { Observation } from '../../../../lambdas/health/rules/types';
import type { ObservationStore, PutObservationResult } from '../../../../lambdas/health/observation-store';

export class MemoryObservationStore implements ObservationStore {
  readonly items = new Map<string, Observation>();
  /** Every accepted write, in order. */
  readonly log: Observation[] = [];
  /** Called after each accepted write (e.g. to evaluate quorum as a stream consumer would). */
  onWrite: (o: Observation) => void = () => undefined;

  private key(target: string, checker: string): string {
    return `${target}\u0000${checker}`;
  }

  async loadForChecker(checker: string, targets: readonly string[]): Promise<Map<string, Observation>> {
    const found = new Map<string, Observation>();
    for (const t of targets) {
      const o = this.items.get(this.key(t, checker));
      if (o !== undefined) found.set(t, o);
    }
    return found;
  }

  async loadForTargets(targets: readonly string[]): Promise<Observation[]> {
    return [...this.items.values()].filter((o) => targets.includes(o.target));
  }

  async put(observation: Observation): Promise<PutObservationResult> {
    const key = this.key(observation.target, observation.checker);
    const current = this.items.get(key);
    if (current !== undefined && current.seq >= observation.seq) return { written: false, current, currentSeq: current.seq };
    this.items.set(key, observation);
    this.log.push(observation);
    this.onWrite(observation);
    return { written: true };
  }
}
