/** Local mode checks its API port before it starts anything, so a busy port costs no emulator start. */
import { createServer } from 'node:net';
import { PortInUseError } from './serve';

/** Resolves when `port` on `host` can be bound now (0 always can); PortInUseError if not. */
export function assertPortFree(port: number, host = '127.0.0.1'): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE' || err.code === 'EACCES'
          ? new PortInUseError(`port ${port} on ${host} is ${err.code === 'EACCES' ? 'not allowed' : 'in use'}; set PORT to another port (or PORT=0 for any free one)`)
          : err,
      );
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
