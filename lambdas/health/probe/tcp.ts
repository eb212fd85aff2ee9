/** TCP probes: success is a completed three-way handshake; the socket is closed right away. */
import { connect, type LookupFunction } from 'node:net';
import type { HealthCheckSpec } from '../../config/schema';
import type { ProbeAttempt } from '../rules/types';
import type { Clock } from '../../platform/clock';
import { runAttempt } from './attempt';
import { classifyError } from './classify';

export interface TcpProbeOptions {
  readonly clock: Pick<Clock, 'monotonicMs'>;
  readonly lookup?: LookupFunction;
}

export function probeTcp(spec: HealthCheckSpec, options: TcpProbeOptions, signal?: AbortSignal): Promise<ProbeAttempt> {
  return runAttempt(spec, options.clock, signal, (control) => {
    const port = spec.port;
    if (port === undefined) {
      return control.finish({ ok: false, reason: 'error', detail: `TCP check of ${spec.host} has no port; set endpoint.port` });
    }
    const socket = connect({ host: spec.host, port, ...(options.lookup === undefined ? {} : { lookup: options.lookup }) });
    socket.on('error', (err) => control.finish({ ok: false, ...classifyError(err) }));
    socket.once('connect', () => control.finish({ ok: true, detail: `connected to ${spec.host}:${port}` }));
    control.onSettle(() => socket.destroy());
  });
}
