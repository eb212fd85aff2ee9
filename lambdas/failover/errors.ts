/** Errors the controller service raises to its callers (the API maps them to HTTP statuses). */

/** 409: another flip is being applied; retry in a moment. */
export class FlipInProgressError extends Error {
  override readonly name = 'FlipInProgressError';
  constructor(readonly flipId: string) {
    super(`flip ${flipId} is in progress; retry once it completes (GET /status shows it)`);
  }
}

/** 404: the region is not one of the configured app regions. */
export class UnknownRegionError extends Error {
  override readonly name = 'UnknownRegionError';
  constructor(region: string, known: readonly string[]) {
    super(`${region} is not an app region; expected one of ${known.join(', ')}`);
  }
}

/** 409: the state changed between read and write (another operator or the controller); retry. */
export class ConcurrentChangeError extends Error {
  override readonly name = 'ConcurrentChangeError';
}

/** 502: phase 2 (DNS) of a flip failed; the intent stays recorded and the controller retries it. */
export class FlipApplyError extends Error {
  override readonly name = 'FlipApplyError';
  constructor(
    readonly flipId: string,
    cause: unknown,
  ) {
    super(`flip ${flipId}: applying to DNS failed (${(cause as Error)?.message ?? String(cause)}); the intent stays recorded and the controller rolls it forward on its next run`, { cause });
  }
}

/** The deployment lacks something a requested action needs (e.g. dns-update without a hosted zone id). */
export class ControllerConfigError extends Error {
  override readonly name = 'ControllerConfigError';
}
