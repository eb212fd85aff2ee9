/**
 * `npm run local`: the whole service on this machine against open emulators. Starts DynamoDB Local
 * and moto server, provisions the tables and hosted zone from the same definitions the CDK stacks
 * use, then every simulated region as a fault domain of its own — its checker, controller and API
 * (with its demo backend) as OS processes, its own replica and control-plane endpoints
 * (regions/regional-mode.ts) — and the operator API with the status page and chaos commands; prints
 * the status page URL and the operator token, and stops everything it started on Ctrl-C.
 *
 * Environment: FAILOVER_CONFIG (config file, default failover.config.json), PORT (API port,
 * default 8787; 0 = any free port), DNS_PORT (local name server, default 8053; 0 = any free port),
 * FAILOVER_CONNECTION_FILE (where the CLI finds the API).
 */
import { resolve } from 'node:path';
import { ConfigError, loadConfigFile } from '../lambdas/config';
import { assertSurvivesRegionLoss, RegionLossError, regionLossWarnings } from '../lambdas/platform/topology';
import { startEmulators, type RunningEmulators } from './aws';
import { connectionFilePath } from './connection-file';
import { startRegionalLocalMode, type RegionalLocalMode } from './regions/regional-mode';
import { nodeSupportNote, quietSdkNodeWarning } from './node-support';
import { assertPortFree } from './port-check';
import { PortInUseError } from './serve';
import { PortSettingError, dnsPortFrom, portFrom } from './settings';

function stamp(line: string): void {
  console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);
}

async function main(): Promise<void> {
  quietSdkNodeWarning();
  const configFile = resolve(process.env.FAILOVER_CONFIG ?? 'failover.config.json');
  const config = loadConfigFile(configFile);
  const port = portFrom(process.env);
  const dnsPort = dnsPortFrom(process.env);
  // Before the emulators: a busy port should cost nothing to find out.
  await assertPortFree(port);
  console.log(`region-failover local mode — config ${configFile}`);
  const note = nodeSupportNote();
  if (note) console.log(note);
  // As synth does: refuse a topology in which losing one region blocks failing over away from it.
  for (const warning of regionLossWarnings(assertSurvivesRegionLoss(config))) console.log(`warning: ${warning}`);
  const emulators: RunningEmulators = await startEmulators();
  let local: RegionalLocalMode | undefined;
  let stopping = false;
  const shutdown = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    await local?.stop();
    await emulators.stop();
    console.log('stopped the regions (checkers, controllers, APIs, demo backends), their proxies, the operator API, DynamoDB Local and moto server');
    process.exit(code);
  };
  // local/aws.ts kills the emulators on a signal; replace that with an orderly stop of everything.
  // Ctrl-C, `kill -INT <pid>` (this process, or `npm run local`, which passes it on), SIGTERM and a
  // closed terminal all stop the same way.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown(0));
  }

  try {
    local = await startRegionalLocalMode({ config, emulators: emulators.endpoints, port, dnsPort, connectionFile: connectionFilePath(), log: stamp });
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    await shutdown(1);
    return;
  }
  console.log(`DynamoDB Local  ${emulators.endpoints.dynamodb}  tables: ${Object.values(local.tables).join(', ')}`);
  for (const [region, url] of Object.entries(local.replicaUrls)) console.log(`replica         ${region}  ${url}  (proxy to DynamoDB Local)`);
  console.log(`moto server     ${emulators.endpoints.moto}  hosted zone ${config.dns.hostedZoneName} (${local.hostedZoneId}); Route 53 through a control-plane proxy`);
  for (const app of local.config.appRegions) console.log(`demo backend    ${app.region}  http://127.0.0.1:${app.endpoint.port ?? ''}${app.endpoint.path}`);
  for (const [region, url] of Object.entries(local.apiUrls)) console.log(`region API      ${region}  ${url}  (signal: ${url}/signal/<region>)`);
  console.log(`checkers        ${config.checkerRegions.join(', ')} (every ${config.probe.intervalSeconds} s)`);
  console.log(`DNS             127.0.0.1 port ${local.dns.port} (UDP and TCP), answering ${config.dns.hostedZoneName} as Route 53 would`);
  console.log(`                dig @127.0.0.1 -p ${local.dns.port} ${config.dns.recordName} ${config.dns.recordType}`);
  console.log(`processes       ${describeProcesses(process.pid, emulators.pids)}`);
  console.log(`region procs    ${local.processes.pids().join(' ')}`);
  console.log('');
  console.log(`status page     ${local.url}/`);
  console.log(`API             ${local.url}  (OpenAPI: ${local.url}/openapi.json)`);
  console.log(`operator token  ${local.token}`);
  console.log(`                (also in ${connectionFilePath()}; the failover CLI reads it: npx failover status)`);
  const first = config.appRegions[0]?.region ?? '<region>';
  console.log(`try             npx failover demo break ${first}   or   npx failover chaos kill-region ${first}   — then watch the status page`);
  console.log('Press Ctrl-C to stop.');
}

/** `local mode 123 (kill -INT 123 stops everything), DynamoDB Local 124, moto server 125`. */
function describeProcesses(self: number, emulatorPids: readonly number[]): string {
  const [dynamodb, moto] = emulatorPids;
  return [`local mode ${self} (kill -INT ${self} stops everything)`, ...(dynamodb ? [`DynamoDB Local ${dynamodb}`] : []), ...(moto ? [`moto server ${moto}`] : [])].join(', ');
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof PortSettingError || err instanceof PortInUseError || err instanceof RegionLossError ? err.message : err);
  process.exit(1);
});
