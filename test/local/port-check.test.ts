/** The API port is checked before anything starts. */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { assertPortFree } from '../../local/port-check';
import { PortInUseError } from '../../local/serve';

test('a port another process listens on is refused with what to do; a free one and 0 pass', async () => {
  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  const port = (busy.address() as AddressInfo).port;
  await expect(assertPortFree(port)).rejects.toBeInstanceOf(PortInUseError);
  await expect(assertPortFree(port)).rejects.toThrow(`port ${port} on 127.0.0.1 is in use; set PORT to another port (or PORT=0 for any free one)`);
  await new Promise((r) => busy.close(r));
  await expect(assertPortFree(port)).resolves.toBeUndefined();
  await expect(assertPortFree(0)).resolves.toBeUndefined();
});
