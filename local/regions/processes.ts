/**
 * The OS processes of the simulated regions: one per (region, role), forked with an IPC channel so
 * each reports when it serves. They are real processes, so a chaos command that pauses (SIGSTOP),
 * crashes (SIGKILL) or stops (SIGTERM) one does exactly that; `start` brings one back with the
 * same environment (and ports).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ProcessSpec } from './spec';

export type ProcessState = 'starting' | 'running' | 'paused' | 'stopped' | 'crashed' | 'exited';

export interface ProcessView {
  readonly name: string;
  readonly region: string;
  readonly role: ProcessSpec['role'];
  readonly pid?: number;
  readonly state: ProcessState;
}

export interface ProcessGroupOptions {
  /** The JavaScript file each process runs (role-bundle.ts); without it, role-main.ts through tsx. */
  readonly entry?: string;
  /** One line per notable event and every line a process prints, prefixed with its name. */
  readonly log: (line: string) => void;
  /** Extra variables at each start (e.g. the demo backend's current mode). */
  readonly envAtStart?: (spec: ProcessSpec) => Record<string, string>;
  /** How long a process may take to report ready. @default 60000 */
  readonly readyTimeoutMs?: number;
}

export class ProcessStartError extends Error {
  override readonly name = 'ProcessStartError';
}

const ENTRY = join(__dirname, 'role-main.ts');

interface Entry {
  readonly spec: ProcessSpec;
  child?: ChildProcess;
  state: ProcessState;
  /** Set when we end it on purpose, so its exit is not reported as unexpected. */
  expectedExit?: ProcessState;
}

/** The parent's environment without anything that would point a region at another region's endpoints. */
function baseEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => e[1] !== undefined && !/^(AWS_|FAILOVER_|TABLE_|CHECKER_|COORDINATION_|OBSERVATIONS_|STATE_|AUDIT_|ALERT_|HOSTED_|LOCAL_)/.test(e[0]),
    ),
  );
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export class ProcessGroup {
  private readonly entries = new Map<string, Entry>();

  constructor(
    specs: readonly ProcessSpec[],
    private readonly options: ProcessGroupOptions,
  ) {
    for (const spec of specs) this.entries.set(spec.name, { spec, state: 'stopped' });
  }

  list(): ProcessView[] {
    return [...this.entries.values()].map((e) => ({
      name: e.spec.name,
      region: e.spec.region,
      role: e.spec.role,
      state: e.state,
      ...(e.child?.pid !== undefined && e.state !== 'stopped' && e.state !== 'crashed' && e.state !== 'exited' ? { pid: e.child.pid } : {}),
    }));
  }

  find(region: string, role: ProcessSpec['role']): ProcessView | undefined {
    return this.list().find((p) => p.region === region && p.role === role);
  }

  pids(): number[] {
    return this.list().flatMap((p) => (p.pid !== undefined ? [p.pid] : []));
  }

  /** Starts every process; one that dies before it is ready (e.g. its port was taken meanwhile) gets one more try. */
  async startAll(): Promise<void> {
    await Promise.all(
      [...this.entries.keys()].map((name) =>
        this.start(name).catch((err: unknown) => {
          this.options.log(`[${name}] ${(err as Error).message}; starting it once more`);
          return this.start(name);
        }),
      ),
    );
  }

  /** Starts a process that is not running (no-op when it is) and waits until it reports ready. */
  async start(name: string): Promise<void> {
    const entry = this.entry(name);
    if (entry.state === 'running' || entry.state === 'starting' || entry.state === 'paused') return;
    const child = fork(this.options.entry ?? ENTRY, [], {
      execArgv: this.options.entry ? ['--enable-source-maps'] : ['--import', 'tsx'],
      env: { ...baseEnv(), NODE_NO_WARNINGS: '1', ...entry.spec.env, ...(this.options.envAtStart?.(entry.spec) ?? {}) },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    entry.child = child;
    entry.state = 'starting';
    entry.expectedExit = undefined;
    const prefix = `[${name}]`;
    let partial = '';
    const lines = (chunk: Buffer): void => {
      const text = partial + chunk.toString();
      const all = text.split('\n');
      partial = all.pop() ?? '';
      for (const line of all) if (line.trim() !== '') this.options.log(`${prefix} ${line}`);
    };
    child.stdout?.on('data', lines);
    child.stderr?.on('data', lines);
    child.on('exit', (code, signal) => {
      if (entry.child !== child) return;
      const expected = entry.expectedExit;
      entry.state = expected ?? 'exited';
      if (expected === undefined) this.options.log(`${prefix} exited unexpectedly (${signal ?? `code ${code}`})`);
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new ProcessStartError(`${name} did not report ready within ${this.options.readyTimeoutMs ?? 60_000} ms`)), this.options.readyTimeoutMs ?? 60_000);
      child.on('message', (message: { kind?: string }) => {
        if (message.kind !== 'ready') return;
        clearTimeout(timer);
        if (entry.child === child && entry.state === 'starting') entry.state = 'running';
        resolve();
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new ProcessStartError(`${name} exited before it was ready (${signal ?? `code ${code}`})`));
      });
    });
  }

  /** SIGKILL: the process dies at once, mid-work (a crash, or its region going away). */
  async crash(name: string): Promise<void> {
    await this.end(name, 'SIGKILL', 'crashed');
  }

  /** SIGTERM: the process finishes what it is doing and exits. */
  async stop(name: string): Promise<void> {
    await this.end(name, 'SIGTERM', 'stopped');
  }

  /** SIGSTOP: frozen, sockets open, timers not running — a paused VM or a GC pause that never ends. */
  pause(name: string): void {
    const entry = this.entry(name);
    if (entry.state !== 'running' || !entry.child) return;
    entry.child.kill('SIGSTOP');
    entry.state = 'paused';
  }

  resume(name: string): void {
    const entry = this.entry(name);
    if (entry.state !== 'paused' || !entry.child) return;
    entry.child.kill('SIGCONT');
    entry.state = 'running';
  }

  send(name: string, message: object): void {
    const entry = this.entry(name);
    if (entry.state === 'running' && entry.child?.connected) entry.child.send(message);
  }

  async stopAll(graceMs = 5000): Promise<void> {
    await Promise.all(
      [...this.entries.keys()].map(async (name) => {
        const entry = this.entry(name);
        const child = entry.child;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        entry.expectedExit = 'stopped';
        if (entry.state === 'paused') child.kill('SIGCONT');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited(child);
        clearTimeout(timer);
      }),
    );
  }

  private async end(name: string, signal: NodeJS.Signals, as: ProcessState): Promise<void> {
    const entry = this.entry(name);
    const child = entry.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      if (entry.state !== 'stopped') entry.state = as;
      return;
    }
    entry.expectedExit = as;
    // A paused process must run to act on SIGTERM; SIGKILL needs no help.
    if (signal === 'SIGTERM' && entry.state === 'paused') child.kill('SIGCONT');
    child.kill(signal);
    await exited(child);
    entry.state = as;
  }

  private entry(name: string): Entry {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`no process ${name}; processes: ${[...this.entries.keys()].join(', ')}`);
    return entry;
  }
}
