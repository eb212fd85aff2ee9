/**
 * `npm run local`: the whole service on this machine against open emulators. Starts DynamoDB Local
 * and moto server, provisions the tables and hosted zone from the same definitions the CDK stacks
 * use, prints where everything is, and stops everything it started on Ctrl-C.
 */
import { resolve } from 'node:path';
import { ConfigError, loadConfigFile } from '../lambdas/config';
import { createAwsClients } from '../lambdas/adapters/aws-clients';
import { startEmulators } from './aws';
import { provisionHostedZone, provisionTables } from './provision';

async function main(): Promise<void> {
  const configFile = resolve(process.env.FAILOVER_CONFIG ?? 'failover.config.json');
  const config = loadConfigFile(configFile);
  console.log(`region-failover local mode — config ${configFile}`);
  const emulators = await startEmulators();
  const clients = createAwsClients({ region: config.coordination.regions[0] ?? 'us-east-1', env: emulators.env });
  let stopping = false;
  const shutdown = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    clients.destroy();
    await emulators.stop();
    console.log('stopped DynamoDB Local and moto server');
    process.exit(code);
  };
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  const tables = await provisionTables(clients.dynamodb, config.service);
  const zoneId = await provisionHostedZone(clients.route53, config.dns.hostedZoneName);
  console.log(`DynamoDB Local  ${emulators.endpoints.dynamodb}  tables: ${Object.values(tables).join(', ')}`);
  console.log(`moto server     ${emulators.endpoints.moto}  hosted zone ${config.dns.hostedZoneName} (${zoneId})`);
  console.log('Press Ctrl-C to stop.');
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
