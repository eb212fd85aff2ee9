/**
 * One request of one Route 53 checker location, with Route 53's own rules (Developer Guide, "Values
 * that you specify when you create or update health checks"), which are not the service's checker
 * rules: HTTP/HTTPS must connect within 4 s and then answer with a 2xx or 3xx status within 2 s;
 * `_STR_MATCH` checks then need the search string within the first 5,120 body bytes, received within
 * 2 more seconds; response headers over 16,384 bytes fail; HTTPS certificates are not validated;
 * TCP must connect within 10 s. Every request opens a fresh connection.
 *
 * Phase deadlines judge real sockets, so they run on real time by default (as the service's own
 * prober's do), also when the request schedule runs on an accelerated clock; tests inject a manual
 * clock to step through them.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as tcpConnect } from 'node:net';
import { systemClock, type Clock } from '../../lambdas/platform/clock';
import type { EndpointCheck } from './rules';

export interface Route53ProbeResult {
  readonly ok: boolean;
  /** One line for people: the status seen or why the request failed. */
  readonly detail: string;
}

export interface Route53Prober {
  /** Never rejects; settles by the phase deadlines whatever the endpoint does. */
  probe(check: EndpointCheck, signal?: AbortSignal): Promise<Route53ProbeResult>;
}

export const ROUTE53_LIMITS = {
  connectMs: 4000,
  statusMs: 2000,
  bodyMs: 2000,
  tcpConnectMs: 10_000,
  searchBytes: 5120,
  maxHeaderBytes: 16_384,
} as const;

export const ROUTE53_USER_AGENT = 'Amazon-Route53-Health-Check-Service (region-failover local emulation)';

interface Control {
  finish(result: Route53ProbeResult): void;
  /** Starts the next phase: the request fails with `detail` unless the phase ends within `ms`. */
  phase(ms: number, detail: string): void;
  onSettle(release: () => void): void;
}

function settleOnce(clock: Pick<Clock, 'sleep'>, signal: AbortSignal | undefined, start: (control: Control) => void): Promise<Route53ProbeResult> {
  return new Promise((resolve) => {
    const releases: (() => void)[] = [];
    let timer: AbortController | undefined;
    let settled = false;
    const finish = (result: Route53ProbeResult): void => {
      if (settled) return;
      settled = true;
      timer?.abort();
      signal?.removeEventListener('abort', onAbort);
      for (const release of releases) release();
      resolve(result);
    };
    const onAbort = (): void => finish({ ok: false, detail: 'aborted' });
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    start({
      finish,
      phase(ms, detail) {
        timer?.abort();
        const current = new AbortController();
        timer = current;
        clock.sleep(ms, current.signal).then(
          () => finish({ ok: false, detail }),
          () => undefined,
        );
      },
      onSettle(release) {
        if (settled) release();
        else releases.push(release);
      },
    });
  });
}

const isTls = (check: EndpointCheck): boolean => check.type === 'HTTPS' || check.type === 'HTTPS_STR_MATCH';
const searches = (check: EndpointCheck): boolean => check.type === 'HTTP_STR_MATCH' || check.type === 'HTTPS_STR_MATCH';

/** Route 53 sends the check's domain name as Host (with the port when it is not the scheme's default), else the IP. */
function hostHeader(check: EndpointCheck): string {
  const name = check.fqdn ?? check.host;
  return check.port === (isTls(check) ? 443 : 80) ? name : `${name}:${check.port}`;
}

function judgeBody(res: IncomingMessage, check: EndpointCheck, control: Control): void {
  const search = check.searchString ?? '';
  control.phase(ROUTE53_LIMITS.bodyMs, `body not received within ${ROUTE53_LIMITS.bodyMs} ms`);
  const chunks: Buffer[] = [];
  let length = 0;
  const judge = (): void => {
    const body = Buffer.concat(chunks, length).subarray(0, ROUTE53_LIMITS.searchBytes).toString('utf8');
    control.finish(
      body.includes(search) ? { ok: true, detail: `status ${res.statusCode}, string found` } : { ok: false, detail: `"${search}" not in the first ${ROUTE53_LIMITS.searchBytes} body bytes` },
    );
  };
  res.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    length += chunk.length;
    if (length >= ROUTE53_LIMITS.searchBytes) judge();
  });
  res.on('end', judge);
}

function probeHttp(check: EndpointCheck, clock: Pick<Clock, 'sleep'>, signal?: AbortSignal): Promise<Route53ProbeResult> {
  return settleOnce(clock, signal, (control) => {
    const tls = isTls(check);
    const sni = tls && check.enableSni && check.fqdn !== undefined ? { servername: check.fqdn } : {};
    const req = (tls ? httpsRequest : httpRequest)(
      {
        host: check.host,
        port: check.port,
        path: check.resourcePath,
        method: 'GET',
        agent: false,
        maxHeaderSize: ROUTE53_LIMITS.maxHeaderBytes,
        headers: { host: hostHeader(check), 'user-agent': ROUTE53_USER_AGENT, connection: 'close' },
        ...(tls ? { rejectUnauthorized: false, ...sni } : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        res.on('error', (err) => control.finish({ ok: false, detail: err.message }));
        if (status < 200 || status > 399) return control.finish({ ok: false, detail: `status ${status}` });
        if (searches(check)) return judgeBody(res, check, control);
        control.finish({ ok: true, detail: `status ${status}` });
      },
    );
    control.phase(ROUTE53_LIMITS.connectMs, `no TCP connection within ${ROUTE53_LIMITS.connectMs} ms`);
    req.on('socket', (socket) => socket.once('connect', () => control.phase(ROUTE53_LIMITS.statusMs, `no status within ${ROUTE53_LIMITS.statusMs} ms of connecting`)));
    // Stays attached for the request's whole life: an error after settling must not go unhandled.
    req.on('error', (err) => control.finish({ ok: false, detail: (err as NodeJS.ErrnoException).code ?? err.message }));
    control.onSettle(() => req.destroy());
    req.end();
  });
}

function probeTcp(check: EndpointCheck, clock: Pick<Clock, 'sleep'>, signal?: AbortSignal): Promise<Route53ProbeResult> {
  return settleOnce(clock, signal, (control) => {
    const socket = tcpConnect({ host: check.host, port: check.port });
    control.phase(ROUTE53_LIMITS.tcpConnectMs, `no TCP connection within ${ROUTE53_LIMITS.tcpConnectMs} ms`);
    socket.once('connect', () => control.finish({ ok: true, detail: 'connected' }));
    socket.on('error', (err) => control.finish({ ok: false, detail: (err as NodeJS.ErrnoException).code ?? err.message }));
    control.onSettle(() => socket.destroy());
  });
}

export function createRoute53Prober(options: { readonly clock?: Pick<Clock, 'sleep'> } = {}): Route53Prober {
  const clock = options.clock ?? systemClock;
  return {
    probe: (check, signal) => (check.type === 'TCP' ? probeTcp(check, clock, signal) : probeHttp(check, clock, signal)),
  };
}
