/**
 * `failover`: operate a region-failover service from a terminal. See `failover --help`,
 * `failover <command> --help` and docs/api.md (exit codes). `runCli` is the whole program with its
 * I/O injected, for tests.
 */
import { findCommand, parseCommand, requireCommand } from './args';
import { ApiClient, resolveTarget } from './client';
import { commands } from './commands';
import { offlineCommands } from './offline-commands';
import { CliError, EXIT, type ExitCode } from './errors';
import { formatNotReady } from './format-refusal';
import { commandHelp, generalHelp } from './help';
import { runUi } from './ui';

export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Terminal width for wrapped text. @default 100 */
  readonly columns?: number;
  /** `failover ui` runs until this aborts (Ctrl-C in the real program). */
  readonly signal?: AbortSignal;
}

async function run(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const found = findCommand(argv);
  if (found.name === undefined) {
    io.out(generalHelp());
    return found.help ? EXIT.ok : EXIT.usage;
  }
  if (found.name === 'help') {
    const topic = found.rest[0];
    io.out(topic === undefined ? generalHelp() : commandHelp(requireCommand(topic)));
    return EXIT.ok;
  }
  const spec = requireCommand(found.name);
  const parsed = parseCommand(spec, argv);
  if (parsed.values.help === true) {
    io.out(commandHelp(spec));
    return EXIT.ok;
  }
  const json = parsed.values.json === true;
  const offline = offlineCommands[spec.name];
  if (offline) {
    const output = offline({ args: parsed.positionals, env: io.env });
    io.out(json ? JSON.stringify(output.json, null, 2) : output.text);
    return EXIT.ok;
  }
  const flags = {
    ...(typeof parsed.values.url === 'string' ? { url: parsed.values.url } : {}),
    ...(typeof parsed.values['api-token'] === 'string' ? { token: parsed.values['api-token'] } : {}),
  };
  if (spec.name === 'ui') return runUi(parsed.values, io);
  const client = new ApiClient(resolveTarget(flags, io.env), io.env);
  const output = await commands[spec.name]!({ client, spec, positionals: parsed.positionals, values: parsed.values, columns: io.columns ?? 100 });
  io.out(json ? JSON.stringify(output.json, null, 2) : output.text);
  return EXIT.ok;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  try {
    return await run(argv, io);
  } catch (err) {
    if (err instanceof CliError) {
      const json = argv.includes('--json');
      if (json && err.body !== undefined) io.out(JSON.stringify(err.body, null, 2));
      io.err(`failover: ${err.message}`);
      const notReady = json ? undefined : formatNotReady(err.body);
      if (notReady) io.err(`\n${notReady}`);
      return err.exitCode;
    }
    io.err(`failover: unexpected error: ${(err as Error).stack ?? String(err)}`);
    return EXIT.failure;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2), {
    env: process.env,
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    columns: process.stdout.columns,
  }).then((code) => {
    process.exitCode = code;
  });
}
