/**
 * The checker's environment: config, checker region, table region and table names. The variable
 * names are the ones the stacks set (lib/constructs/handler-env.ts); every missing or bad variable is
 * reported at once.
 */
import { ConfigError, loadConfigFile, parseConfig, type FailoverConfig } from '../../config';
import type { TableNames } from '../../platform/tables';
import { ENV } from '../../platform/env-names';

export class CheckerEnvError extends Error {
  override readonly name = 'CheckerEnvError';
  constructor(readonly problems: readonly string[]) {
    super(`checker environment has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const TABLE_VARIABLES: Record<keyof TableNames, string> = {
  coordination: ENV.coordinationTable,
  observations: ENV.observationsTable,
  state: ENV.stateTable,
  audit: ENV.auditTable,
  events: ENV.eventsTable,
};

function value(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

/**
 * `FAILOVER_CONFIG` holds the config as a JSON document (what the stacks set) or a path to a JSON
 * file (local mode). Throws ConfigError listing every problem.
 */
export function loadConfigFromEnv(env: Env = process.env): FailoverConfig {
  const raw = value(env, ENV.config);
  if (raw === undefined) throw new ConfigError([{ path: '(root)', message: `${ENV.config} is not set: give the config as JSON or a path to a JSON file` }], ENV.config);
  if (!raw.startsWith('{')) return loadConfigFile(raw);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new ConfigError([{ path: '(root)', message: `invalid JSON: ${(err as Error).message}` }], ENV.config);
  }
  return parseConfig(json, ENV.config);
}

/** Physical table names from `COORDINATION_TABLE`, `OBSERVATIONS_TABLE`, `STATE_TABLE`, `AUDIT_TABLE`. */
export function readTableNames<K extends keyof TableNames>(env: Env, which: readonly K[]): Pick<TableNames, K> {
  const missing = which.filter((k) => value(env, TABLE_VARIABLES[k]) === undefined).map((k) => `${TABLE_VARIABLES[k]} is not set (the ${k} table name)`);
  if (missing.length > 0) throw new CheckerEnvError(missing);
  return Object.fromEntries(which.map((k) => [k, value(env, TABLE_VARIABLES[k])])) as Pick<TableNames, K>;
}

export interface CheckerEnv {
  readonly config: FailoverConfig;
  /** `CHECKER_REGION`: whose view this checker reports (`Observations.checker`). */
  readonly checkerRegion: string;
  /** `TABLE_REGION`, else `AWS_REGION`: where the Observations table (replica) is. */
  readonly tableRegion: string;
  readonly tables: Pick<TableNames, 'observations'>;
}

export function readCheckerEnv(env: Env = process.env): CheckerEnv {
  const problems: string[] = [];
  let config: FailoverConfig | undefined;
  try {
    config = loadConfigFromEnv(env);
  } catch (err) {
    problems.push(err instanceof Error ? err.message : String(err));
  }
  const checkerRegion = value(env, ENV.checkerRegion);
  if (checkerRegion === undefined) problems.push(`${ENV.checkerRegion} is not set (the region this checker reports for)`);
  else if (config !== undefined && !config.checkerRegions.includes(checkerRegion)) {
    problems.push(`${ENV.checkerRegion} ${checkerRegion} is not one of the config's checkerRegions (${config.checkerRegions.join(', ')})`);
  }
  const tableRegion = value(env, ENV.tableRegion) ?? value(env, 'AWS_REGION');
  if (tableRegion === undefined) problems.push(`${ENV.tableRegion} (or AWS_REGION) is not set (the region of the Observations table)`);
  let tables: Pick<TableNames, 'observations'> | undefined;
  try {
    tables = readTableNames(env, ['observations']);
  } catch (err) {
    problems.push(...(err instanceof CheckerEnvError ? err.problems : [String(err)]));
  }
  if (problems.length > 0 || config === undefined || checkerRegion === undefined || tableRegion === undefined || tables === undefined) throw new CheckerEnvError(problems);
  return { config, checkerRegion, tableRegion, tables };
}
