/**
 * The `failover` commands. Each one is one API call plus formatting: the API is the single
 * source of behaviour, so the CLI and the HTTP routes cannot disagree.
 */
import type { ApiClient } from './client';
import { chaos } from './chaos';
import { CliError, EXIT } from './errors';
import { formatHistory, formatLock, formatStatus, isoTime } from './format';
import type { DemoMode, HistoryBody, LockGrantBody, LockBody, OperatorResultBody, StatusBody } from '../lambdas/api/schemas';

export interface CommandContext {
  readonly client: ApiClient;
  readonly args: readonly string[];
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
}

/** What a command produced: the API's JSON (for --json) and the human text. */
export interface CommandOutput {
  readonly json: unknown;
  readonly text: string;
}

export type Command = (ctx: CommandContext) => Promise<CommandOutput>;

function usage(message: string): CliError {
  return new CliError(EXIT.usage, message);
}

function stringOption(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.options[name];
  return typeof v === 'string' ? v : undefined;
}

function intOption(ctx: CommandContext, name: string): number | undefined {
  const v = stringOption(ctx, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw usage(`--${name} expects a whole number, got ${JSON.stringify(v)}`);
  return Number(v);
}

function positional(ctx: CommandContext, index: number, what: string): string {
  const v = ctx.args[index];
  if (v === undefined) throw usage(`missing ${what}`);
  return v;
}

function reasonOf(ctx: CommandContext, fallback: string): string {
  return stringOption(ctx, 'reason') ?? fallback;
}

function operatorText(r: OperatorResultBody): string {
  return `${r.message}${r.active ? ` (active: ${r.active.join(', ') || 'none'})` : ''}`;
}

const DEMO_MODES: Readonly<Record<string, DemoMode>> = { break: 'down', heal: 'healthy', slow: 'slow', flap: 'flapping' };

export const commands: Readonly<Record<string, Command>> = {
  chaos,

  async status({ client }) {
    const { body } = await client.request('GET', '/status');
    return { json: body, text: formatStatus(body as StatusBody) };
  },

  async failover(ctx) {
    const to = stringOption(ctx, 'to') ?? ctx.args[0];
    if (!to) throw usage('failover needs --to <region>');
    const { body } = await ctx.client.request('POST', '/failover', { to, reason: reasonOf(ctx, `manual failover to ${to} (failover CLI)`) });
    return { json: body, text: operatorText(body as OperatorResultBody) };
  },

  async failback(ctx) {
    const { body } = await ctx.client.request('POST', '/failback', { reason: reasonOf(ctx, 'manual failback (failover CLI)') });
    return { json: body, text: operatorText(body as OperatorResultBody) };
  },

  async pin(ctx) {
    const region = positional(ctx, 0, 'region: failover pin <region> [--reason text]');
    const { body } = await ctx.client.request('PUT', '/pin', { region, reason: reasonOf(ctx, `pinned to ${region} (failover CLI)`) });
    return { json: body, text: operatorText(body as OperatorResultBody) };
  },

  async unpin(ctx) {
    const reason = stringOption(ctx, 'reason');
    const { body } = await ctx.client.request('DELETE', `/pin${reason ? `?reason=${encodeURIComponent(reason)}` : ''}`);
    return { json: body, text: operatorText(body as OperatorResultBody) };
  },

  async history(ctx) {
    const limit = intOption(ctx, 'limit');
    const cursor = stringOption(ctx, 'cursor');
    const query = new URLSearchParams({ ...(limit !== undefined ? { limit: String(limit) } : {}), ...(cursor ? { cursor } : {}) }).toString();
    const { body } = await ctx.client.request('GET', `/history${query ? `?${query}` : ''}`);
    return { json: body, text: formatHistory(body as HistoryBody) };
  },

  async locks(ctx) {
    const sub = positional(ctx, 0, 'subcommand: failover locks show|acquire|renew|release <name>');
    const name = encodeURIComponent(positional(ctx, 1, 'lock name'));
    switch (sub) {
      case 'show': {
        const { body } = await ctx.client.request('GET', `/locks/${name}`);
        return { json: body, text: formatLock(body as LockBody) };
      }
      case 'acquire': {
        const leaseMs = intOption(ctx, 'lease-ms') ?? 30_000;
        const waitMs = intOption(ctx, 'wait-ms') ?? 0;
        const owner = stringOption(ctx, 'owner') ?? `failover-cli@${process.env.USER ?? 'unknown'}`;
        const { body } = await ctx.client.request('POST', `/locks/${name}`, { owner, leaseMs, waitMs });
        const g = body as LockGrantBody;
        return { json: body, text: `acquired lock ${g.name}: token ${g.token}, until ${isoTime(g.expiresAt)}` };
      }
      case 'renew': {
        const token = intOption(ctx, 'token');
        if (token === undefined) throw usage('locks renew needs --token <n>');
        const leaseMs = intOption(ctx, 'lease-ms');
        const { body } = await ctx.client.request('PUT', `/locks/${name}`, { token, ...(leaseMs !== undefined ? { leaseMs } : {}) });
        const g = body as LockGrantBody;
        return { json: body, text: `renewed lock ${g.name}: token ${g.token}, until ${isoTime(g.expiresAt)}` };
      }
      case 'release': {
        const token = intOption(ctx, 'token');
        if (token === undefined) throw usage('locks release needs --token <n>');
        const { body } = await ctx.client.request('DELETE', `/locks/${name}`, { token });
        return { json: body, text: `released; ${formatLock(body as LockBody)}` };
      }
      default:
        throw usage(`unknown locks subcommand ${JSON.stringify(sub)}; expected show, acquire, renew or release`);
    }
  },

  async demo(ctx) {
    const action = positional(ctx, 0, 'action: failover demo break|heal|slow|flap <region>');
    const mode = DEMO_MODES[action];
    if (!mode) throw usage(`unknown demo action ${JSON.stringify(action)}; expected break, heal, slow or flap`);
    const region = positional(ctx, 1, 'region: failover demo break|heal|slow|flap <region>');
    const { body } = await ctx.client.request('POST', `/demo/${encodeURIComponent(region)}/${mode}`);
    const modes = (body as { modes: Record<string, string> }).modes;
    return { json: body, text: `demo backend ${region} is now ${mode}\n${Object.entries(modes).map(([r, m]) => `  ${r}: ${m}`).join('\n')}` };
  },
};
