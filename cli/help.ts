/** `failover --help` and `failover <command> --help`, generated from the command table. */
import { COMMANDS, GLOBAL_OPTIONS, type CommandSpec, type OptionTable } from './spec';

const EXIT_CODES = `exit codes: 0 ok, 1 failure (incl. 5xx), 2 usage (unknown command or option, missing or malformed
argument, unknown region), 3 refused by the API (4xx: e.g. the target region is not UP, a lock is held),
4 API unreachable, 5 credentials rejected (401/403) or AWS credentials could not sign.`;

const TARGET = `target: --url/--api-token, else FAILOVER_API_URL/FAILOVER_TOKEN, else the running local mode
(.emulators/local-api.json). A non-local URL without a token is signed with SigV4 using the
standard AWS credential chain.`;

function pad(text: string, width: number): string {
  return text.padEnd(width);
}

function optionLines(table: OptionTable): string[] {
  const rows = Object.entries(table).map(([name, o]) => [`${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`, o.help] as const);
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, help]) => `  ${pad(left, width)}  ${help}`);
}

export function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'failover — operate a region-failover service',
    '',
    'usage: failover <command> [options]        failover <command> --help for its options',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${pad(c.name, width)}  ${c.summary}`),
    '',
    'options of every command:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    TARGET,
    '',
    EXIT_CODES,
    '',
  ].join('\n');
}

export function commandHelp(spec: CommandSpec): string {
  const own = Object.keys(spec.options).length > 0 ? ['', 'options:', ...optionLines(spec.options)] : [];
  return [
    `failover ${spec.name} — ${spec.summary}`,
    '',
    'usage:',
    ...spec.usage.map((u) => `  ${u}`),
    ...(spec.details ? ['', ...spec.details] : []),
    ...own,
    '',
    'options of every command:',
    ...optionLines(GLOBAL_OPTIONS),
    ...(spec.examples ? ['', 'example:', ...spec.examples.map((e) => `  ${e}`)] : []),
    '',
    EXIT_CODES,
    '',
  ].join('\n');
}
