/**
 * `failover ui`: the signing proxy against a local stand-in for API Gateway that checks every
 * request's SigV4 signature by computing it again with the same credentials (no AWS involved).
 */
import { request as httpRequest, createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';
import { runCli } from '../../cli/main';
import { EXIT } from '../../cli/errors';
import { startSigningProxy } from '../../cli/ui';

const CREDENTIALS = { accessKeyId: 'AKIDUITEST', secretAccessKey: 'ui-secret', sessionToken: 'UI-SESSION' };
const REGION = 'eu-west-1';

class Sha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', Buffer.from(secret as string));
  }
  update(data: SourceData): void {
    this.hash.update(typeof data === 'string' ? data : Buffer.from(data as Uint8Array));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/** Recomputes the signature of a received request from the headers it says it signed. */
async function expectedAuthorization(req: IncomingMessage): Promise<string> {
  const auth = req.headers.authorization ?? '';
  const signed = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
  const amzDate = String(req.headers['x-amz-date']);
  const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  const query: Record<string, string> = {};
  url.searchParams.forEach((v, k) => (query[k] = v));
  const headers = Object.fromEntries(signed.filter((h) => !['x-amz-date', 'x-amz-security-token'].includes(h)).map((h) => [h, String(req.headers[h])]));
  const signer = new SignatureV4({ service: 'execute-api', region: REGION, credentials: CREDENTIALS, sha256: Sha256 });
  const again = await signer.sign({ method: req.method ?? 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query, headers }, { signingDate });
  return String(again.headers.authorization);
}

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly authorization: string;
  readonly valid: boolean;
  readonly token: string | undefined;
}

async function fakeApiGateway() {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    void expectedAuthorization(req).then((expected) => {
      const authorization = req.headers.authorization ?? '';
      seen.push({ method: req.method ?? '', path: req.url ?? '', authorization, valid: authorization === expected, token: req.headers['x-amz-security-token'] as string | undefined });
      if (authorization !== expected) {
        res.writeHead(403, { 'content-type': 'application/json' });
        return void res.end('{"message":"The request signature we calculated does not match"}');
      }
      if (req.url === '/v1/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=UTF-8', 'content-security-policy': "default-src 'none'" });
        return void res.end('<html>status page</html>');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url }));
    });
  });
  // 127.0.0.2: loopback, but a different host than the proxy's.
  await new Promise<void>((r) => server.listen(0, '127.0.0.2', r));
  const api = new URL(`http://127.0.0.2:${(server.address() as AddressInfo).port}/v1`);
  return { api, seen, close: () => new Promise((r) => server.close(r)) };
}

function rawGet(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('failover ui: the SigV4-signing proxy', () => {
  test('serves the page and its reads under a random prefix, each request signed correctly with the credentials', async () => {
    const gateway = await fakeApiGateway();
    const proxy = await startSigningProxy({ api: gateway.api, region: REGION, credentials: CREDENTIALS });
    try {
      expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}\/$/);
      const page = await fetch(proxy.url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toBe("default-src 'none'");
      expect(await page.text()).toBe('<html>status page</html>');
      const status = await fetch(`${proxy.url}history?limit=50`);
      expect(await status.json()).toEqual({ path: '/v1/history?limit=50' });
      expect(gateway.seen.map((s) => [s.method, s.path, s.valid, s.token])).toEqual([
        ['GET', '/v1/', true, 'UI-SESSION'],
        ['GET', '/v1/history?limit=50', true, 'UI-SESSION'],
      ]);
      expect(gateway.seen[0]!.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDUITEST\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
      );
    } finally {
      await proxy.close();
      await gateway.close();
    }
  });

  test('the stand-in really checks: a request signed with another secret key is refused', async () => {
    const gateway = await fakeApiGateway();
    const proxy = await startSigningProxy({ api: gateway.api, region: REGION, credentials: { ...CREDENTIALS, secretAccessKey: 'not-the-secret' } });
    try {
      expect((await fetch(`${proxy.url}status`)).status).toBe(403);
      expect(gateway.seen.map((s) => s.valid)).toEqual([false]);
    } finally {
      await proxy.close();
      await gateway.close();
    }
  });

  test('reads only, only to its own host name and prefix: nothing else reaches the API', async () => {
    const gateway = await fakeApiGateway();
    const proxy = await startSigningProxy({ api: gateway.api, region: REGION, credentials: CREDENTIALS });
    try {
      const post = await fetch(`${proxy.url}failover`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"to":"us-west-2","reason":"x"}' });
      expect(post.status).toBe(405);
      expect(post.headers.get('allow')).toBe('GET, HEAD');
      const origin = new URL(proxy.url).origin;
      expect((await fetch(`${origin}/status`)).status).toBe(404);
      expect((await fetch(`${origin}/wrong-secret/status`)).status).toBe(404);
      // A page on another domain resolving to 127.0.0.1 (DNS rebinding) gets nothing.
      expect(await rawGet(`${proxy.url}status`, 'evil.example.com')).toBe(403);
      expect(gateway.seen).toEqual([]);
    } finally {
      await proxy.close();
      await gateway.close();
    }
  });

  test('failover ui prints the page URL, runs until stopped, and needs an API URL and a region', async () => {
    const gateway = await fakeApiGateway();
    let out = '';
    let err = '';
    const stop = new AbortController();
    const env = { AWS_REGION: REGION, AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey, AWS_SESSION_TOKEN: CREDENTIALS.sessionToken };
    const running = runCli(['ui', '--api', gateway.api.href], { env, out: (t) => (out += t), err: (t) => (err += t), signal: stop.signal });
    try {
      for (let i = 0; i < 100 && !out.includes('status page'); i += 1) await new Promise((r) => setTimeout(r, 20));
      const url = /status page\s+(\S+)/.exec(out)?.[1];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\S+\/$/);
      expect((await fetch(`${url}status`)).status).toBe(200);
      expect(gateway.seen.at(-1)).toMatchObject({ path: '/v1/status', valid: true });
    } finally {
      stop.abort();
      expect(await running).toBe(EXIT.ok);
      await gateway.close();
    }
    expect(err).toBe('');
    const noApi = await runCli(['ui'], { env: {}, out: () => undefined, err: (t) => (err += t) });
    expect(noApi).toBe(EXIT.usage);
    expect(err).toMatch(/failover ui needs the deployed API: --api/);
    expect(await runCli(['ui', '--api', 'http://127.0.0.2:1/v1'], { env: {}, out: () => undefined, err: () => undefined })).toBe(EXIT.usage);
  });
});
