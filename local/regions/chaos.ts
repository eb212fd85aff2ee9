/**
 * Fault injection for regional local mode (the API's ChaosPort): each command breaks something real
 * — a process is signalled, a proxy stops forwarding — and `heal` undoes all of it. Every command is
 * written to the audit trail, so the status page's timeline shows what was broken and when, next to
 * the flips it caused. The faults listed are read from the current state of processes and proxies,
 * never from a separate record that could drift from them.
 */
import { randomUUID } from 'node:crypto';
import type { ChaosCommand, ChaosStateBody } from '../../lambdas/api/chaos-schemas';
import { ServiceRejection } from '../../lambdas/api/errors';
import type { Actor, ChaosPort } from '../../lambdas/api/ports';
import type { AuditEntry } from '../../lambdas/failover/state-store';
import { ROUTE53_CONTROL_PLANE_REGION } from '../../lambdas/platform/topology';
import type { ControlPlaneProxy } from './control-plane-proxy';
import type { ProcessGroup } from './processes';
import type { TcpProxy } from './tcp-proxy';

export interface LocalChaosOptions {
  /** Every region of the deployment (fault domains), in display order. */
  readonly regions: readonly string[];
  readonly checkerRegions: readonly string[];
  readonly appRegions: readonly string[];
  readonly processes: ProcessGroup;
  /** Per replica region: its DynamoDB proxy. */
  readonly replicas: Readonly<Record<string, TcpProxy>>;
  /** Per checker region, per app region: the probe path between them. */
  readonly probes: Readonly<Record<string, Readonly<Record<string, TcpProxy>>>>;
  readonly route53: ControlPlaneProxy;
  /** Per region with an API: its URL. */
  readonly apiUrls: Readonly<Record<string, string>>;
  /** Writes the audit entry of a command (best effort: a failure is logged, the fault stays injected). */
  readonly audit: (entry: AuditEntry) => Promise<void>;
  readonly log: (line: string) => void;
  readonly now?: () => number;
}

export class LocalChaos implements ChaosPort {
  private readonly lost = new Set<string>();
  private readonly since = new Map<string, number>();
  private readonly now: () => number;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: LocalChaosOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Regions killed whole and not healed yet. */
  lostRegions(): string[] {
    return [...this.lost];
  }

  async state(): Promise<ChaosStateBody> {
    const { processes, replicas, route53, apiUrls } = this.options;
    const faults = this.faults();
    // Forget the start time of faults that are gone, so a new one starts its own clock.
    for (const key of [...this.since.keys()]) if (!faults.includes(key)) this.since.delete(key);
    return {
      faults: faults.map((description) => {
        if (!this.since.has(description)) this.since.set(description, this.now());
        return { description, since: this.since.get(description) ?? this.now() };
      }),
      regions: this.options.regions.map((region) => {
        const replica = replicas[region];
        const api = apiUrls[region];
        return {
          region,
          lost: this.lost.has(region),
          processes: processes
            .list()
            .filter((p) => p.region === region)
            .map((p) => ({ role: p.role, state: p.state, ...(p.pid !== undefined ? { pid: p.pid } : {}) })),
          ...(replica ? { replica: { mode: replica.mode, latencyMs: replica.latencyMs } } : {}),
          ...(api ? { api } : {}),
        };
      }),
      route53: route53.mode === 'up' ? 'up' : route53.mode,
    };
  }

