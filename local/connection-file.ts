/**
 * Where a running local mode can be found: `.emulators/local-api.json` (git-ignored) holds the API
 * URL and the bearer token, readable only by the user, so `failover status` works with no flags.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(__dirname, '..');

export interface LocalConnection {
  readonly url: string;
  readonly token: string;
  readonly pid: number;
  readonly startedAt: string;
}

/** `FAILOVER_CONNECTION_FILE` overrides the default (tests run their own local mode). */
export function connectionFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.FAILOVER_CONNECTION_FILE ?? join(PROJECT_ROOT, '.emulators', 'local-api.json');
}

export function writeConnectionFile(file: string, connection: LocalConnection): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(connection, null, 2)}\n`, { mode: 0o600 });
}

/** The connection, or undefined when there is no (readable, well-formed) file. */
export function readConnectionFile(file: string): LocalConnection | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  const c = parsed as Partial<LocalConnection> | null;
  if (typeof c?.url !== 'string' || typeof c.token !== 'string') return undefined;
  return { url: c.url, token: c.token, pid: typeof c.pid === 'number' ? c.pid : 0, startedAt: typeof c.startedAt === 'string' ? c.startedAt : '' };
}

/** Removes the file only if it still describes this process (a newer local mode may own it). */
export function removeConnectionFile(file: string, pid = process.pid): void {
  if (readConnectionFile(file)?.pid === pid) rmSync(file, { force: true });
}
