/**
 * The one HTTP application: the same Hono app runs behind API Gateway (`handlers/api.ts`) and as
 * the local server (`local/main.ts`).
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { requireOperator, type AuthEnv, type AuthMode } from './auth';
import { ApiError, ServiceRejection, errorBody, rejectionToApiError } from './errors';
import { honoPath, type ApiRoute } from './http';
import { libraryInputError } from './library-errors';
import { buildOpenApi } from './openapi';
import type { ApiServices } from './ports';
import { apiRoutes, demoRoutes } from './routes';
import { chaosUnavailableRoutes } from './chaos-unavailable';
import { historyRoutes } from './history-routes';
import { drillRoutes } from './drill-routes';
import { timelineRoutes } from './timeline-route';

/** Every request body we accept is a small JSON object; anything larger is a mistake or abuse. */
export const MAX_BODY_BYTES = 16 * 1024;

export interface AppOptions {
  readonly auth: AuthMode;
  /** Called with faults of the service itself (5xx), for logging. */
  readonly onServerError?: (err: unknown, c: Context) => void;
  /**
   * Routes only regional local mode serves (`chaosRoutes`); given here rather than imported, so the
   * Lambda bundles do not carry them. @default `/chaos` answering 404 "local mode only"
   */
  readonly localRoutes?: readonly ApiRoute[];
}

type AppEnv = AuthEnv & { Bindings: { event?: unknown } };

function json(c: Context, err: ApiError, headers: Record<string, string> = {}): Response {
  return c.json(errorBody(err), err.status, headers);
}

export function createApp(services: ApiServices, options: AppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const routes: ApiRoute[] = [
    ...apiRoutes,
    ...historyRoutes,
    ...(services.events ? timelineRoutes : []),
    ...(services.drills ? drillRoutes : []),
    ...(services.demo ? demoRoutes : []),
    ...(options.localRoutes ?? chaosUnavailableRoutes),
  ];
  // Built on first request, not at cold start: JSON-schema generation is the API's costliest init step.
  let openapi: ReturnType<typeof buildOpenApi> | undefined;

  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        json(c, new ApiError(405, 'method_not_allowed', `${c.req.method} is not allowed on ${c.req.path}; allowed: ${methods.join(', ')}`, { allowed: methods }), { allow: methods.join(', ') }),
    }),
  );
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => json(c, new ApiError(413, 'payload_too_large', `request body exceeds ${MAX_BODY_BYTES} bytes`, { maxBytes: MAX_BODY_BYTES })),
    }),
  );
  app.use(async (c, next) => {
    await next();
    c.header('x-content-type-options', 'nosniff');
  });

  const operator = requireOperator(options.auth);
  for (const route of routes) {
    const handler = async (c: Context<AppEnv>): Promise<Response> => {
      const result = await route.run(c, services, c.get('actor') ?? 'anonymous');
      if (result instanceof Response) return result;
      return c.json(result.json, result.status as 200, result.headers);
    };
    if (route.operator) app.on(route.method, honoPath(route.path), operator, handler);
    else app.on(route.method, honoPath(route.path), handler);
  }
  app.get('/openapi.json', (c) => c.json((openapi ??= buildOpenApi(routes, options.auth, { appRegions: services.appRegions }))));

  app.notFound((c) => json(c, new ApiError(404, 'not_found', `no route ${c.req.method} ${c.req.path}; see GET /openapi.json`, { path: c.req.path })));
  app.onError((err, c) => {
    if (err instanceof ApiError) return json(c, err);
    if (err instanceof ServiceRejection) return json(c, rejectionToApiError(err));
    const input = libraryInputError(err);
    if (input) return json(c, input);
    if (err instanceof HTTPException && err.status < 500) {
      return json(c, new ApiError(err.status === 413 ? 413 : 400, err.status === 413 ? 'payload_too_large' : 'validation_failed', err.message || 'bad request'));
    }
    options.onServerError?.(err, c);
    return json(c, new ApiError(500, 'internal', 'the service failed to answer; the error was logged', null));
  });
  return app;
}
