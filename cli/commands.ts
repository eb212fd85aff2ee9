/**
 * The `failover` commands. Each one is one API call plus formatting: the API is the single source
 * of behaviour, so the CLI and the HTTP routes cannot disagree. Arguments are checked here first
 * (usage errors, exit 2): required options, ranges, and region names against the service's own
 * regions (one GET /status) so a typo is answered with the list and the closest name.
 */
import { intOption, requiredOption, stringOption, usageError } from './args';
import type { Command, CommandContext } from './command-types';
import { chaos } from './chaos';
import { formatLock, formatStatus, isoTime } from './format';
import { formatHistory } from './format-history';
import { historyCommands } from './history-commands';
import { drillCommands } from './drill-commands';
import { didYouMean } from './suggest';
import type { DemoMode, HistoryBody, LockAcquiredBody, LockBody, LockRenewedBody, OperatorResultBody, StatusBody } from '../lambdas/api/schemas';

export type { Command, CommandContext, CommandOutput } from './command-types';

function positional(ctx: CommandContext, index: number, what: string): string {
  const v = ctx.positionals[index];
  if (v === undefined) throw usageError(`missing ${what}; usage: ${ctx.spec.usage.join(' | ')}`);
  return v;
}

function reasonOf(ctx: CommandContext): string {
  return requiredOption(ctx.values, 'reason', `${ctx.spec.usage[0] ?? `failover ${ctx.spec.name}`} (the reason is recorded in the audit trail)`);
}

function forceOf(ctx: CommandContext): boolean {
  return ctx.values.force === true;
}

/**
 * The region, if the service knows it; a usage error listing the known ones if not. When the
 * regions cannot be read, the API's own validation answers instead.
 */
async function knownRegion(ctx: CommandContext, region: string): Promise<string> {
  let regions: string[];
  try {
    const { body } = await ctx.client.request('GET', '/status');
    regions = (body as StatusBody).regions.map((r) => r.region);
  } catch {
    return region;
  }
  if (regions.includes(region)) return region;
  throw usageError(`unknown region ${JSON.stringify(region)}; this service's regions are ${regions.join(', ')}${didYouMean(region, regions)}`);
}

/** `--token` and `--secret`: the grant and the proof of holding it, both printed by acquire. */
function leaseProof(ctx: CommandContext, action: string): { token: number; secret: string } {
  const token = intOption(ctx.values, 'token', { min: 1, max: Number.MAX_SAFE_INTEGER });
  const secret = stringOption(ctx.values, 'secret');
  if (token === undefined || secret === undefined) throw usageError(`locks ${action} needs --token <n> and --secret <s> (both printed by locks acquire)`);
  return { token, secret };
}

function operatorText(r: OperatorResultBody): string {
  return `${r.message}${r.active ? ` (active: ${r.active.join(', ') || 'none'})` : ''}`;
}

const DEMO_MODES: Readonly<Record<string, DemoMode>> = { break: 'down', heal: 'healthy', slow: 'slow', flap: 'flapping' };
const LOCK_ACTIONS = ['show', 'acquire', 'renew', 'release'];

