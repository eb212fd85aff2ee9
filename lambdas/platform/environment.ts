/**
 * The one place that reads the process environment. Every handler (and local mode, through the
 * same types) gets a `Deployment`: the validated config, where this process runs, which table
 * replica it talks to and the physical table names. One rule for all roles: FAILOVER_CONFIG is a
 * JSON document (what the stacks set) or a path to a JSON file (local mode), and every missing or
 * bad variable is reported at once. The names are the ones the stacks set (`ENV`, used by
 * lib/constructs/handler-env.ts).
 */
import { ConfigError, loadConfigFile, parseConfig, regionName, type FailoverConfig } from '../config';
import { ENV } from './env-names';
import type { TableNames } from './tables';

export type Env = Readonly<Record<string, string | undefined>>;

/** Which handler the environment belongs to; decides which variables are required. */
export type DeploymentRole = 'checker' | 'controller' | 'api';

export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
  constructor(readonly problems: readonly string[]) {
    super(`environment has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export interface Deployment {
  readonly config: FailoverConfig;
  /** Region this process runs in: FAILOVER_REGION, else AWS_REGION (CHECKER_REGION for a checker). */
  readonly region: string;
  /** Region of the table replica to talk to first: the first of TABLE_REGIONS, else TABLE_REGION, else `region`. */
  readonly tableRegion: string;
  /**
   * The table replicas to fail over between, in order (TABLE_REGIONS; its first is `tableRegion`).
   * @default [tableRegion]
   */
  readonly tableRegions?: readonly string[];
  /** Physical table names; a checker needs only `observations`, the others all four. */
  readonly tables: TableNames;
  /** Checkers only: whose view this checker reports (`Observations.checker`). */
  readonly checkerRegion?: string;
  /** SNS topic for flip notifications (controller, API). */
  readonly topicArn?: string;
  /** Hosted zone for `dns-update` flips: HOSTED_ZONE_ID, else `dns.hostedZoneId` of the config. */
  readonly hostedZoneId?: string;
}

const TABLE_VARIABLES: Record<keyof TableNames, string> = {
  coordination: ENV.coordinationTable,
  observations: ENV.observationsTable,
  state: ENV.stateTable,
  audit: ENV.auditTable,
  events: ENV.eventsTable,
};

/** A set, non-blank variable, trimmed; blank counts as unset. */
function value(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

/** FAILOVER_CONFIG as JSON or a file path. Throws ConfigError listing every problem. */
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

/** Physical table names from COORDINATION_TABLE, OBSERVATIONS_TABLE, STATE_TABLE, AUDIT_TABLE. */
export function readTableNames<K extends keyof TableNames>(env: Env, which: readonly K[]): Pick<TableNames, K> {
  const missing = which.filter((k) => value(env, TABLE_VARIABLES[k]) === undefined).map((k) => `${TABLE_VARIABLES[k]} is not set (the ${k} table name)`);
  if (missing.length > 0) throw new EnvironmentError(missing);
  return Object.fromEntries(which.map((k) => [k, value(env, TABLE_VARIABLES[k])])) as Pick<TableNames, K>;
}

/** TABLE_REGIONS: distinct region names, comma-separated; undefined when unset. */
function readTableRegions(env: Env, problems: string[]): string[] | undefined {
  const raw = value(env, ENV.tableRegions);
  if (raw === undefined) return undefined;
  const regions = raw.split(',').map((r) => r.trim());
  const bad = regions.filter((r) => !regionName.safeParse(r).success);
  if (bad.length > 0) problems.push(`${ENV.tableRegions} must list region names such as us-east-1, comma-separated; got ${JSON.stringify(raw)}`);
  else if (new Set(regions).size !== regions.length) problems.push(`${ENV.tableRegions} lists a region twice: ${raw}`);
  return bad.length > 0 ? undefined : regions;
}

const TABLES_OF_ROLE: Record<DeploymentRole, readonly (keyof TableNames)[]> = {
  checker: ['observations'],
  controller: ['coordination', 'observations', 'state', 'audit'],
  api: ['coordination', 'observations', 'state', 'audit'],
};

/** Reads and validates the environment of one handler role; throws EnvironmentError with every problem. */
export function readDeployment(role: DeploymentRole, env: Env = process.env): Deployment {
  const problems: string[] = [];
  let config: FailoverConfig | undefined;
  try {
    config = loadConfigFromEnv(env);
  } catch (err) {
    problems.push(err instanceof Error ? err.message : String(err));
  }
  const checkerRegion = role === 'checker' ? value(env, ENV.checkerRegion) : undefined;
  if (role === 'checker') {
    if (checkerRegion === undefined) problems.push(`${ENV.checkerRegion} is not set (the region this checker reports for)`);
    else if (config !== undefined && !config.checkerRegions.includes(checkerRegion)) {
      problems.push(`${ENV.checkerRegion} ${checkerRegion} is not one of the config's checkerRegions (${config.checkerRegions.join(', ')})`);
    }
  }
  const region = (role === 'checker' ? checkerRegion : undefined) ?? value(env, ENV.deployRegion) ?? value(env, 'AWS_REGION');
  if (region === undefined && role !== 'checker') problems.push(`${ENV.deployRegion} (or AWS_REGION) is not set (the region this function runs in)`);
  const tableRegions = readTableRegions(env, problems);
  const tableRegion = tableRegions?.[0] ?? value(env, ENV.tableRegion) ?? (role === 'checker' ? value(env, 'AWS_REGION') : region);
  if (tableRegion === undefined) problems.push(`${ENV.tableRegion} (or AWS_REGION) is not set (the region of the table replica)`);
  const single = value(env, ENV.tableRegion);
  if (tableRegions !== undefined && single !== undefined && single !== tableRegions[0]) {
    problems.push(`${ENV.tableRegion} ${single} is not the first of ${ENV.tableRegions} (${tableRegions.join(',')}); set only ${ENV.tableRegions}`);
  }
  let tables: Partial<TableNames> | undefined;
  try {
    tables = readTableNames(env, TABLES_OF_ROLE[role]);
  } catch (err) {
    problems.push(...(err instanceof EnvironmentError ? err.problems : [String(err)]));
  }
  if (problems.length > 0 || config === undefined || region === undefined || tableRegion === undefined || tables === undefined) throw new EnvironmentError(problems);
  const topicArn = value(env, ENV.topicArn);
  const hostedZoneId = value(env, ENV.hostedZoneId) ?? config.dns.hostedZoneId;
  return {
    config,
    region,
    tableRegion,
    tableRegions: tableRegions ?? [tableRegion],
    // A checker never touches the other tables; empty names make a misuse fail loudly at the first call.
    tables: { coordination: '', observations: '', state: '', audit: '', events: value(env, ENV.eventsTable) ?? '', ...tables },
    ...(checkerRegion !== undefined ? { checkerRegion } : {}),
    ...(topicArn !== undefined ? { topicArn } : {}),
    ...(hostedZoneId !== undefined ? { hostedZoneId } : {}),
  };
}
