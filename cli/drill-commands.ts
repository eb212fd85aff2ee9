/**
 * `failover drill start|abort|show`: practice failovers through the API (POST /drills,
 * POST /drills/{id}/abort, GET /drills/{id}). A refusal by the pre-checks is the API's 409, so the
 * CLI exits 3 with the check that failed.
 */
import { requiredOption, usageError } from './args';
import type { Command, CommandContext } from './command-types';
import { isoTime, table } from './format';
import { didYouMean } from './suggest';
import { drillDuration, type DrillReportBody } from '../lambdas/api/drill-schemas';

const ACTIONS = ['start', 'abort', 'show'];

const seconds = (s: number | null): string => (s === null ? '—' : `${s.toFixed(1)} s`);

/** The report in a few lines: where the drill stands, the RTO both ways, each step, what went wrong. */
export function formatDrill(r: DrillReportBody): string {
  const home = Object.keys(r.home)
    .filter((region) => (r.home[region] ?? 0) > 0)
    .join(', ');
  return [
    `drill ${r.id}: ${home} → ${r.target} for ${r.duration_s} s, ${r.outcome}${r.aborted ? ' (early)' : ''}: ${r.detail}`,
    `RTO out ${seconds(r.rto.out_s)}, back ${seconds(r.rto.back_s)}; traffic on target ${seconds(r.onTarget_s)}`,
    '',
    table(
      ['#', 'time', 'step', 'code'],
      r.steps.map((s) => [String(s.seq), isoTime(s.at), s.step, s.code]),
    ),
    ...(r.problems.length > 0 ? ['', 'what went wrong:', ...r.problems.map((p) => `  - ${p}`)] : []),
  ].join('\n');
}

function drillId(ctx: CommandContext, action: string): string {
  const id = ctx.positionals[1];
  if (id === undefined) throw usageError(`drill ${action} needs the drill id: failover drill ${action} <id>${action === 'abort' ? ' --reason <text>' : ''}`);
  return encodeURIComponent(id);
}

function reasonOf(ctx: CommandContext, usage: string): string {
  return requiredOption(ctx.values, 'reason', `${usage} (the reason is recorded in the audit trail)`);
}

export const drillCommands: Readonly<Record<string, Command>> = {
  async drill(ctx) {
    const action = ctx.positionals[0];
    if (action === undefined || !ACTIONS.includes(action)) {
      throw usageError(`${action === undefined ? 'missing what to do' : `unknown drill action ${JSON.stringify(action)}`}; expected start, abort or show${action ? didYouMean(action, ACTIONS) : ''}`);
    }
    if (action === 'start') {
      if (ctx.positionals.length > 1) throw usageError(`drill start takes no id; usage: ${ctx.spec.usage[0] ?? ''}`);
      const to = requiredOption(ctx.values, 'to', ctx.spec.usage[0] ?? '');
      const duration = requiredOption(ctx.values, 'duration', ctx.spec.usage[0] ?? '');
      const checked = drillDuration.safeParse(duration);
      if (!checked.success) throw usageError(`--duration ${JSON.stringify(duration)}: ${checked.error.issues[0]?.message ?? 'invalid'}`);
      const { body } = await ctx.client.request('POST', '/drills', { to, durationSeconds: checked.data / 1000, reason: reasonOf(ctx, ctx.spec.usage[0] ?? '') });
      return { json: body, text: formatDrill(body as DrillReportBody) };
    }
    if (action === 'abort') {
      const id = drillId(ctx, 'abort');
      const { body } = await ctx.client.request('POST', `/drills/${id}/abort`, { reason: reasonOf(ctx, ctx.spec.usage[1] ?? '') });
      return { json: body, text: formatDrill(body as DrillReportBody) };
    }
    const id = drillId(ctx, 'show');
    if (ctx.values.markdown === true) {
      const { body } = await ctx.client.request('GET', `/drills/${id}?format=markdown`);
      return { json: body, text: String(body).trimEnd() };
    }
    const { body } = await ctx.client.request('GET', `/drills/${id}`);
    return { json: body, text: formatDrill(body as DrillReportBody) };
  },
};
