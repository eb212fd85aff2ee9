/**
 * `/chaos` on an API without fault injection: a 404 that says chaos exists only in local mode,
 * rather than a bare "no route". Kept apart from the chaos routes so deployed bundles stay small.
 */
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './http';

export const CHAOS_UNAVAILABLE = 'fault injection (chaos) exists only in regional local mode (npm run local); this API runs without it';

const unavailable = (): never => {
  throw new ApiError(404, 'not_found', CHAOS_UNAVAILABLE);
};

export const chaosUnavailableRoutes: readonly ApiRoute[] = (['GET', 'POST'] as const).map((method) =>
  defineRoute({ method, path: '/chaos', summary: 'Fault injection: regional local mode only; here a 404 saying so', responses: { 404: { description: 'not local mode' } }, handle: unavailable }),
);
