/** Errors of the failover core; each message says what to do about it. */

export type ManualActionProblem = 'unknown-region' | 'not-ready' | 'pinned' | 'no-healthy-target';

/** An operator action (failover, failback, pin) was refused; nothing was changed. */
export class ManualActionError extends Error {
  override readonly name = 'ManualActionError';
  constructor(
    readonly problem: ManualActionProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface ChangeBatchProblem {
  /** Index of the change in the batch, or -1 for the batch as a whole. */
  readonly index: number;
  readonly message: string;
}

/** A Route 53 change batch failed validation; it was not sent. */
export class ChangeBatchError extends Error {
  override readonly name = 'ChangeBatchError';
  constructor(readonly problems: readonly ChangeBatchProblem[]) {
    super(
      `invalid Route 53 change batch (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems
        .map((p) => `  - ${p.index < 0 ? 'batch' : `change ${p.index}`}: ${p.message}`)
        .join('\n')}`,
    );
  }
}
