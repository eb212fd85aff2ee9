/**
 * Command-line parsing on node:util parseArgs, in two passes: first find the command (knowing
 * every option's type, so `--to us-west-2` is not mistaken for a command), then read the command's
 * own options. Every mistake is a usage error (exit 2) that names it and suggests the closest
 * valid spelling.
 */
import { parseArgs } from 'node:util';
import { CliError, EXIT } from './errors';
import { COMMANDS, GLOBAL_OPTIONS, type CommandSpec, type OptionTable } from './spec';
import { didYouMean } from './suggest';

export type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

export interface ParsedCommand {
  readonly spec: CommandSpec;
  readonly positionals: readonly string[];
  readonly values: OptionValues;
}

export function usageError(message: string): CliError {
  return new CliError(EXIT.usage, message);
}

type ParseArgsOptions = Record<string, { type: 'string' | 'boolean'; short?: string }>;

function parseOptions(table: OptionTable): ParseArgsOptions {
  return Object.fromEntries(Object.entries(table).map(([name, o]) => [name, { type: o.type, ...(o.short ? { short: o.short } : {}) }]));
}

function tokensOf(argv: readonly string[], table: OptionTable) {
  return parseArgs({ args: [...argv], options: parseOptions(table), strict: false, allowPositionals: true, tokens: true });
}

/** Every option any command knows, so values are consumed the same way in the first pass. */
function allOptions(): OptionTable {
  return Object.assign({}, GLOBAL_OPTIONS, ...COMMANDS.map((c) => c.options)) as OptionTable;
}

/** The command word (first positional), or undefined; plus whether --help/-h was given. */
export function findCommand(argv: readonly string[]): { readonly name?: string; readonly help: boolean; readonly rest: readonly string[] } {
  const { positionals, values } = tokensOf(argv, allOptions());
  const [name, ...rest] = positionals;
  return { ...(name !== undefined ? { name } : {}), help: values.help === true, rest };
}

/** The command named `name`, or a usage error suggesting the closest one. */
export function requireCommand(name: string): CommandSpec {
  const spec = COMMANDS.find((c) => c.name === name);
  if (spec) return spec;
  throw usageError(
    `unknown command ${JSON.stringify(name)}${didYouMean(
      name,
      COMMANDS.map((c) => c.name),
    )}; run failover --help for the list`,
  );
}

/** Options and positionals of one command; unknown or malformed options are usage errors. */
export function parseCommand(spec: CommandSpec, argv: readonly string[]): ParsedCommand {
  const table: OptionTable = { ...GLOBAL_OPTIONS, ...spec.options };
  const { tokens = [], values, positionals } = tokensOf(argv, table);
  const known = Object.keys(table).map((n) => `--${n}`);
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = table[token.name];
    if (option === undefined) {
      throw usageError(
        `unknown option ${token.rawName} for failover ${spec.name}${didYouMean(token.rawName.startsWith('--') ? token.rawName : `--${token.name}`, known)}; see failover ${spec.name} --help`,
      );
    }
    if (option.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('--')))) {
      throw usageError(`${token.rawName} needs a value: ${token.rawName} ${option.value ?? '<value>'}`);
    }
    if (option.type === 'boolean' && token.value !== undefined) {
      throw usageError(`${token.rawName} takes no value`);
    }
  }
  const [, ...rest] = positionals;
  if (rest.length > spec.maxPositionals) {
    const extra = rest.slice(spec.maxPositionals);
    throw usageError(`unexpected argument${extra.length > 1 ? 's' : ''} ${extra.map((a) => JSON.stringify(a)).join(' ')} for failover ${spec.name}; usage: ${spec.usage.join(' | ')}`);
  }
  return { spec, positionals: rest, values: values as OptionValues };
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function requiredOption(values: OptionValues, name: string, usage: string): string {
  const v = stringOption(values, name);
  if (v === undefined || v.trim() === '') throw usageError(`--${name} is required: ${usage}`);
  return v;
}

/** A whole number in [min, max], or undefined when the option is absent. */
export function intOption(values: OptionValues, name: string, range: { readonly min: number; readonly max: number }): number | undefined {
  const v = stringOption(values, name);
  if (v === undefined) return undefined;
  const n = /^\d+$/.test(v.trim()) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max) {
    throw usageError(`--${name} expects a whole number from ${range.min} to ${range.max}, got ${JSON.stringify(v)}`);
  }
  return n;
}
