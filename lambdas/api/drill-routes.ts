/** Practice failovers over HTTP: start, abort, report (JSON or Markdown). Mounted when the services have a drills port. */
import { renderDrillMarkdown } from '../history';
import { ServiceRejection } from './errors';
import { defineRoute, type ApiRoute, type ResponseDoc } from './http';
import type { ApiServices, DrillsPort } from './ports';
import { requireAppRegion } from './routes';
import { errorResponse } from './schemas';
import { abortDrillRequest, drillParams, drillQuery, drillRefusalDetails, drillReportResponse, startDrillRequest } from './drill-schemas';

const err = (description: string): ResponseDoc => ({ description, schema: errorResponse });
const invalid = err('invalid input: wrong types, missing fields, unknown region, a duration outside 10–86400 s, malformed JSON');
const unauthorized = err('missing or wrong bearer token (local mode)');
const notFound = err('no such drill');

function drillsOf(services: ApiServices): DrillsPort {
  if (services.drills === undefined) throw new ServiceRejection('not_found', 'drills are not available here');
  return services.drills;
}

export const drillRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/drills',
    summary: 'Start a practice failover: all traffic to a region for a while, then back home automatically (operator)',
    operator: true,
    body: startDrillRequest,
    responses: {
      201: { description: 'the drill started; traffic is on the target (its report so far)', schema: drillReportResponse },
      400: invalid,
      401: unauthorized,
      409: {
        description: `refused: a pre-check failed (target not UP, a flip pending, traffic pinned, home not UP, target already serving) — details: ${JSON.stringify(Object.keys(drillRefusalDetails.shape))} — or another drill is running`,
        schema: errorResponse,
      },
    },
    handle: async ({ services, body, actor }) => {
      const { to, durationSeconds, reason } = body!;
      requireAppRegion(services, to, 'body.to');
      return { status: 201, json: await drillsOf(services).start({ to, durationMs: durationSeconds * 1000, reason, actor }) };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/drills/{id}/abort',
    summary: 'Stop a drill now: traffic returns home (operator)',
    operator: true,
    params: drillParams,
    body: abortDrillRequest,
    responses: { 200: { description: 'the drill report after the return', schema: drillReportResponse }, 400: invalid, 401: unauthorized, 404: notFound, 409: err('the drill has already finished') },
    handle: async ({ services, params, body, actor }) => ({ status: 200, json: await drillsOf(services).abort(params.id, { reason: body!.reason, actor }) }),
  }),
  defineRoute({
    method: 'GET',
    path: '/drills/{id}',
    summary: "A drill's report: each step's time, the RTO both ways, what went wrong",
    params: drillParams,
    query: drillQuery,
    responses: {
      200: { description: 'the report (format=markdown: text/markdown)', schema: drillReportResponse, alsoAs: ['text/markdown'] },
      400: invalid,
      404: notFound,
    },
    handle: async ({ services, params, query, c }) => {
      const report = await drillsOf(services).report(params.id);
      if (query.format === 'markdown') return c.body(renderDrillMarkdown(report), 200, { 'content-type': 'text/markdown; charset=utf-8' });
      return { status: 200, json: report };
    },
  }),
];
