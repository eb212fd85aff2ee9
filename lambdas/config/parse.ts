/**
 * Parses and validates a failover config, reporting every problem at once with the path and the
 * value received, e.g. `appRegions[1].endpoint.port: expected 1–65535, got 70000`.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { failoverConfigSchema, type FailoverConfig } from './schema';

export interface ConfigProblem {
  /** Dotted path with array indices, e.g. `appRegions[1].endpoint.port`; `(root)` for the whole document. */
  readonly path: string;
  readonly message: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly problems: readonly ConfigProblem[],
    readonly source = 'config',
  ) {
    super(`${source} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n')}`);
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join('');
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  // JSON has no text for functions and symbols; their own toString names them.
  if (typeof value === 'function' || typeof value === 'symbol') return value.toString();
  const text: string | undefined = JSON.stringify(value);
  if (text === undefined) return 'a value with no JSON form';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** Turns one zod issue into a sentence that says what was expected and what arrived. */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): ConfigProblem {
  const path = formatPath(issue.path);
  // A probe header value may be a credential: never echo it into synth output or logs.
  if (issue.path[issue.path.length - 2] === 'headers') return { path, message: issue.message };
  const received = valueAt(input, issue.path);
  switch (issue.code) {
    case 'too_small':
    case 'too_big': {
      const bounds = numericBounds(issue.path);
      if (issue.origin === 'number' && bounds) return { path, message: `expected ${bounds}, got ${describeValue(received)}` };
      if (issue.origin === 'array') return { path, message: `${issue.message}, got ${Array.isArray(received) ? received.length : 0} item(s)` };
      return { path, message: `${issue.message}, got ${describeValue(received)}` };
    }
    case 'invalid_type':
      return { path, message: `expected ${issue.expected}, got ${received === undefined ? 'nothing (required)' : describeValue(received)}` };
    case 'unrecognized_keys':
      return { path, message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` };
    case 'invalid_value':
      return { path, message: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}, got ${describeValue(received)}` };
    case 'invalid_union':
      return { path, message: `${issue.message}, got ${describeValue(received)}` };
    default:
      return { path, message: `${issue.message}, got ${describeValue(received)}` };
  }
}

/** For a number check, read "min–max" off the schema so the message shows the whole allowed range. */
function numericBounds(path: readonly PropertyKey[]): string | undefined {
  const node = schemaAt(failoverConfigSchema, path);
  if (!(node instanceof z.ZodNumber)) return undefined;
  const { minValue: min, maxValue: max } = node;
  const finite = (v: number | null): v is number => v !== null && Number.isFinite(v);
  if (finite(min) && finite(max)) return `${min}–${max}`;
  if (finite(min)) return `at least ${min}`;
  if (finite(max)) return `at most ${max}`;
  return undefined;
}

function unwrap(node: z.ZodType): z.ZodType {
  let current = node;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodNullable) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

function schemaAt(root: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let node: z.ZodType | undefined = root;
  for (const key of path) {
    if (node === undefined) return undefined;
    node = unwrap(node);
    if (node instanceof z.ZodObject) node = (node.shape as Record<string, z.ZodType>)[String(key)];
    else if (node instanceof z.ZodArray) node = node.element as z.ZodType;
    else if (node instanceof z.ZodRecord) node = node.valueType as z.ZodType;
    else return undefined;
  }
  return node === undefined ? undefined : unwrap(node);
}

/** Validates unknown input; throws ConfigError listing every problem. */
export function parseConfig(input: unknown, source = 'config'): FailoverConfig {
  const result = failoverConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => describeIssue(issue, input));
  throw new ConfigError(dedupe(problems), source);
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.path}\u0000${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Reads a JSON config file; a syntax error is reported as a ConfigError too. */
export function loadConfigFile(file: string): FailoverConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([{ path: '(root)', message: `cannot read ${file}: ${(err as Error).message}` }], file);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError([{ path: '(root)', message: `invalid JSON: ${(err as Error).message}` }], file);
  }
  return parseConfig(json, file);
}
