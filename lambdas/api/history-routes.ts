/**
 * The event history's routes: `GET /report` (availability figures, incidents, flips, the model)
 * and `GET /incidents`. Schemas come from lambdas/history/schemas.ts, so the wire format and the
 * builders cannot drift; the app mounts these beside its other routes (app.ts).
 */
import { historySchemas, renderReportMarkdown } from '../history';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute, type ResponseDoc } from './http';
import type { ApiServices, ReportPort } from './ports';
import { errorResponse } from './schemas';

const invalid: ResponseDoc = { description: 'invalid query: a window such as 30d, 12h or 90m (at most 400 days), an ISO 8601 end, an app region', schema: errorResponse };
const unconfigured: ResponseDoc = { description: 'this deployment records no event history (EVENTS_TABLE is not set)', schema: errorResponse };

function reportsOf(services: ApiServices): ReportPort {
  if (services.reports === undefined) throw new ApiError(503, 'unavailable', 'this deployment records no event history: EVENTS_TABLE is not set for the API function', null);
  return services.reports;
}

export const historyRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/report',
    summary: 'Availability over a window (default 30 days): per region and for the service MTBF, MTTR, availability, nines, downtime budget; incidents, flips, and the model of what failover buys',
    query: historySchemas.reportQuery,
    responses: {
      200: { description: 'the report (format=markdown: the same, rendered for people)', schema: historySchemas.reportResponse, alsoAs: ['text/markdown'] },
      400: invalid,
      503: unconfigured,
    },
    handle: async ({ services, query, c }) => {
      const report = await reportsOf(services).report({ windowMs: query.window, ...(query.end === undefined ? {} : { end: query.end }) });
      if (query.format === 'markdown') return c.body(renderReportMarkdown(report), 200, { 'content-type': 'text/markdown; charset=utf-8' });
      return { status: 200, json: report };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/incidents',
    summary: 'Outages of app regions in a window (default 30 days), newest first: detect, decide, flip, RTO and downtime of each, and the flips it caused',
    query: historySchemas.incidentsQuery,
    responses: { 200: { description: 'the incidents', schema: historySchemas.incidentsResponse }, 400: invalid, 503: unconfigured },
    handle: async ({ services, query }) => {
      const { window: windowMs, end, region } = query;
      if (region !== undefined && !services.appRegions.includes(region)) {
        const message = `expected one of the app regions (${services.appRegions.join(', ')}), got ${JSON.stringify(region)}`;
        throw new ApiError(400, 'validation_failed', `invalid request: query.region: ${message}`, [{ path: 'query.region', message }]);
      }
      return { status: 200, json: await reportsOf(services).incidents({ windowMs, ...(end === undefined ? {} : { end }), ...(region === undefined ? {} : { region }) }) };
    },
  }),
];
