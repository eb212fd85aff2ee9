/**
 * What the failover controller needs from leader election: "am I the leader now, and for which
 * term?" The term fences every write the controller makes (see controller-state-store.ts); the
 * signal aborts when leadership is lost or in danger, so a flip in progress stops before its next
 * write. Implementation over the coordination library: lambdas/failover/elector-leadership.ts.
 */
export interface LeaderTerm {
  /** Strictly greater than every earlier term; stored as the fence on the State table. */
  readonly term: number;
  /** The term's number for people: 1, 2, 3, … per change of leader (no gaps); absent when the leadership cannot tell. */
  readonly termNumber?: number;
  readonly signal: AbortSignal;
}

/**
 * `quick`: return at once unless leadership is held or free (a stream-triggered run must not stall).
 * `patient`: also wait long enough to take over from a leader that stopped renewing (scheduled runs,
 * so a crashed leader's region is replaced within one schedule period).
 */
export type LeadPatience = 'quick' | 'patient';

export interface Leadership {
  /** This process's leadership if it holds it or can win it within a bounded wait; undefined otherwise. */
  tryLead(patience?: LeadPatience): Promise<LeaderTerm | undefined>;
  /**
   * Whether some controller (any region) holds an unreleased leader record, as this region sees it.
   * Feeds the LeaderPresent metric behind the "no leader" alarm; optional for test doubles.
   */
  leaderPresent?(): Promise<boolean>;
}
