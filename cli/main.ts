/**
 * `failover`: operate a region-failover service from a terminal. See `failover --help` and
 * docs/api.md (exit codes). `runCli` is the whole program with its I/O injected, for tests.
 */
import { parseArgs } from 'node:util';
import { ApiClient, resolveTarget } from './client';
import { commands } from './commands';
import { offlineCommands } from './offline-commands';
import { CliError, EXIT, type ExitCode } from './errors';

export const HELP = `failover — operate a region-failover service

usage: failover <command> [args] [--json] [--url URL] [--api-token TOKEN]

commands:
  status                                   regions, verdicts, active set, leader, pin, last flip
  failover --to <region> [--reason text]   move traffic to a region now
  failback [--reason text]                 return traffic per policy
  pin <region> [--reason text]             keep traffic on a region; automatic flips stop
  unpin [--reason text]                    remove the pin
  history [--limit n] [--cursor c]         audit trail, newest first
  locks show <name>
  locks acquire <name> [--owner o] [--lease-ms n] [--wait-ms n]
  locks renew <name> --token n [--lease-ms n]
  locks release <name> --token n
  demo break|heal|slow|flap <region>       local mode only: switch a demo backend
  topology [config.json]                   region-loss matrix of a config (no API needed)
  chaos [status]                           local mode only: faults in force, state of each region
  chaos kill-region|replica-down <region>  local mode only: lose a region whole / its replica
  chaos partition <checker> <target>       local mode only: one checker cannot reach one target
  chaos latency <region> <ms>              local mode only: slow a region's replica
  chaos route53 down|throttle|errors       local mode only: break Route 53's control plane
  chaos pause-|resume-|crash-controller <region>, chaos stop-checker <region>, chaos heal

target: --url/--api-token, else FAILOVER_API_URL/FAILOVER_TOKEN, else the running local mode
(.emulators/local-api.json). A non-local URL without a token is signed with SigV4 using the
standard AWS credential chain.

exit codes: 0 ok, 1 failure (incl. 5xx), 2 usage, 3 refused by the API (4xx), 4 API unreachable,
5 credentials rejected (401/403).
`;

export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const json = argv.includes('--json');
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        url: { type: 'string' },
        'api-token': { type: 'string' },
        token: { type: 'string' },
        to: { type: 'string' },
        reason: { type: 'string' },
        limit: { type: 'string' },
        cursor: { type: 'string' },
        owner: { type: 'string' },
        'lease-ms': { type: 'string' },
        'wait-ms': { type: 'string' },
      },
    }).valueOf() as { values: Record<string, string | boolean | undefined>; positionals: string[] };
    const [name, ...args] = positionals;
    if (values.help || name === undefined || name === 'help') {
      io.out(HELP);
      return name === undefined && !values.help ? EXIT.usage : EXIT.ok;
    }
    const offline = offlineCommands[name];
    if (offline) {
      const output = offline({ args, env: io.env });
      io.out(json ? JSON.stringify(output.json, null, 2) : output.text);
      return EXIT.ok;
    }
    const command = commands[name];
    if (!command) throw new CliError(EXIT.usage, `unknown command ${JSON.stringify(name)}; run failover --help`);
    const target = resolveTarget({ ...(typeof values.url === 'string' ? { url: values.url } : {}), ...(typeof values['api-token'] === 'string' ? { token: values['api-token'] } : {}) }, io.env);
    const output = await command({ client: new ApiClient(target, io.env), args, options: values });
    io.out(json ? JSON.stringify(output.json, null, 2) : output.text);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CliError) {
      if (json && err.body !== undefined) io.out(JSON.stringify(err.body, null, 2));
      io.err(`failover: ${err.message}`);
      return err.exitCode;
    }
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.err(`failover: ${(err as Error).message}; run failover --help`);
      return EXIT.usage;
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
  }).then((code) => {
    process.exitCode = code;
  });
}
