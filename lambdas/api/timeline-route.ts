/**
 * `GET /timeline` (JSON) and `GET /timeline/svg` (drawn): the swimlane of a window, at most 7 days,
 * read from the Events table. The status page shows the SVG inline.
 */
import { renderSwimlaneSvg, timelineSchemas } from '../history';
import { eventHistoryOf } from './event-history-guard';
import { defineRoute, type ApiRoute } from './http';

/** The drawing has no scripts and no references; this keeps it so even when opened on its own. */
const SVG_CSP = "default-src 'none'; frame-ancestors 'none'";

export const timelineRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/timeline',
    summary: 'Swimlane of a window (≤ 7 days): per region the quorum verdict and each checker’s state as bands, flips and drills as markers',
    query: timelineSchemas.timelineQuery,
    responses: { 200: { description: 'the swimlane', schema: timelineSchemas.timelineResponse } },
    handle: async ({ services, query }) => ({ status: 200, json: await eventHistoryOf(services).timeline({ lengthMs: query.window, ...(query.end === undefined ? {} : { end: query.end }) }) }),
  }),
  defineRoute({
    method: 'GET',
    path: '/timeline/svg',
    summary: 'The swimlane drawn as SVG (what the status page shows), times in UTC and the given zone',
    query: timelineSchemas.timelineSvgQuery,
    responses: { 200: { description: 'the swimlane', contentType: 'image/svg+xml' } },
    handle: async ({ services, query, c }) => {
      const timeline = await eventHistoryOf(services).timeline({ lengthMs: query.window, ...(query.end === undefined ? {} : { end: query.end }) });
      const svg = renderSwimlaneSvg(timeline, { timeZone: query.tz, now: timeline.generatedAt });
      return c.body(svg, 200, { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': SVG_CSP });
    },
  }),
];
