/**
 * The Observations table behind a port: one item per target × checker region. Implementation:
 * lambdas/health/dynamodb-observation-store.ts.
 */
import type { Observation } from './rules/types';

export type PutObservationResult =
  | { readonly written: true }
  /**
   * Refused: the stored item already has a `seq` ≥ the one written (another invocation of the same
   * checker wrote in between). `current` is the stored item when it could be read back and decoded;
   * `currentSeq` its seq whenever it is a number.
   */
  | { readonly written: false; readonly current?: Observation; readonly currentSeq?: number };

export interface ObservationStore {
  /** This checker region's observations of the given targets (its state to carry over), keyed by target. */
  loadForChecker(checker: string, targets: readonly string[]): Promise<Map<string, Observation>>;
  /** Every checker region's observation of the given targets, for quorum evaluation. */
  loadForTargets(targets: readonly string[]): Promise<Observation[]>;
  /** Writes the item if none is stored or the stored `seq` is lower; never overwrites newer data. */
  put(observation: Observation): Promise<PutObservationResult>;
}
