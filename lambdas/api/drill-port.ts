/**
 * The drill routes' port on the drill runner: a refusal by the pre-checks, a drill already
 * running or finished, and a race lost to another change are 409s with the reason; an unknown
 * drill is a 404. Reports come from the drill record, else from the Events table (a drill whose
 * record was replaced by a later one).
 */
import { ConcurrentChangeError, FlipInProgressError } from '../failover';
import { DrillRequestError, getDrillReport, type DrillReport, type DrillRunner, type HistoryEventStore } from '../history';
import type { SignalCheckSettings } from '../platform/dns-setup';
import { ServiceRejection } from './errors';
import type { DrillsPort } from './ports';

export interface RunnerDrillsPortDeps {
  readonly runner: Pick<DrillRunner, 'start' | 'abort' | 'report'>;
  readonly events?: Pick<HistoryEventStore, 'drill'>;
  readonly signalCheck?: SignalCheckSettings;
}

async function rejecting<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof DrillRequestError) throw new ServiceRejection(err.kind === 'not-found' ? 'not_found' : 'conflict', err.message);
    if (err instanceof FlipInProgressError || err instanceof ConcurrentChangeError) throw new ServiceRejection('conflict', err.message);
    throw err;
  }
}

export class RunnerDrillsPort implements DrillsPort {
  constructor(private readonly deps: RunnerDrillsPortDeps) {}

  start(request: { readonly to: string; readonly durationMs: number; readonly reason: string; readonly actor: string }): Promise<DrillReport> {
    return rejecting(async () => {
      const result = await this.deps.runner.start({ target: request.to, durationMs: request.durationMs, reason: request.reason, actor: request.actor });
      if (!result.started)
        throw new ServiceRejection('conflict', `drill refused by the pre-checks (${result.report.code}): ${result.report.detail}`, { code: result.report.code, drill: result.report });
      return result.report;
    });
  }

  abort(id: string, request: { readonly reason: string; readonly actor: string }): Promise<DrillReport> {
    return rejecting(() => this.deps.runner.abort(id, request));
  }

  async report(id: string): Promise<DrillReport> {
    const report = (await this.deps.runner.report(id)) ?? (this.deps.events ? await getDrillReport(this.deps.events, id, this.deps.signalCheck) : undefined);
    if (report === undefined) throw new ServiceRejection('not_found', `no drill ${id}`);
    return report;
  }
}
