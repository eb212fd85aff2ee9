/**
 * `GET /chaos` and `POST /chaos`: fault injection, served only by regional local mode, which passes
 * these routes to `createApp` (so the Lambda bundles never carry them). Any other API answers both
 * with a 404 that says so (chaos-unavailable.ts).
 */
import { ApiError } from './errors';
import { defineRoute, type ApiRoute, type ResponseDoc } from './http';
import { CHAOS_UNAVAILABLE } from './chaos-unavailable';
import { chaosCommand, chaosState } from './chaos-schemas';
import { errorResponse } from './schemas';

const err = (description: string): ResponseDoc => ({ description, schema: errorResponse });

export const chaosRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/chaos',
    summary: 'Faults in force, and the state of every simulated region (local mode only)',
    responses: { 200: { description: 'chaos state', schema: chaosState }, 404: err('not local mode') },
    handle: async ({ services }) => {
      if (!services.chaos) throw new ApiError(404, 'not_found', CHAOS_UNAVAILABLE);
      return { status: 200, json: await services.chaos.state() };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/chaos',
    summary: 'Inject a fault, or heal every fault (local mode only); recorded in the audit trail',
    operator: true,
    body: chaosCommand,
    responses: {
      200: { description: 'chaos state after the command', schema: chaosState },
      400: err('invalid command'),
      401: err('missing or wrong bearer token'),
      404: err('not local mode, or an unknown region'),
      409: err('the command does not apply, e.g. a partition whose checker region does not check'),
    },
    handle: async ({ services, body, actor }) => {
      if (!services.chaos) throw new ApiError(404, 'not_found', CHAOS_UNAVAILABLE);
      return { status: 200, json: await services.chaos.apply(body!, actor) };
    },
  }),
];
