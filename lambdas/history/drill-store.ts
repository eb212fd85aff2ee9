/**
 * Where a practice failover's progress lives between ticks, so that any leader (or the API that
 * started it) can continue it after a crash or a change of leadership: the drill's state machine
 * (rules/drill.ts), its recorded steps, the leg in flight and an operator's abort. One drill runs
 * at a time. Every write is conditional on the record's version, so two runners never both
 * advance the same drill. Implementations: dynamodb-drill-store.ts (State table), memory-drill-store.ts.
 */
import type { DrillState, DrillStepInput } from './rules/drill';
import type { TrafficSplit } from '../failover';

/**
 * One leg of a drill (out to the target, back home). Written down BEFORE its intent is recorded;
 * the intent carries `flipId` and is recorded only against `baseVersion` of the controller state,
 * so whoever continues the drill can record it at most once: a leg never flips twice.
 */
export interface DrillLeg {
  readonly name: 'out' | 'back';
  readonly flipId: string;
  readonly baseVersion: number;
  readonly from: TrafficSplit;
  readonly to: TrafficSplit;
  /** When the drill decided to move (the RTO starts here). */
  readonly decidedAt: number;
  readonly reason: string;
}

export interface DrillAbort {
  readonly actor: string;
  readonly reason: string;
  readonly at: number;
}

export interface DrillRecord {
  readonly id: string;
  readonly drill: DrillState;
  /** Every step so far, numbered from 0 (also written to the Events table for reports). */
  readonly steps: readonly DrillStepInput[];
  readonly leg?: DrillLeg;
  readonly abort?: DrillAbort;
  /** Grows by one with every write. */
  readonly version: number;
  readonly updatedAt: number;
}

/** A drill's status fields as stored next to the record (for people reading the table). */
export function drillSummary(record: DrillRecord): { target: string; home: TrafficSplit; startedAt: number; endsAt?: number; status: string } {
  const { plan } = record.drill;
  return {
    target: plan.target,
    home: plan.home,
    startedAt: plan.requestedAt,
    ...(record.drill.onTargetSince !== undefined ? { endsAt: record.drill.onTargetSince + plan.durationMs } : {}),
    status: record.drill.outcome ?? record.drill.phase,
  };
}

export const isRunning = (record: DrillRecord): boolean => record.drill.phase !== 'finished';

/** A conditional write lost: another drill runs, or another runner advanced this one first. */
export class DrillConflictError extends Error {
  override readonly name = 'DrillConflictError';
  constructor(
    readonly code: 'drill-running' | 'version',
    message: string,
  ) {
    super(message);
  }
}

export interface DrillStore {
  /** The latest drill, running or finished; strongly consistent. */
  latest(): Promise<DrillRecord | undefined>;
  /** A drill by id (the latest, or an earlier one kept by id). */
  get(id: string): Promise<DrillRecord | undefined>;
  /** Stores a new drill (version 1). DrillConflictError('drill-running') while another one runs. */
  create(record: DrillRecord): Promise<void>;
  /** Replaces the drill with `record` (version `expectedVersion + 1`) if it is still at `expectedVersion`. */
  update(record: DrillRecord, expectedVersion: number): Promise<void>;
}
