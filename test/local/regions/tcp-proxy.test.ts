/** The fault proxy between a region and an endpoint: each mode breaks the link the way it says. */
import { createServer, connect, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startTcpProxy, type TcpProxy } from '../../../local/regions/tcp-proxy';

let echo: Server;
let received: string[] = [];
let proxy: TcpProxy;

/** Sends `text` and resolves with what comes back before `ms`, or the error. */
function exchange(port: number, text: string, ms = 500): Promise<{ answer: string; error?: string }> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.on('error', (err: NodeJS.ErrnoException) => resolve({ answer, error: err.code ?? err.message }));
    socket.on('close', () => resolve({ answer }));
    setTimeout(() => {
      socket.destroy();
      resolve({ answer });
    }, ms);
  });
}

beforeAll(async () => {
  echo = createServer((s) =>
    s.on('data', (d: Buffer) => {
      received.push(d.toString());
      s.write(`echo:${d.toString()}`);
    }),
  );
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  proxy = await startTcpProxy({ target: { host: '127.0.0.1', port: (echo.address() as AddressInfo).port } });
});
afterEach(async () => {
  received = [];
  proxy.setLatency(0);
  await proxy.setMode('up');
});
afterAll(async () => {
  await proxy.close();
  await new Promise((r) => echo.close(r));
});

describe('TCP fault proxy', () => {
  it('forwards both ways while up', async () => {
    expect((await exchange(proxy.port, 'hello')).answer).toBe('echo:hello');
  });

  it('refuses connections in refuse mode, on the same port again after', async () => {
    const port = proxy.port;
    await proxy.setMode('refuse');
    expect((await exchange(port, 'x')).error).toBe('ECONNREFUSED');
    await proxy.setMode('up');
    expect(proxy.port).toBe(port);
    expect((await exchange(port, 'back')).answer).toBe('echo:back');
  });

  it('accepts and never answers in blackhole mode, forwarding nothing', async () => {
    await proxy.setMode('blackhole');
    expect(await exchange(proxy.port, 'anyone?', 300)).toEqual({ answer: '' });
    expect(received).toEqual([]);
  });

  it('delivers the request but loses the answer in drop-responses mode', async () => {
    await proxy.setMode('drop-responses');
    expect((await exchange(proxy.port, 'write-1', 300)).answer).toBe('');
    expect(received).toEqual(['write-1']);
  });

  it('delays traffic by the set latency, in order', async () => {
    proxy.setLatency(150);
    const started = performance.now();
    const { answer } = await exchange(proxy.port, 'slow', 2000);
    expect(answer).toBe('echo:slow');
    // Two legs of 150 ms; a lower bound, so a loaded machine cannot fail it.
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });
});
