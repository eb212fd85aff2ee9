/**
 * The Leadership port over the coordination library's LeaderElector. A Lambda invocation may not
 * wait for leadership forever: it campaigns for a bounded time (short for stream-triggered runs,
 * about a lease for scheduled ones so a silent leader is taken over) and acts only if elected. A
 * warm container that still holds the term gets it back at once.
 */
import type { LeaderElector } from '../coordination';
import type { LeadPatience, LeaderTerm, Leadership } from './leadership';

export interface ElectorLeadershipOptions {
  /** `quick` wait: enough to win a free or released leadership. @default 1000 */
  readonly quickWaitMs?: number;
  /** `patient` wait: enough to take over a silent leader (lease + retry + margin). @default 25000 */
  readonly patientWaitMs?: number;
  /** Stored on the leader record (e.g. the region). */
  readonly payload?: string;
}

export class ElectorLeadership implements Leadership {
  constructor(
    private readonly elector: Pick<LeaderElector, 'campaign' | 'current'>,
    private readonly options: ElectorLeadershipOptions = {},
  ) {}

  async leaderPresent(): Promise<boolean> {
    return (await this.elector.current()) !== undefined;
  }

  async tryLead(patience: LeadPatience = 'quick'): Promise<LeaderTerm | undefined> {
    const waitMs = patience === 'patient' ? (this.options.patientWaitMs ?? 25_000) : (this.options.quickWaitMs ?? 1000);
    const signal = AbortSignal.timeout(waitMs);
    try {
      const leadership = await this.elector.campaign({ signal, ...(this.options.payload !== undefined ? { payload: this.options.payload } : {}) });
      return { term: leadership.token, termNumber: leadership.sequence, signal: leadership.signal };
    } catch (err) {
      if (signal.aborted) return undefined;
      throw err;
    }
  }
}
