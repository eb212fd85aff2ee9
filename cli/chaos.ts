/**
 * `failover chaos …`: fault injection in regional local mode (POST /chaos), and what is broken now
 * (GET /chaos). Refused before any request when the target is not a local API: a deployed service
 * has no chaos, and must never be sent such a command.
 */
import type { ChaosCommand, ChaosStateBody } from '../lambdas/api/chaos-schemas';
import type { ApiClient } from './client';
import { CliError, EXIT } from './errors';

/** What the command needs of commands.ts's CommandContext (not imported from there: it imports this file). */
interface ChaosContext {
  readonly client: ApiClient;
  readonly positionals: readonly string[];
}

export const CHAOS_USAGE = `failover chaos [status]
failover chaos kill-region <region>
failover chaos partition <checker-region> <target-region>
failover chaos replica-down <region>
failover chaos latency <region> <ms>
failover chaos route53 down|throttle|errors
failover chaos pause-controller|resume-controller|crash-controller <region>
failover chaos stop-checker <region>
failover chaos heal`;

const REGION_ACTIONS = ['kill-region', 'replica-down', 'pause-controller', 'resume-controller', 'crash-controller', 'stop-checker'] as const;

function usage(message: string): CliError {
  return new CliError(EXIT.usage, `${message}\nusage:\n${CHAOS_USAGE.replace(/^/gm, '  ')}`);
}

function arg(ctx: ChaosContext, index: number, what: string): string {
  const value = ctx.positionals[index];
  if (value === undefined) throw usage(`missing ${what}`);
  return value;
}

/** The command line as a chaos command (validated again by the API). */
export function parseChaos(ctx: ChaosContext): ChaosCommand | undefined {
  const action = ctx.positionals[0];
  if (action === undefined || action === 'status') return undefined;
  if ((REGION_ACTIONS as readonly string[]).includes(action)) return { action: action as (typeof REGION_ACTIONS)[number], region: arg(ctx, 1, 'region') };
  switch (action) {
    case 'partition':
      return { action, checker: arg(ctx, 1, 'checker region'), target: arg(ctx, 2, 'target region') };
    case 'latency': {
      const ms = arg(ctx, 2, 'milliseconds');
      if (!/^\d+$/.test(ms)) throw usage(`latency expects whole milliseconds, got ${JSON.stringify(ms)}`);
      return { action, region: arg(ctx, 1, 'region'), ms: Number(ms) };
    }
    case 'route53': {
      const mode = arg(ctx, 1, 'mode (down, throttle or errors)');
      if (mode !== 'down' && mode !== 'throttle' && mode !== 'errors') throw usage(`route53 mode must be down, throttle or errors, got ${JSON.stringify(mode)}`);
      return { action, mode };
    }
    case 'heal':
      return { action };
    default:
      throw usage(`unknown chaos action ${JSON.stringify(action)}`);
  }
}

export function formatChaos(state: ChaosStateBody): string {
  const lines = state.message ? [state.message, ''] : [];
  lines.push(state.faults.length === 0 ? 'faults          none' : `faults          ${state.faults.map((f) => f.description).join('; ')}`);
  lines.push(`route53         ${state.route53}`);
  for (const r of state.regions) {
    const processes = r.processes.map((p) => `${p.role}:${p.state}`).join(' ');
    const replica = r.replica ? ` replica:${r.replica.mode}${r.replica.latencyMs > 0 ? `+${r.replica.latencyMs}ms` : ''}` : '';
    lines.push(`${r.region.padEnd(15)} ${r.lost ? 'LOST ' : ''}${processes}${replica}`.trimEnd());
  }
  return lines.join('\n');
}

export async function chaos(ctx: ChaosContext): Promise<{ json: unknown; text: string }> {
  const command = parseChaos(ctx);
  if (!ctx.client.isLocal)
    throw new CliError(EXIT.usage, 'chaos commands work only against local mode (npm run local); the target API is not on this machine, and a deployed service has no fault injection');
  const { body } = command === undefined ? await ctx.client.request('GET', '/chaos') : await ctx.client.request('POST', '/chaos', command);
  return { json: body, text: formatChaos(body as ChaosStateBody) };
}
