/**
 * Regional local mode: every simulated region is a fault domain of its own. Each region runs its
 * checker, its controller and its API (with its demo backend) as separate OS processes, and reaches
 * the data store and Route 53 only through its own endpoints: DynamoDB Local (one strongly
 * consistent store, which is what MRSC offers) behind one TCP proxy per replica region, and moto
 * behind a control-plane proxy. Killing a region's processes and cutting its replica proxy loses
 * the region whole, as in AWS (chaos.ts).
 *
 * The operator's API on `port` (status page, operator routes, demo and chaos) belongs to no region:
 * it reaches the tables through every replica proxy, so no chaos command takes it down.
 */
import { createApp } from '../../lambdas/api/app';
import { chaosRoutes } from '../../lambdas/api/chaos-routes';
import { generateToken } from '../../lambdas/api/auth';
import type { DemoPort } from '../../lambdas/api/ports';
import type { DemoMode } from '../../lambdas/api/schemas';
import type { FailoverConfig } from '../../lambdas/config';
import { DynamoControllerStateStore } from '../../lambdas/failover/dynamodb-state-store';
import { createAwsClients, type AwsClients } from '../../lambdas/platform/aws-clients';
import type { Deployment } from '../../lambdas/platform/environment';
import { tableNames, type TableNames } from '../../lambdas/platform/tables';
import { faultDomains, replicaOrder, stackRegions } from '../../lambdas/platform/topology';
import { RecordingMetrics } from '../../lambdas/failover/metrics';
import { buildApi, buildController, createServiceLog, neverLeads } from '../../lambdas/wiring';
import { emulatorEnv, freePort, type EmulatorEndpoints } from '../aws';
import { removeConnectionFile, writeConnectionFile } from '../connection-file';
import { withDemoEndpoints } from '../local-config';
import { LocalDnsAnswerPort } from '../dns-answer-port';
import { startLocalModeDns, type LocalModeDns } from '../local-dns';
import { slowAnswerMs } from '../local-mode';
import { systemClock } from '../../lambdas/platform/clock';
import { provisionHostedZone, provisionTables } from '../provision';
import { serveApp } from '../serve';
import { LocalChaos } from './chaos';
import { startControlPlaneProxy, type ControlPlaneProxy } from './control-plane-proxy';
import { ProcessGroup } from './processes';
import { bundleRoleMain } from './role-bundle';
import { LOCAL_ENV, processSpecs } from './spec';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

export interface RegionalLocalModeOptions {
  /** The config as written (example.com endpoints); app endpoints are replaced by demo backends. */
  readonly config: FailoverConfig;
  /** DynamoDB Local and moto, started by the caller. */
  readonly emulators: EmulatorEndpoints;
  /** Operator API port; 0 picks a free one. */
  readonly port: number;
  /** @default a fresh random token */
  readonly token?: string;
  /** Written with the URL and token for the CLI, removed on stop. */
  readonly connectionFile?: string;
  readonly log?: (line: string) => void;
  /** Controller schedule. @default min(1000, probe interval) */
  readonly controllerEveryMs?: number;
  /** The local name server (UDP and TCP); 0 picks a free port. @default 0 */
  readonly dnsPort?: number;
}

export interface RegionalLocalMode {
  /** The operator API (status page, operator routes, demo, chaos). */
  readonly url: string;
  readonly token: string;
  /** The config with demo endpoints. */
  readonly config: FailoverConfig;
  readonly tables: TableNames;
  readonly hostedZoneId: string;
  /** Per regional-stack region: its API (and signal endpoint) URL. */
  readonly apiUrls: Readonly<Record<string, string>>;
  /** Per replica region: its DynamoDB proxy URL. */
  readonly replicaUrls: Readonly<Record<string, string>>;
  readonly processes: ProcessGroup;
  readonly chaos: LocalChaos;
  readonly demo: DemoPort;
  /** Route 53's data plane: the name server answering from moto with emulated health checks. */
  readonly dns: LocalModeDns;
  /** Stops everything this call started (not the emulators); safe to call twice. */
  stop(): Promise<void>;
}

/** The operator console belongs to no region: it tries replicas that serve no app traffic first. */
const CONSOLE = 'operator-console';

