/**
 * Typed errors of the lock and leader-election library. Callers branch on the class (or `name`),
 * never on message text; messages say what happened and what to do about it.
 */

/** Lock or election options are invalid; `problems` lists every problem found, not just the first. */
export class LockConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid lock settings: ${problems.join('; ')}`);
    this.name = 'LockConfigError';
    this.problems = problems;
  }
}

/**
 * Why a holder must stop acting:
 * - `expired`: no renewal succeeded for a lease minus the safety margin (network trouble, a pause);
 *   another owner may take over once the full lease has passed.
 * - `taken`: the record now carries a newer token, so another owner holds it.
 * - `released`: the record was released under this grant by someone other than this handle.
 * - `missing`: the record disappeared (deleted by hand).
 */
export type LossReason = 'expired' | 'taken' | 'released' | 'missing';

const LOSS_ADVICE: Record<LossReason, string> = {
  expired: 'no renewal succeeded in time, so it may be taken over; stop acting on it and acquire again',
  taken: 'another owner holds it now; stop acting on it (fenced writes with this token are rejected)',
  released: 'it was released under this grant elsewhere; stop acting on it',
  missing: 'its record was deleted; stop acting on it and acquire again',
};

/** The holder lost (or is about to lose) the lock or leadership it held; it must stop acting. */
export class LockLostError extends Error {
  /** Human label of what was held, e.g. `lock "orders"` or `leadership of "controller"`. */
  readonly resource: string;
  readonly token: number;
  readonly reason: LossReason;

  constructor(resource: string, token: number, reason: LossReason, options?: { cause?: unknown }) {
    super(`${resource} (token ${token}) lost: ${LOSS_ADVICE[reason]}`, options);
    this.name = 'LockLostError';
    this.resource = resource;
    this.token = token;
    this.reason = reason;
  }
}

/** The holder released the lock (or resigned) itself; aborts the handle's signal so work stops. */
export class LockReleasedError extends Error {
  readonly resource: string;
  readonly token: number;

  constructor(resource: string, token: number) {
    super(`${resource} (token ${token}) was released by its holder`);
    this.name = 'LockReleasedError';
    this.resource = resource;
    this.token = token;
  }
}

/** Acquire gave up after `waitedMs`; `holder` says who held it at the last look, if anyone. */
export class LockTimeoutError extends Error {
  readonly resource: string;
  readonly waitedMs: number;
  readonly holder: { readonly owner: string; readonly token: number } | undefined;

  constructor(resource: string, waitedMs: number, holder: { owner: string; token: number } | undefined, options?: { cause?: unknown }) {
    const who = holder ? `held by ${JSON.stringify(holder.owner)} (token ${holder.token})` : 'the lock table did not answer in time';
    const hint = holder ? 'raise waitMs (a crashed holder is taken over after its lease plus the safety margin) or retry later' : 'check that the Coordination table exists and is reachable';
    super(`${resource} not acquired within ${Math.round(waitedMs)} ms: ${who}; ${hint}`, options);
    this.name = 'LockTimeoutError';
    this.resource = resource;
    this.waitedMs = waitedMs;
    this.holder = holder;
  }
}

/**
 * The lock table was busy or unreachable (throttling, a timeout, a 5xx) even after the SDK's own
 * retries. Transient: the library retries these while it still has time.
 */
export class CoordinationUnavailableError extends Error {
  constructor(operation: string, options?: { cause?: unknown }) {
    const detail = options?.cause instanceof Error ? `: ${options.cause.name}: ${options.cause.message}` : '';
    super(`lock table ${operation} failed${detail}; the library retries while the lease allows`, options);
    this.name = 'CoordinationUnavailableError';
  }
}
