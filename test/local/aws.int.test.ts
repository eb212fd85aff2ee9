/** The emulator manager itself: it must leave no process behind. */
import { startEmulators } from '../../local/aws';
import { isAlive } from '../support/processes';

describe('startEmulators', () => {
  it('starts DynamoDB Local and moto on free loopback ports and stops both', async () => {
    const emulators = await startEmulators();
    expect(emulators.endpoints.dynamodb).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulators.endpoints.moto).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulators.env.AWS_ENDPOINT_URL_DYNAMODB).toBe(emulators.endpoints.dynamodb);
    expect(emulators.pids).toHaveLength(2);
    for (const pid of emulators.pids) expect(isAlive(pid)).toBe(true);
    await emulators.stop();
    for (const pid of emulators.pids) expect(isAlive(pid)).toBe(false);
  });
});