  /** One command at a time: a heal never interleaves with the kill it undoes. */
  apply(command: ChaosCommand, actor: Actor): Promise<ChaosStateBody> {
    const run = this.queue.then(() => this.applyNow(command, actor));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async applyNow(command: ChaosCommand, actor: Actor): Promise<ChaosStateBody> {
    const message = await this.execute(command);
    this.options.log(`[chaos] ${message}`);
    const entry: AuditEntry = {
      id: randomUUID(),
      kind: 'chaos',
      at: this.now(),
      actor,
      term: 0,
      reason: message,
      trigger: 'chaos',
    };
    await this.options.audit(entry).catch((err: Error) => this.options.log(`[chaos] audit entry not written: ${err.message}`));
    return { ...(await this.state()), message };
  }

  private async execute(command: ChaosCommand): Promise<string> {
    const { processes, route53 } = this.options;
    switch (command.action) {
      case 'kill-region': {
        const region = this.region(command.region);
        const names = processes
          .list()
          .filter((p) => p.region === region)
          .map((p) => p.name);
        await Promise.all(names.map((name) => processes.crash(name)));
        await this.options.replicas[region]?.setMode('refuse');
        if (region === ROUTE53_CONTROL_PLANE_REGION) await route53.setMode('down');
        this.lost.add(region);
        const parts = [
          ...new Set(
            processes
              .list()
              .filter((p) => p.region === region)
              .map((p) => p.role),
          ),
          ...(this.options.replicas[region] ? ['replica endpoint'] : []),
          ...(region === ROUTE53_CONTROL_PLANE_REGION ? ['Route 53 control plane'] : []),
        ];
        return `kill-region ${region}: ${parts.join(', ') || 'nothing of this service'} gone${this.options.appRegions.includes(region) ? ' (its demo backend with its API)' : ''}`;
      }
      case 'partition': {
        if (!this.options.checkerRegions.includes(command.checker))
          throw new ServiceRejection('conflict', `${command.checker} runs no checker; checker regions: ${this.options.checkerRegions.join(', ')}`);
        if (!this.options.appRegions.includes(command.target)) throw new ServiceRejection('conflict', `${command.target} is not an app region; app regions: ${this.options.appRegions.join(', ')}`);
        await this.options.probes[command.checker]?.[command.target]?.setMode('refuse');
        return `partition: checker ${command.checker} can no longer reach ${command.target}; the other checkers still can`;
      }
      case 'replica-down': {
        await this.replica(command.region).setMode('refuse');
        return `replica-down ${command.region}: its table replica refuses connections`;
      }
      case 'latency': {
        this.replica(command.region).setLatency(command.ms);
        return `latency ${command.region}: ${command.ms} ms added each way to its table replica`;
      }
      case 'route53': {
        await route53.setMode(command.mode);
        return `route53 ${command.mode}: Route 53's control plane ${command.mode === 'down' ? 'refuses connections' : command.mode === 'throttle' ? 'throttles every call' : 'answers 503 to every call'}`;
      }
      case 'pause-controller':
        processes.pause(this.process(command.region, 'controller'));
        return `pause-controller ${command.region}: SIGSTOP`;
      case 'resume-controller':
        processes.resume(this.process(command.region, 'controller'));
        return `resume-controller ${command.region}: SIGCONT`;
      case 'crash-controller':
        await processes.crash(this.process(command.region, 'controller'));
        return `crash-controller ${command.region}: SIGKILL`;
      case 'stop-checker':
        await processes.stop(this.process(command.region, 'checker'));
        return `stop-checker ${command.region}: stopped`;
      case 'heal':
        return this.heal();
    }
  }

  private async heal(): Promise<string> {
    const { processes, route53, replicas, probes } = this.options;
    const broken = this.faults();
    for (const proxy of [...Object.values(replicas), ...Object.values(probes).flatMap((p) => Object.values(p))]) {
      proxy.setLatency(0);
      await proxy.setMode('up');
    }
    await route53.setMode('up');
    for (const p of processes.list()) if (p.state === 'paused') processes.resume(p.name);
    await Promise.all(
      processes
        .list()
        .filter((p) => p.state !== 'running' && p.state !== 'starting')
        .map((p) => processes.start(p.name)),
    );
    this.lost.clear();
    return `heal: ${broken.length === 0 ? 'nothing was broken' : `undid ${broken.join('; ')}`}`;
  }

  /** What is broken now, one sentence each, from the live state of processes and proxies. */
  private faults(): string[] {
    const { processes, replicas, probes, route53 } = this.options;
    const out: string[] = [];
    for (const region of this.lost) out.push(`${region} lost`);
    for (const p of processes.list()) if (!this.lost.has(p.region) && p.state !== 'running' && p.state !== 'starting') out.push(`${p.name} ${p.state}`);
    for (const [region, proxy] of Object.entries(replicas)) {
      if (this.lost.has(region)) continue;
      if (proxy.mode !== 'up') out.push(`replica ${region} ${proxy.mode}`);
      if (proxy.latencyMs > 0) out.push(`replica ${region} +${proxy.latencyMs} ms`);
    }
    for (const [checker, targets] of Object.entries(probes)) for (const [target, proxy] of Object.entries(targets)) if (proxy.mode !== 'up') out.push(`partition ${checker} ↛ ${target}`);
    if (route53.mode !== 'up' && !this.lost.has(ROUTE53_CONTROL_PLANE_REGION)) out.push(`route53 ${route53.mode}`);
    return out;
  }

  private region(region: string): string {
    if (!this.options.regions.includes(region)) throw new ServiceRejection('not_found', `no region ${region} in this deployment; regions: ${this.options.regions.join(', ')}`);
    return region;
  }

  private replica(region: string): TcpProxy {
    const proxy = this.options.replicas[this.region(region)];
    if (!proxy) throw new ServiceRejection('conflict', `${region} holds no table replica; replica regions: ${Object.keys(this.options.replicas).join(', ')}`);
    return proxy;
  }

  private process(region: string, role: 'checker' | 'controller'): string {
    const found = this.options.processes.find(this.region(region), role);
    if (!found) throw new ServiceRejection('conflict', `${region} runs no ${role}`);
    return found.name;
  }
}
