/**
 * `failover incidents` and `failover report`: one GET each on the event history's routes. The
 * window and end are checked here with the API's own schemas, so a typo is a usage error (exit 2)
 * before any request.
 */
import { windowLength } from '../lambdas/history/window';
import type { HistoryReport, historySchemas } from '../lambdas/history';
import { stringOption, usageError, type OptionValues } from './args';
import type { Command, CommandContext } from './command-types';
import { formatIncidents, formatReport } from './format-report';

/** `window` and `end` as query parameters, validated. */
function windowQuery(values: OptionValues): Record<string, string> {
  const window = stringOption(values, 'window');
  const end = stringOption(values, 'end');
  if (window !== undefined && !windowLength.safeParse(window).success) throw usageError(`--window ${JSON.stringify(window)}: expected a length such as 30d, 12h or 90m, at most 400d`);
  if (end !== undefined && Number.isNaN(Date.parse(end))) throw usageError(`--end ${JSON.stringify(end)}: expected an ISO 8601 time such as 2026-12-01T00:00:00Z`);
  return { ...(window !== undefined ? { window } : {}), ...(end !== undefined ? { end } : {}) };
}

function path(route: string, query: Record<string, string>): string {
  const text = new URLSearchParams(query).toString();
  return text ? `${route}?${text}` : route;
}

export const historyCommands: Readonly<Record<string, Command>> = {
  async incidents(ctx: CommandContext) {
    const region = stringOption(ctx.values, 'region');
    const { body } = await ctx.client.request('GET', path('/incidents', { ...windowQuery(ctx.values), ...(region !== undefined ? { region } : {}) }));
    return { json: body, text: formatIncidents(body as historySchemas.IncidentsResponse) };
  },

  async report(ctx: CommandContext) {
    const { body } = await ctx.client.request('GET', path('/report', windowQuery(ctx.values)));
    return { json: body, text: formatReport(body as HistoryReport) };
  },
};
