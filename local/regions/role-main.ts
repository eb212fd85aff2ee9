/**
 * One process of one simulated region in regional local mode: its checker, its controller or its
 * API (with the region's demo backend). Started by processes.ts with the environment of
 * spec.ts — the variables the stacks give the Lambdas — and built by the same wiring root
 * (lambdas/wiring.ts) from `readDeployment`, so a region's process talks to the tables through its
 * own ordered replica list, exactly as the region's Lambdas would.
 *
 * Messages: to the parent `{kind: 'ready'}` once serving; from the parent `{kind: 'demo-mode', mode}`.
 * SIGTERM stops it cleanly (a controller hands its leadership back); losing the parent stops it too.
 */
import { createApp } from '../../lambdas/api/app';
import type { DemoMode } from '../../lambdas/api/schemas';
import { ElectorLeadership } from '../../lambdas/failover/elector-leadership';
import { RecordingMetrics } from '../../lambdas/failover/metrics';
import { runChecker } from '../../lambdas/health/checker';
import type { CheckerTelemetry } from '../../lambdas/health/checker/telemetry';
import { readDeployment, type DeploymentRole } from '../../lambdas/platform/environment';
import { buildApi, buildChecker, buildClients, buildController, buildControllerElector } from '../../lambdas/wiring';
import type { ControllerLog } from '../../lambdas/failover/controller';
import { startDemoBackends } from '../demo-backends';
import { repeat } from '../scheduler';
import { serveApp } from '../serve';
import { LOCAL_ENV } from './spec';

const role = process.env[LOCAL_ENV.role] as DeploymentRole | undefined;
const stopper = new AbortController();
const cleanups: (() => Promise<unknown> | unknown)[] = [];

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

const log: ControllerLog = {
  info: (message, extra) => {
    if (/flip/.test(message)) say(`${message} ${JSON.stringify(extra ?? {})}`);
  },
  warn: (message, extra) => say(`WARN ${message} ${JSON.stringify(extra ?? {})}`),
};

function number(name: string): number | undefined {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? undefined : Number(raw);
}

let stopping: Promise<void> | undefined;
function stop(code = 0): Promise<void> {
  stopping ??= (async () => {
    stopper.abort(new Error('stopping'));
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (err) {
        say(`cleanup failed: ${(err as Error).message}`);
      }
    }
    process.exit(code);
  })();
  return stopping;
}

process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.on('disconnect', () => void stop());

function ready(): void {
  process.send?.({ kind: 'ready' });
}

async function checker(): Promise<void> {
  const deployment = readDeployment('checker');
  const clients = buildClients(deployment, { requestTimeoutMs: 1000, maxAttempts: 2 }, log);
  cleanups.push(() => clients.destroy());
  const telemetry: CheckerTelemetry = {
    probed: () => undefined,
    wrote: () => undefined,
    roundCompleted: () => undefined,
    stateChanged: (change) => say(`${change.target}: ${change.from} -> ${change.to} (${change.result.detail})`),
    problem: (p) => say(`${p.kind}: ${p.message}`),
  };
  const options = buildChecker(deployment, clients, { telemetry });
  const loop = runChecker({ ...options, signal: stopper.signal, writer: `local-checker@${deployment.region}` });
  cleanups.push(() => loop.catch(() => undefined));
  ready();
  await loop;
}

async function controller(): Promise<void> {
  const deployment = readDeployment('controller');
  const clients = buildClients(deployment, {}, log);
  cleanups.push(() => clients.destroy());
  const { leader } = deployment.config;
  const elector = buildControllerElector(deployment, clients, { candidate: `controller@${deployment.region}` });
  // A scheduled run waits long enough to take over a leader that stopped renewing, as the Lambda's does.
  const leadership = new ElectorLeadership(elector, { payload: deployment.region, patientWaitMs: leader.leaseMs * 1.5 + leader.retryMs });
  const built = buildController(deployment, clients, { leadership, metrics: new RecordingMetrics(), log });
  const everyMs = number(LOCAL_ENV.controllerEveryMs) ?? 1000;
  const loop = repeat(() => built.tick('schedule'), { everyMs, signal: stopper.signal, onError: (err) => say(`tick failed: ${(err as Error).message}`) });
  // Hand leadership back on a clean stop, so the next leader need not wait out the lease.
  cleanups.push(async () => {
    await Promise.race([loop, new Promise((r) => setTimeout(r, 3000))]);
    await elector.resign().catch(() => false);
  });
  ready();
  await loop;
}

async function api(): Promise<void> {
  const deployment = readDeployment('api');
  const clients = buildClients(deployment, {}, log);
  cleanups.push(() => clients.destroy());
  const demoPort = number(LOCAL_ENV.demoPort);
  if (demoPort !== undefined) {
    const region = deployment.region;
    const backends = await startDemoBackends([region], { slowMs: number(LOCAL_ENV.demoSlowMs) ?? 2000, flapPeriodMs: number(LOCAL_ENV.demoFlapMs) ?? 20_000, ports: { [region]: demoPort } });
    cleanups.push(() => backends.stop());
    const initial = process.env[LOCAL_ENV.demoMode] as DemoMode | undefined;
    if (initial) backends.setMode(region, initial);
    process.on('message', (message: { kind?: string; mode?: DemoMode }) => {
      if (message.kind === 'demo-mode' && message.mode) backends.setMode(region, message.mode);
    });
  }
  const services = buildApi(deployment, clients, { log });
  const app = createApp(services, { auth: { kind: 'bearer', token: process.env[LOCAL_ENV.token] ?? '' }, onServerError: (err) => say(`request failed: ${(err as Error).stack ?? String(err)}`) });
  const served = await serveApp(app, { port: number(LOCAL_ENV.apiPort) ?? 0 });
  cleanups.push(() => served.close());
  ready();
  await new Promise<void>((resolve) => stopper.signal.addEventListener('abort', () => resolve(), { once: true }));
}

const roles: Record<DeploymentRole, () => Promise<void>> = { checker, controller, api };
const run = role ? roles[role] : undefined;
if (run === undefined) {
  say(`${LOCAL_ENV.role} must be checker, controller or api, got ${JSON.stringify(role)}`);
  process.exit(2);
} else {
  run().then(
    () => stop(0),
    (err: unknown) => {
      say(`failed: ${(err as Error).stack ?? String(err)}`);
      return stop(1);
    },
  );
}
