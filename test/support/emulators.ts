/**
 * Per-test-file access to the shared emulators started by global-setup.ts. `useEmulators()` resets
 * emulator state before the file's tests (integration files run one at a time) and hands out real
 * SDK clients pointed at DynamoDB Local and moto.
 */
import { createAwsClients, type AwsClients } from '../../lambdas/platform/aws-clients';
import { resetMoto } from '../../local/aws';
import { deleteAllTables, provisionTables } from '../../local/provision';
import { tableNames, type TableNames } from '../../lambdas/platform/tables';

export interface EmulatorContext {
  readonly clients: AwsClients;
  readonly endpoints: { readonly dynamodb: string; readonly moto: string };
  /** Creates the service's tables (from the shared definitions) and returns their names. */
  provisionTables(service?: string): Promise<TableNames>;
}

export function emulatorEndpoints(): { dynamodb: string; moto: string } {
  const dynamodb = process.env.RF_TEST_DYNAMODB_ENDPOINT;
  const moto = process.env.RF_TEST_MOTO_ENDPOINT;
  if (!dynamodb || !moto) throw new Error('emulators not started: run integration tests with jest.integration.config.js');
  return { dynamodb, moto };
}

export function useEmulators(region = 'us-east-1'): EmulatorContext {
  const endpoints = emulatorEndpoints();
  const clients = createAwsClients({ region });
  beforeAll(async () => {
    await Promise.all([resetMoto(endpoints.moto), deleteAllTables(clients.dynamodb)]);
  });
  afterAll(() => clients.destroy());
  return {
    clients,
    endpoints,
    async provisionTables(service = 'test-svc') {
      await provisionTables(clients.dynamodb, service);
      return tableNames(service);
    },
  };
}
