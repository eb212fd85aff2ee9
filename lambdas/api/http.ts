/**
 * ApiRoute definitions that carry their own zod schemas: the same object validates a request,
 * runs the handler and documents itself in the OpenAPI document.
 */
import type { Context } from 'hono';
import * as z from 'zod';
import { ApiError, validationError } from './errors';
import type { Actor, ApiServices } from './ports';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ResponseDoc {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** Defaults to application/json. */
  readonly contentType?: string;
  /** Other content types the same status may answer with (e.g. chosen by a `format` query). */
  readonly alternatives?: readonly { readonly contentType: string; readonly schema?: z.ZodType }[];
}

/** The documented, non-generic face of a route. */
export interface ApiRouteDoc {
  readonly method: Method;
  /** OpenAPI style: `/locks/{name}`. */
  readonly path: string;
  readonly summary: string;
  /** Mutating: IAM behind API Gateway, bearer token locally. */
  readonly operator: boolean;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  readonly bodyOptional: boolean;
  readonly responses: Readonly<Record<number, ResponseDoc>>;
}

export interface HandlerInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly actor: Actor;
  readonly services: ApiServices;
  readonly c: Context;
}

/** A handler's answer: JSON with a status, or a ready Response (HTML, scripts). */
export type HandlerResult = { readonly status: number; readonly json: unknown; readonly headers?: Record<string, string> } | Response;

export interface ApiRoute extends ApiRouteDoc {
  run(c: Context, services: ApiServices, actor: Actor): Promise<HandlerResult>;
}

const noInput = z.object({});

export function defineRoute<P extends z.ZodObject = typeof noInput, Q extends z.ZodObject = typeof noInput, B extends z.ZodType = typeof noInput>(spec: {
  readonly method: Method;
  readonly path: string;
  readonly summary: string;
  readonly operator?: boolean;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** The body may be absent (e.g. DELETE with the token in the query string). */
  readonly bodyOptional?: boolean;
  readonly responses: Readonly<Record<number, ResponseDoc>>;
  handle(input: HandlerInput<z.output<P>, z.output<Q>, z.output<B> | undefined>): Promise<HandlerResult>;
}): ApiRoute {
  return {
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    operator: spec.operator ?? false,
    ...(spec.params ? { params: spec.params } : {}),
    ...(spec.query ? { query: spec.query } : {}),
    ...(spec.body ? { body: spec.body } : {}),
    bodyOptional: spec.bodyOptional ?? false,
    responses: spec.responses,
    async run(c, services, actor) {
      const params = parseWith(spec.params ?? noInput, c.req.param(), 'path');
      const query = parseWith(spec.query ?? noInput, spec.query ? c.req.query() : {}, 'query');
      const raw = spec.body ? await readJsonBody(c, spec.bodyOptional ?? false) : undefined;
      const body = spec.body && raw !== undefined ? parseWith(spec.body, raw, 'body') : undefined;
      return spec.handle({ params: params as z.output<P>, query: query as z.output<Q>, body: body as z.output<B> | undefined, actor, services, c });
    },
  };
}

function parseWith<S extends z.ZodType>(schema: S, input: unknown, where: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error, where);
  return result.data;
}

/**
 * Reads a JSON body: anything but application/json is 415, text that is not JSON is 400. An
 * absent body yields `undefined` when the route allows it.
 */
export async function readJsonBody(c: Context, optional: boolean): Promise<unknown> {
  const text = await c.req.text();
  const type = c.req.header('content-type');
  if (text.length === 0) {
    if (optional) return undefined;
    throw new ApiError(400, 'malformed_json', 'expected a JSON object in the request body, got an empty body', null);
  }
  if (type === undefined || !/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', `expected Content-Type: application/json, got ${type === undefined ? 'none' : JSON.stringify(type)}`, { contentType: type ?? null });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ApiError(400, 'malformed_json', `request body is not valid JSON: ${(err as Error).message}`, null);
  }
}

/** `/locks/{name}` → `/locks/:name` for Hono's router. */
export function honoPath(path: string): string {
  return path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}
