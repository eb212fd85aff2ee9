/**
 * The whole service on this machine: demo backends for the app regions, a probe loop per checker
 * region, a controller per app region (ticked on a schedule and on every checker state change, as
 * the Observations stream triggers it in AWS), and the API with the status page. Emulators are
 * started by the caller (`local/main.ts`, or the test harness), so this is testable in-process.
 */
import type { AwsClients } from '../lambdas/platform/aws-clients';
import { createApp } from '../lambdas/api/app';
import { generateToken } from '../lambdas/api/auth';
import type { FailoverConfig } from '../lambdas/config';
import { systemClock, type Clock } from '../lambdas/platform/clock';
import { tableNames, type TableNames } from '../lambdas/platform/tables';
import { removeConnectionFile, writeConnectionFile } from './connection-file';
import { startDemoBackends, type DemoBackends } from './demo-backends';
import { withDemoEndpoints } from './local-config';
import { LocalDnsAnswerPort } from './dns-answer-port';
import { startLocalModeDns, type LocalModeDns } from './local-dns';
import { provisionHostedZone, provisionTables } from './provision';
import { repeat, singleFlight } from './scheduler';
import { serveApp } from './serve';
import { buildLocalServices, runLocalChecker, type WiringInput } from './wiring';

export interface LocalModeOptions {
  /** The config as written (example.com endpoints); app endpoints are replaced by demo backends. */
  readonly config: FailoverConfig;
  /** Clients pointed at DynamoDB Local and moto. */
  readonly clients: AwsClients;
  /** API port; 0 picks a free one. */
  readonly port: number;
  /** @default a fresh random token */
  readonly token?: string;
  /** Written with the URL and token for the CLI, removed on stop. */
  readonly connectionFile?: string;
  /** One line per notable event (flips, checker state changes, errors). */
  readonly log?: (line: string) => void;
  /** Controller schedule. @default min(1000, probe interval) */
  readonly controllerEveryMs?: number;
  readonly clock?: Clock;
  /** UDP and TCP port of the local Route 53 name server; 0 picks a free one. @default 0 */
  readonly dnsPort?: number;
}

export interface LocalMode {
  readonly url: string;
  readonly token: string;
  /** The config with demo endpoints, as the checkers use it. */
  readonly config: FailoverConfig;
  readonly tables: TableNames;
  readonly hostedZoneId: string;
  readonly backends: DemoBackends;
  /** Route 53's data plane: the name server answering the hosted zone as Route 53 would. */
  readonly dns: LocalModeDns;
  /** Stops everything this call started (not the emulators); safe to call twice. */
  stop(): Promise<void>;
}

/** How long stop() waits for ticks and probe rounds in flight. */
const STOP_GRACE_MS = 3000;

/** A slow demo answer misses the latency limit (or the timeout when there is none): a gray failure. */
export function slowAnswerMs(config: FailoverConfig): number {
  return Math.max(...config.appRegions.map((a) => Math.min(a.endpoint.latencyLimitMs ?? a.endpoint.timeoutMs, a.endpoint.timeoutMs) + 250));
}

