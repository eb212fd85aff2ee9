/** Typed errors of the ring. Callers branch on the class (or `name`), never on message text. */

/** The member list or ring options are invalid; `problems` lists every problem found, not just the first. */
export class RingConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid ring configuration: ${problems.join('; ')}`);
    this.name = 'RingConfigError';
    this.problems = problems;
  }
}

/** A read was routed but no member of the ring is in the healthy set. */
export class NoHealthyTargetError extends Error {
  readonly key: string;

  constructor(key: string) {
    super(`no healthy member can serve a read of key ${JSON.stringify(key)}`);
    this.name = 'NoHealthyTargetError';
    this.key = key;
  }
}

/** A query to the ring is malformed: unknown member, bad slot, bad list length, unknown operation. */
export class RingQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RingQueryError';
  }
}

/**
 * A stored ring description rebuilt to a different table than the one it was
 * made from: the implementation (or its parameters) drifted, so routing would
 * disagree with whoever wrote the description.
 */
export class RingFingerprintError extends Error {
  readonly expected: string;
  readonly actual: string;

  constructor(expected: string, actual: string) {
    super(`rebuilt ring fingerprint ${actual} does not match the described ${expected}`);
    this.name = 'RingFingerprintError';
    this.expected = expected;
    this.actual = actual;
  }
}

/** An internal invariant of the table build failed: a bug, never bad input. */
export class RingInvariantError extends Error {
  constructor(message: string) {
    super(`ring invariant broken: ${message}`);
    this.name = 'RingInvariantError';
  }
}
