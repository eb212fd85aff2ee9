/**
 * Every route of the API. Handlers only validate, call one port and shape the answer; the
 * decisions (may we fail over? does this token still hold the lock?) belong to the services.
 */
import * as z from 'zod';
import { ApiError } from './errors';
import { defineRoute, type ResponseDoc, type ApiRoute } from './http';
import type { ApiServices } from './ports';
import {
  acquireLockRequest,
  demoMode,
  demoResponse,
  errorResponse,
  failbackRequest,
  failoverRequest,
  historyQuery,
  historyResponse,
  lockAcquired,
  lockRenewed,
  lockName,
  lockView,
  operatorResult,
  pinRequest,
  regionName,
  releaseLockRequest,
  renewLockRequest,
  routeKeyParam,
  routeQuery,
  routeResponse,
  signalResponse,
  statusResponse,
  unpinQuery,
} from './schemas';
import { STATUS_PAGE_CSP, STATUS_PAGE_HTML } from './status-page';

const err = (description: string): ResponseDoc => ({ description, schema: errorResponse });
const invalid = err('invalid input: wrong types, missing fields, unknown region, malformed JSON');
const unauthorized = err('missing or wrong bearer token (local mode)');
const busy = err('the coordination table is busy or unreachable; nothing was changed, retry');
const conflict = err(
  'refused by the controller, e.g. a pin is in force, or the target (or for failback the preferred) region is not UP: then details.regions says, per region, its verdict and how long until it could be UP',
);

/** A region named in a body must be one of the config's app regions. */
export function requireAppRegion(services: ApiServices, region: string, path: string): void {
  if (!services.appRegions.includes(region)) {
    const message = `expected one of the app regions (${services.appRegions.join(', ')}), got ${JSON.stringify(region)}`;
    throw new ApiError(400, 'validation_failed', `invalid request: ${path}: ${message}`, [{ path, message }]);
  }
}

/** A region named in a path must exist, or the resource does not. */
function requireKnownRegion(services: ApiServices, region: string): void {
  if (!services.appRegions.includes(region)) {
    throw new ApiError(404, 'not_found', `no app region ${JSON.stringify(region)}; known: ${services.appRegions.join(', ')}`, { region });
  }
}

const ok = (json: unknown, status = 200) => ({ status, json });

const regionParam = z.object({ region: regionName }).strict();
const lockParam = z.object({ name: lockName }).strict();