export async function startRegionalLocalMode(options: RegionalLocalModeOptions): Promise<RegionalLocalMode> {
  const log = options.log ?? ((line: string) => console.log(line));
  const original = options.config;
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
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
    // Provisioning talks to the emulators directly: it is the deployment, not a region.
    const direct = createAwsClients({ region: original.coordination.regions[0] ?? 'us-east-1', env: emulatorEnv(options.emulators) });
    cleanups.push(() => direct.destroy());
    await provisionTables(direct.dynamodb, original.service);
    const tables = tableNames(original.service);
    const hostedZoneId = await provisionHostedZone(direct.route53, original.dns.hostedZoneName);

    const appRegions = original.appRegions.map((a) => a.region);
    const regions = stackRegions(original);
    const demoPorts = Object.fromEntries(await Promise.all(appRegions.map(async (r) => [r, await freePort()] as const)));
    const apiPorts = Object.fromEntries(await Promise.all(regions.map(async (r) => [r, await freePort()] as const)));
    const dynamo = new URL(options.emulators.dynamodb);
    const replicas: Record<string, TcpProxy> = {};
    for (const region of original.coordination.regions) {
      replicas[region] = await startTcpProxy({ target: { host: dynamo.hostname, port: Number(dynamo.port) } });
      cleanups.push(() => replicas[region]?.close());
    }
    const probes: Record<string, Record<string, TcpProxy>> = {};
    for (const checker of original.checkerRegions) {
      probes[checker] = {};
      for (const app of appRegions) {
        const proxy = await startTcpProxy({ target: { host: '127.0.0.1', port: demoPorts[app] ?? 0 } });
        probes[checker][app] = proxy;
        cleanups.push(() => proxy.close());
      }
    }
    const route53: ControlPlaneProxy = await startControlPlaneProxy({ target: options.emulators.moto });
    cleanups.push(() => route53.close());
    const replicaUrls = Object.fromEntries(Object.entries(replicas).map(([r, p]) => [r, p.url]));

    const token = options.token ?? generateToken();
    const intervalMs = original.probe.intervalSeconds * 1000;
    const specs = processSpecs(
      original,
      {
        replicas: replicaUrls,
        route53: route53.url,
        moto: options.emulators.moto,
        demoPorts,
        probePorts: Object.fromEntries(Object.entries(probes).map(([c, byApp]) => [c, Object.fromEntries(Object.entries(byApp).map(([a, p]) => [a, p.port]))])),
        apiPorts,
      },
      {
        tables,
        hostedZoneId,
        token,
        controllerEveryMs: options.controllerEveryMs ?? Math.min(1000, intervalMs),
        demo: { slowMs: slowAnswerMs(original), flapPeriodMs: Math.max(original.probe.failureThreshold, original.probe.recoveryThreshold) * intervalMs + intervalMs },
      },
    );
    const modes: Record<string, DemoMode> = Object.fromEntries(appRegions.map((r) => [r, 'healthy' as DemoMode]));
    // A restarted region's demo backend comes back in the mode the operator last set.
    const envAtStart = (spec: { role: string; region: string }): Record<string, string> => {
      const mode = modes[spec.region];
      return spec.role === 'api' && mode !== undefined ? { [LOCAL_ENV.demoMode]: mode } : {};
    };
    const bundle = await bundleRoleMain();
    cleanups.push(() => bundle.remove());
    const processes = new ProcessGroup(specs, { log, envAtStart, entry: bundle.file });
    cleanups.push(() => processes.stopAll());
    await processes.startAll();

    // The operator console: every replica through its proxy, Route 53 through the control-plane proxy.
    const config = withDemoEndpoints(original, demoPorts);
    const consoleEnv: Record<string, string> = {
      ...emulatorEnv(options.emulators),
      AWS_ENDPOINT_URL_DYNAMODB: '',
      AWS_ENDPOINT_URL_ROUTE_53: route53.url,
      ...Object.fromEntries(Object.entries(replicaUrls).map(([r, url]) => [`AWS_ENDPOINT_URL_DYNAMODB_${r.toUpperCase().replace(/-/g, '_')}`, url])),
    };
    const consoleRegions = replicaOrder(CONSOLE, original);
    const clients: AwsClients = createAwsClients({ region: appRegions[0] ?? 'us-east-1', tableRegions: consoleRegions, env: consoleEnv });
    cleanups.push(() => clients.destroy());
    const deployment: Deployment = { config, region: appRegions[0] ?? 'us-east-1', tableRegion: consoleRegions[0] ?? '', tableRegions: consoleRegions, tables, hostedZoneId };
    const demo: DemoPort = {
      setMode(region, mode) {
        if (!(region in modes)) throw new Error(`no demo backend for ${region}`);
        modes[region] = mode;
        processes.send(`api@${region}`, { kind: 'demo-mode', mode });
      },
      modes: () => ({ ...modes }),
    };
    const store = new DynamoControllerStateStore({ documents: clients.documents, stateTable: tables.state, auditTable: tables.audit });
    const apiUrls = Object.fromEntries(regions.map((r) => [r, `http://127.0.0.1:${apiPorts[r]}`]));
    const chaos = new LocalChaos({
      regions: faultDomains(original),
      checkerRegions: original.checkerRegions,
      appRegions,
      processes,
      replicas,
      probes,
      route53,
      apiUrls,
      audit: (entry) => store.putAudit(entry),
      log,
    });
    const serviceLog = createServiceLog();
    const consoleLog = { info: () => undefined, warn: (m: string, e?: Record<string, unknown>) => log(`[operator api] WARN ${m} ${JSON.stringify(e ?? {})}`) };
    // Operator flips run here; their metrics stay in memory (no EMF lines on the console).
    const controller = buildController(deployment, clients, { leadership: neverLeads, metrics: new RecordingMetrics(), log: consoleLog });
    const dnsAnswer = new LocalDnsAnswerPort(config.dns);
    const services = { ...buildApi(deployment, clients, { demo, controller, log: consoleLog, dnsAnswer }), chaos };
    const app = createApp(services, { auth: { kind: 'bearer', token }, localRoutes: chaosRoutes, onServerError: (err) => serviceLog.logger.error('request failed', err as Error) });
    const served = await serveApp(app, { port: options.port });
    cleanups.push(() => served.close());
    // Route 53's data plane does not depend on its control plane: the name server reads moto directly,
    // and its health checks request each region's own signal endpoint, which dies with the region.
    const dns = await startLocalModeDns({ config, route53: direct.route53, hostedZoneId, apiUrl: apiUrls, clock: systemClock, port: options.dnsPort ?? 0, log });
    cleanups.push(() => dns.stop());
    dnsAnswer.attach(dns);
    if (options.connectionFile) {
      const file = options.connectionFile;
      writeConnectionFile(file, { url: served.url, token, pid: process.pid, startedAt: new Date().toISOString() });
      cleanups.push(() => removeConnectionFile(file));
    }
    return { url: served.url, token, config, tables, hostedZoneId, apiUrls, replicaUrls, processes, chaos, demo, dns, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