export const commands: Readonly<Record<string, Command>> = {
  chaos,

  ...historyCommands,
  ...drillCommands,
  async status({ client }) {
    const { body } = await client.request('GET', '/status');
    return { json: body, text: formatStatus(body as StatusBody) };
  },

  async failover(ctx) {
    const to = stringOption(ctx.values, 'to');
    const bare = ctx.positionals[0];
    if (bare !== undefined) throw usageError(`give the target region as --to: failover failover --to ${bare} --reason <text>`);
    if (to === undefined) throw usageError(`failover needs the target as --to <region>: ${ctx.spec.usage[0]}`);
    const reason = reasonOf(ctx);
    const { body } = await ctx.client.request('POST', '/failover', { to: await knownRegion(ctx, to), reason, force: forceOf(ctx) });
    return { json: body, text: operatorText(body as OperatorResultBody) };
  },

  async failback(ctx) {
    const { body } = await ctx.client.request('POST', '/failback', { reason: reasonOf(ctx), force: forceOf(ctx) });
    return { json: body, text: operatorText(body as OperatorResultBody) };
  },

  async pin(ctx) {
    const region = positional(ctx, 0, 'region');
    const reason = reasonOf(ctx);
    const { body } = await ctx.client.request('PUT', '/pin', { region: await knownRegion(ctx, region), reason, force: forceOf(ctx) });
    return { json: body, text: operatorText(body as OperatorResultBody) };
  },

  async unpin(ctx) {
    const { body } = await ctx.client.request('DELETE', `/pin?${new URLSearchParams({ reason: reasonOf(ctx) }).toString()}`);
    return { json: body, text: operatorText(body as OperatorResultBody) };
  },

  async history(ctx) {
    const limit = intOption(ctx.values, 'limit', { min: 1, max: 200 });
    const cursor = stringOption(ctx.values, 'cursor');
    const query = new URLSearchParams({ ...(limit !== undefined ? { limit: String(limit) } : {}), ...(cursor !== undefined ? { cursor } : {}) }).toString();
    const { body } = await ctx.client.request('GET', `/history${query ? `?${query}` : ''}`);
    return { json: body, text: formatHistory(body as HistoryBody, ctx.columns) };
  },

  async locks(ctx) {
    const action = positional(ctx, 0, 'what to do (show, acquire, renew or release)');
    if (!LOCK_ACTIONS.includes(action)) throw usageError(`unknown locks action ${JSON.stringify(action)}; expected show, acquire, renew or release${didYouMean(action, LOCK_ACTIONS)}`);
    const name = encodeURIComponent(positional(ctx, 1, 'lock name'));
    switch (action) {
      case 'show': {
        const { body } = await ctx.client.request('GET', `/locks/${name}`);
        return { json: body, text: formatLock(body as LockBody) };
      }
      case 'acquire': {
        const leaseMs = intOption(ctx.values, 'lease-ms', { min: 1000, max: 300_000 }) ?? 30_000;
        const waitMs = intOption(ctx.values, 'wait-ms', { min: 0, max: 8000 }) ?? 0;
        const owner = stringOption(ctx.values, 'owner') ?? `failover-cli@${process.env.USER ?? 'unknown'}`;
        const { body } = await ctx.client.request('POST', `/locks/${name}`, { owner, leaseMs, waitMs });
        const g = body as LockAcquiredBody;
        return {
          json: body,
          text: `acquired lock ${g.name}: token ${g.token}, held until ${isoTime(g.expiresAt)} unless renewed\nlease secret ${g.leaseSecret}\n(shown only now: renew and release need --token ${g.token} --secret <it>)`,
        };
      }
      default: {
        const grant = leaseProof(ctx, action);
        if (action === 'renew') {
          const leaseMs = intOption(ctx.values, 'lease-ms', { min: 1000, max: 300_000 });
          const { body } = await ctx.client.request('PUT', `/locks/${name}`, { ...grant, ...(leaseMs !== undefined ? { leaseMs } : {}) });
          const g = body as LockRenewedBody;
          return { json: body, text: `renewed lock ${g.name}: token ${g.token}, held until ${isoTime(g.expiresAt)} unless renewed` };
        }
        const { body } = await ctx.client.request('DELETE', `/locks/${name}`, grant);
        return { json: body, text: `released; ${formatLock(body as LockBody)}` };
      }
    }
  },

  async demo(ctx) {
    const action = positional(ctx, 0, 'what to do (break, heal, slow or flap)');
    const mode = DEMO_MODES[action];
    if (!mode) throw usageError(`unknown demo action ${JSON.stringify(action)}; expected break, heal, slow or flap${didYouMean(action, Object.keys(DEMO_MODES))}`);
    const region = await knownRegion(ctx, positional(ctx, 1, 'region'));
    const { body } = await ctx.client.request('POST', `/demo/${encodeURIComponent(region)}/${mode}`);
    const modes = (body as { modes: Record<string, string> }).modes;
    return {
      json: body,
      text: `demo backend ${region} is now ${mode}\n${Object.entries(modes)
        .map(([r, m]) => `  ${r}: ${m}`)
        .join('\n')}`,
    };
  },
};
