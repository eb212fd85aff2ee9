/**
 * `GET /report` and `GET /incidents` over the event history (schemas in lambdas/history/schemas.ts),
 * thin: the status page's availability card and incident list read them.
 */
import { historySchemas, renderReportMarkdown } from '../history';
import { eventHistoryOf } from './event-history-guard';
import { defineRoute, type ApiRoute } from './http';

export const eventHistoryRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/report',
    summary: 'Availability report of a window (default 30 days): incidents, flips, MTBF/MTTR/availability/nines/budget per region and for the service, the model',
    query: historySchemas.reportQuery,
    responses: { 200: { description: 'the report (format=markdown: rendered for people)', schema: historySchemas.reportResponse, alternatives: [{ contentType: 'text/markdown' }] } },
    handle: async ({ services, query, c }) => {
      const report = await eventHistoryOf(services).report({ lengthMs: query.window, ...(query.end === undefined ? {} : { end: query.end }) });
      if (query.format === 'markdown') return c.body(renderReportMarkdown(report), 200, { 'content-type': 'text/markdown; charset=utf-8' });
      return { status: 200, json: report };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/incidents',
    summary: 'Incidents of a window (default 30 days), newest first, with detect/decide/flip/RTO/downtime timings',
    query: historySchemas.incidentsQuery,
    responses: { 200: { description: 'the incidents', schema: historySchemas.incidentsResponse } },
    handle: async ({ services, query }) => ({
      status: 200,
      json: await eventHistoryOf(services).incidents({
        lengthMs: query.window,
        ...(query.end === undefined ? {} : { end: query.end }),
        ...(query.region === undefined ? {} : { region: query.region }),
      }),
    }),
  }),
];