export async function startLocalMode(options: LocalModeOptions): Promise<LocalMode> {
  const log = options.log ?? ((line: string) => console.log(line));
  const clock = options.clock ?? systemClock;
  const { clients } = options;
  const stopper = new AbortController();
  const cleanups: (() => Promise<void> | void)[] = [];
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      stopper.abort(new Error('local mode stopping'));
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup();
        } catch (err) {
          log(`cleanup failed: ${(err as Error).message}`);
        }
      }
    })();
    return stopped;
  };

  try {
    const original = options.config;
    await provisionTables(clients.dynamodb, original.service);
    const tables = tableNames(original.service);
    const hostedZoneId = await provisionHostedZone(clients.route53, original.dns.hostedZoneName);

    const intervalMs = original.probe.intervalSeconds * 1000;
    const backends = await startDemoBackends(
      original.appRegions.map((a) => a.region),
      { slowMs: slowAnswerMs(original), flapPeriodMs: Math.max(original.probe.failureThreshold, original.probe.recoveryThreshold) * intervalMs + intervalMs },
    );
    cleanups.push(() => backends.stop());
    const config = withDemoEndpoints(original, Object.fromEntries(backends.backends.map((b) => [b.region, b.port])));

    const controllerLog = {
      info: (message: string, extra?: Record<string, unknown>) => {
        if (/flip/.test(message)) log(`[controller] ${message} ${JSON.stringify(extra ?? {})}`);
      },
      warn: (message: string, extra?: Record<string, unknown>) => log(`[controller] WARN ${message} ${JSON.stringify(extra ?? {})}`),
    };
    const wiring: WiringInput = { config, clients, tables, hostedZoneId, clock, log: controllerLog, stopSignal: stopper.signal };
    const services = buildLocalServices(wiring);

    // Controllers: each on its own schedule, as the regional Lambdas are, and right after any checker
    // changes its mind (the Observations stream trigger). One tick at a time per controller, as one
    // Lambda container handles one event at a time; a candidate waiting for leadership never
    // delays the leader.
    const everyMs = options.controllerEveryMs ?? Math.min(1000, intervalMs);
    const loops: Promise<unknown>[] = [];
    const ticks = services.controllers.map(({ controller, region }) => {
      // A scheduled tick may wait to take over from a silent leader ('patient'); a stream-triggered
      // one must not stall ('quick'), exactly as the controller Lambda distinguishes its triggers.
      let nextTrigger: 'schedule' | 'stream' = 'schedule';
      const tick = singleFlight(async () => {
        const trigger = nextTrigger;
        nextTrigger = 'schedule';
        if (!stopper.signal.aborted) await controller.tick(trigger);
      });
      // A tick cut short by stopping is not a failure.
      const onError = (err: unknown): void => {
        if (!stopper.signal.aborted) log(`[controller ${region}] tick failed: ${(err as Error).message}`);
      };
      loops.push(repeat(() => tick(), { everyMs, signal: stopper.signal, clock, onError }));
      return () => {
        nextTrigger = 'stream';
        void tick().catch(onError);
      };
    });
    const tickAll = (): void => ticks.forEach((tick) => tick());
    for (const checker of config.checkerRegions) {
      loops.push(
        runLocalChecker({
          ...wiring,
          checker,
          signal: stopper.signal,
          telemetry: {
            probed: () => undefined,
            wrote: () => undefined,
            roundCompleted: () => undefined,
            stateChanged: (change) => {
              log(`[checker ${change.checker}] ${change.target}: ${change.from} -> ${change.to} (${change.result.detail})`);
              tickAll();
            },
            problem: (p) => log(`[checker ${checker}] ${p.kind}: ${p.message}`),
          },
        }).catch((err: Error) => log(`[checker ${checker}] stopped: ${err.message}`)),
      );
    }
    cleanups.push(async () => {
      // A tick in flight finishes its current call; do not let a slow one hold up Ctrl-C for long.
      const grace = new AbortController();
      const settled = await Promise.race([
        Promise.all(loops).then(() => true),
        clock.sleep(STOP_GRACE_MS, grace.signal).then(
          () => false,
          () => true,
        ),
      ]);
      grace.abort();
      if (!settled) log(`[local] a controller tick or probe round was still running after ${STOP_GRACE_MS} ms; stopping anyway`);
      // Hand leadership back so the next local mode need not wait out the lease.
      await Promise.all(services.controllers.map(({ elector }) => elector.resign().catch(() => false)));
    });

    const dnsAnswer = new LocalDnsAnswerPort(config.dns);
    const apiServices = services.api(backends, dnsAnswer);
    const token = options.token ?? generateToken();
    const app = createApp(apiServices, { auth: { kind: 'bearer', token }, onServerError: (err) => log(`[api] ${(err as Error).stack ?? String(err)}`) });
    const served = await serveApp(app, { port: options.port });
    cleanups.push(() => served.close());
    const dns = await startLocalModeDns({ config, route53: clients.route53, hostedZoneId, apiUrl: served.url, clock, port: options.dnsPort ?? 0, log });
    cleanups.push(() => dns.stop());
    dnsAnswer.attach(dns);
    if (options.connectionFile) {
      const file = options.connectionFile;
      writeConnectionFile(file, { url: served.url, token, pid: process.pid, startedAt: new Date(clock.wallMs()).toISOString() });
      cleanups.push(() => removeConnectionFile(file));
    }
    return { url: served.url, token, config, tables, hostedZoneId, backends, dns, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
