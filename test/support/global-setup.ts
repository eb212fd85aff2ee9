/** Jest globalSetup for integration tests: one DynamoDB Local + moto pair for the whole run. */
import { startEmulators, type RunningEmulators } from '../../local/aws';

declare global {
  var __EMULATORS__: RunningEmulators | undefined;
}

export default async function globalSetup(): Promise<void> {
  const emulators = await startEmulators();
  globalThis.__EMULATORS__ = emulators;
  // Workers are forked after globalSetup and inherit this environment.
  Object.assign(process.env, emulators.env, {
    RF_TEST_DYNAMODB_ENDPOINT: emulators.endpoints.dynamodb,
    RF_TEST_MOTO_ENDPOINT: emulators.endpoints.moto,
  });
}
