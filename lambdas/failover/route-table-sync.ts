/**
 * Keeps the versioned route table (docs/traffic.md) in step with the controller's active set.
 * Called after every completed flip and on every leader tick that holds, so a table that is
 * missing (first run), corrupt, or left behind by a failed publish is repaired on the next tick.
 *
 * Every publish is fenced with the writer's term (the store keeps it with the table, as the
 * controller state item keeps its `fenceTerm`), so once a newer leader has published, a deposed
 * leader's late publish is refused by the store; and it carries the version of the controller state the table was built from, so a
 * writer of the same term that paused with an older state (an operator whose flip was followed by
 * another) is refused too: route tables never go backwards in state version. Publishing never throws: the flip it follows has already happened and must not be
 * undone or reported as failed because the table could not be written.
 */
import type { FailoverConfig } from '../config/schema';
import type { TrafficSplit } from './rules';
import type { Clock } from '../platform/clock';
import { OutdatedRouteTableSourceError, RouteTableFencedError, routeTableChangeFromActiveSet, StaleRouteTableVersionError, updateRouteTable, type RouteTableStore } from '../keyrouting';

export interface RouteTableSyncLog {
  warn(message: string, extra?: Record<string, unknown>): void;
}

export interface RouteTableSyncRequest {
  /** The controller's active set (`ControllerState.traffic` or a completed flip's target). */
  readonly traffic: TrafficSplit;
  /** The version of the controller state `traffic` was read from (with it, one consistent pair). */
  readonly stateVersion: number;
  /** The writer's leader term (operators: the stored term their intent carried). */
  readonly term: number;
  readonly by: string;
  readonly reason: string;
}

export type RouteTableSyncResult =
  | { readonly outcome: 'published'; readonly version: number }
  | { readonly outcome: 'unchanged'; readonly version: number }
  /**
   * `fenced`: a newer leader published; `outdated`: a table built from a newer controller state is
   * in place; `conflict`: another writer published first; `failed`: anything else. The next leader
   * tick repairs the table from fresh state.
   */
  | { readonly outcome: 'fenced' | 'outdated' | 'conflict' | 'failed'; readonly detail: string };

export interface RouteTableSyncDeps {
  readonly store: RouteTableStore;
  readonly config: Pick<FailoverConfig, 'policy' | 'routing'>;
  readonly clock: Pick<Clock, 'wallMs'>;
  readonly log?: RouteTableSyncLog;
}

export class RouteTableSync {
  constructor(private readonly deps: RouteTableSyncDeps) {}

  /**
   * Publishes the table for `request.traffic` if it differs from the stored one (no version bump
   * otherwise). One attempt: a lost race is not retried with what may now be an outdated active
   * set; the next tick decides again from fresh controller state.
   */
  async sync(request: RouteTableSyncRequest): Promise<RouteTableSyncResult> {
    const { store, config, clock, log } = this.deps;
    try {
      const result = await updateRouteTable(
        store,
        routeTableChangeFromActiveSet(config, { weights: request.traffic, at: clock.wallMs(), by: request.by, reason: request.reason }),
        // The controller owns the table: a corrupt head is replaced rather than left failing every reader.
        { fence: { term: request.term }, sourceVersion: request.stateVersion, replaceCorrupt: true },
      );
      return { outcome: result.changed ? 'published' : 'unchanged', version: result.table.version };
    } catch (err) {
      const detail = (err as Error).message;
      const outcome = err instanceof RouteTableFencedError ? 'fenced' : err instanceof OutdatedRouteTableSourceError ? 'outdated' : err instanceof StaleRouteTableVersionError ? 'conflict' : 'failed';
      log?.warn('route table publish failed; the next leader tick retries', { outcome, term: request.term, error: detail });
      return { outcome, detail };
    }
  }
}
