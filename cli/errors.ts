/**
 * Exit codes of `failover` (documented in docs/api.md): scripts branch on these, not on text.
 */
export const EXIT = {
  ok: 0,
  /** Anything unexpected, including a 5xx from the API. */
  failure: 1,
  /** Bad command line: unknown command or flag, missing argument. */
  usage: 2,
  /** The API refused the request (4xx other than auth): invalid input, conflict, not found. */
  rejected: 3,
  /** No API to talk to: no URL configured, connection refused, timeout. */
  unreachable: 4,
  /** The API did not accept our credentials (401/403). */
  auth: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error that ends the CLI with a specific exit code and a message for the user. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    /** The API's error body, printed as-is with --json. */
    readonly body?: unknown,
  ) {
    super(message);
  }
}

export function exitCodeForStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return EXIT.auth;
  if (status >= 400 && status < 500) return EXIT.rejected;
  return EXIT.failure;
}