export const apiRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/status',
    summary: 'Regions with per-checker verdicts, active set and weights, leader and term, routing table version, pin, last flip',
    responses: { 200: { description: 'current status', schema: statusResponse } },
    handle: async ({ services }) => ok(await services.status.status()),
  }),
  defineRoute({
    method: 'GET',
    path: '/history',
    summary: 'Audit trail of flips and operator actions, newest first, paginated',
    query: historyQuery,
    responses: { 200: { description: 'one page', schema: historyResponse }, 400: invalid },
    handle: async ({ services, query }) => ok(await services.history.history({ limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) })),
  }),
  defineRoute({
    method: 'GET',
    path: '/routes/{key}',
    summary: 'Which region serves a key: target, fallbacks and version of the routing table the controller publishes',
    params: z.object({ key: routeKeyParam }).strict(),
    query: routeQuery,
    responses: {
      200: { description: 'the answer', schema: routeResponse },
      400: invalid,
      503: err('no routing table published yet (the controller publishes one on its first run), the stored table is corrupt, or no region is healthy for a read; details.problem says which'),
    },
    handle: async ({ services, params, query }) => ok(await services.routing.route(params.key, query.op)),
  }),
  defineRoute({
    method: 'POST',
    path: '/failover',
    summary: 'Move traffic to a region now (operator)',
    operator: true,
    body: failoverRequest,
    responses: { 200: { description: 'accepted', schema: operatorResult }, 400: invalid, 401: unauthorized, 409: conflict },
    handle: async ({ services, body, actor }) => {
      const { to, reason, force } = body!;
      requireAppRegion(services, to, 'body.to');
      return ok(await services.operator.failover({ to, reason, force, actor }));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/failback',
    summary: 'Return traffic to the preferred region(s) per policy (operator)',
    operator: true,
    body: failbackRequest,
    responses: { 200: { description: 'accepted', schema: operatorResult }, 400: invalid, 401: unauthorized, 409: conflict },
    handle: async ({ services, body, actor }) => ok(await services.operator.failback({ reason: body!.reason, force: body!.force, actor })),
  }),
  defineRoute({
    method: 'PUT',
    path: '/pin',
    summary: 'Pin traffic to a region; automatic flips stop until unpinned (operator)',
    operator: true,
    body: pinRequest,
    responses: { 200: { description: 'pinned', schema: operatorResult }, 400: invalid, 401: unauthorized, 409: conflict },
    handle: async ({ services, body, actor }) => {
      const { region, reason, force } = body!;
      requireAppRegion(services, region, 'body.region');
      return ok(await services.operator.pin({ region, reason, force, actor }));
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/pin',
    summary: 'Remove the pin (operator)',
    operator: true,
    query: unpinQuery,
    responses: { 200: { description: 'unpinned', schema: operatorResult }, 400: invalid, 401: unauthorized, 409: conflict },
    handle: async ({ services, query, actor }) => ok(await services.operator.unpin({ reason: query.reason ?? 'unpinned by operator', actor })),
  }),
  defineRoute({
    method: 'POST',
    path: '/locks/{name}',
    summary: 'Acquire a lease lock; returns a fencing token',
    operator: true,
    params: lockParam,
    body: acquireLockRequest,
    responses: {
      201: { description: 'acquired: the fencing token and the lease secret (shown only here)', schema: lockAcquired },
      400: invalid,
      401: unauthorized,
      409: err('still held by another owner after waitMs'),
      503: busy,
    },
    handle: async ({ services, params, body }) => {
      const grant = await services.locks.acquire(params.name, body!);
      if (grant) return ok(grant, 201);
      const current = await services.locks.inspect(params.name);
      throw new ApiError(
        409,
        'conflict',
        `lock ${JSON.stringify(params.name)} is held by ${current.owner ?? 'another owner'}${current.expiresAt ? ` until ${new Date(current.expiresAt).toISOString()}` : ''}; retry later or pass a longer waitMs`,
        current,
      );
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/locks/{name}',
    summary: 'Renew a lock you hold (token and lease secret from acquire)',
    operator: true,
    params: lockParam,
    body: renewLockRequest,
    responses: { 200: { description: 'renewed', schema: lockRenewed }, 400: invalid, 401: unauthorized, 409: err('the token no longer holds the lock, or the lease secret is not its own'), 503: busy },
    handle: async ({ services, params, body }) => ok(await services.locks.renew(params.name, { token: body!.token, secret: body!.secret }, body!.leaseMs)),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/locks/{name}',
    summary: 'Release a lock you hold (token and lease secret from acquire, in the JSON body)',
    operator: true,
    params: lockParam,
    body: releaseLockRequest,
    responses: { 200: { description: 'released', schema: lockView }, 400: invalid, 401: unauthorized, 409: err('the token no longer holds the lock, or the lease secret is not its own'), 503: busy },
    handle: async ({ services, params, body }) => {
      await services.locks.release(params.name, { token: body!.token, secret: body!.secret });
      return ok(await services.locks.inspect(params.name));
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/locks/{name}',
    summary: 'Who holds a lock, with which fencing token, until when (never the lease secret)',
    params: lockParam,
    responses: { 200: { description: 'the lock', schema: lockView }, 400: invalid, 503: busy },
    handle: async ({ services, params }) => ok(await services.locks.inspect(params.name)),
  }),
  defineRoute({
    method: 'GET',
    path: '/signal/{region}',
    summary: 'Health signal for ApiRoute 53 health checks: 200 while the region should take traffic, 503 otherwise',
    params: regionParam,
    responses: { 200: { description: 'take traffic', schema: signalResponse }, 404: err('unknown region'), 503: { description: 'do not take traffic', schema: signalResponse } },
    handle: async ({ services, params }) => {
      requireKnownRegion(services, params.region);
      const signal = await services.signal.signalFor(params.region);
      return { status: signal.healthy ? 200 : 503, json: signal, headers: { 'cache-control': 'no-store' } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/',
    summary: 'Status page (HTML)',
    responses: { 200: { description: 'the page', contentType: 'text/html' } },
    handle: ({ c }) => c.html(STATUS_PAGE_HTML, 200, { 'content-security-policy': STATUS_PAGE_CSP, 'cache-control': 'no-cache' }),
  }),
];

/** Local mode only: switch a demo backend's health. */
export const demoRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/demo',
    summary: 'Current mode of each demo backend (local mode only)',
    responses: { 200: { description: 'modes', schema: demoResponse } },
    handle: ({ services }) => ok({ modes: services.demo?.modes() ?? {} }),
  }),
  defineRoute({
    method: 'POST',
    path: '/demo/{region}/{mode}',
    summary: 'Make a demo backend healthy, down, slow or flapping (local mode only)',
    operator: true,
    params: z.object({ region: regionName, mode: demoMode }).strict(),
    responses: { 200: { description: 'modes after the change', schema: demoResponse }, 400: invalid, 401: unauthorized, 404: err('unknown region') },
    handle: ({ services, params }) => {
      requireKnownRegion(services, params.region);
      services.demo?.setMode(params.region, params.mode);
      return ok({ modes: services.demo?.modes() ?? {} });
    },
  }),
];
