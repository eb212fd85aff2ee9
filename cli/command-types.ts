/**
 * What a `failover` command is given and gives back. Apart from commands.ts so that the command
 * groups in their own files (drills, history) can share the types without importing the table
 * that lists them.
 */
import type { OptionValues } from './args';
import type { ApiClient } from './client';
import type { CommandSpec } from './spec';

export interface CommandContext {
  readonly client: ApiClient;
  readonly spec: CommandSpec;
  readonly positionals: readonly string[];
  readonly values: OptionValues;
  /** Terminal width for wrapped text. */
  readonly columns: number;
}

/** What a command produced: the API's JSON (for --json) and the human text. */
export interface CommandOutput {
  readonly json: unknown;
  readonly text: string;
}

export type Command = (ctx: CommandContext) => Promise<CommandOutput>;
