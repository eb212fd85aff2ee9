/** Where a completed flip is announced (SNS in production: lambdas/failover/sns-notifier.ts). */
import type { FlipCause, TrafficSplit } from './rules/types';

export interface FlipEvent {
  readonly service: string;
  readonly flipId: string;
  readonly cause: FlipCause;
  readonly from: TrafficSplit;
  readonly to: TrafficSplit;
  readonly reason: string;
  readonly actor: string;
  /** Fencing token of the term the flip was committed under. */
  readonly term: number;
  /** That term's number for people (`term #7`), when known. */
  readonly termNumber?: number;
  /** Wall-clock ms. */
  readonly completedAt: number;
  readonly flipMode: string;
}

export interface FlipNotifier {
  flipped(event: FlipEvent): Promise<void>;
}

export const silentNotifier: FlipNotifier = { flipped: () => Promise.resolve() };
