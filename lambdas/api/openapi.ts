/** `GET /openapi.json`: an OpenAPI 3.1 document generated from the routes' zod schemas. */
import * as z from 'zod';
import type { AuthMode } from './auth';
import type { ApiRouteDoc, ResponseDoc } from './http';
import { errorResponse, regionName } from './schemas';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const REGION_PATTERN = regionName.toJSONSchema().pattern;

/**
 * Requests name this deployment's app regions, not just anything shaped like a region name (the
 * server answers 400 or 404 for the others): the published schema says so with an enum.
 */
function narrowRegions(schema: unknown, appRegions: readonly string[] | undefined): unknown {
  if (appRegions === undefined || typeof schema !== 'object' || schema === null) return schema;
  if (Array.isArray(schema)) return schema.map((s) => narrowRegions(s, appRegions));
  const { pattern, ...rest } = schema as JsonSchema;
  if (pattern !== undefined && pattern === REGION_PATTERN) return { ...rest, enum: [...appRegions] };
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, narrowRegions(v, appRegions)]));
}

function inputSchema(schema: z.ZodType, appRegions: readonly string[] | undefined): JsonSchema {
  return narrowRegions(toSchema(schema, 'input'), appRegions) as JsonSchema;
}

function parameters(route: ApiRouteDoc, appRegions: readonly string[] | undefined): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const json = inputSchema(schema, appRegions);
    const props = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required ?? []) as string[]);
    for (const [name, prop] of Object.entries(props)) {
      out.push({ name, in: where, required: where === 'path' || required.has(name), schema: prop, ...(typeof prop.description === 'string' ? { description: prop.description } : {}) });
    }
  }
  return out;
}

const errorDoc = (description: string): ResponseDoc => ({ description, schema: errorResponse });

/**
 * The errors the app itself answers with, by what a route takes (app.ts, http.ts): documented on
 * every operation where they can occur, so the contract lists every status the server sends.
 */
function standardErrors(route: ApiRouteDoc, auth: AuthMode): Record<number, ResponseDoc> {
  const out: Record<number, ResponseDoc> = {};
  if (route.params !== undefined || route.query !== undefined || route.body !== undefined) {
    out[400] = errorDoc('invalid input: wrong types, missing or unknown fields, malformed JSON (error validation_failed or malformed_json, details name each field)');
  }
  if (route.operator && auth.kind === 'bearer') out[401] = errorDoc('missing or wrong bearer token (local mode)');
  if (route.body !== undefined) {
    out[413] = errorDoc('request body over 16 KiB');
    out[415] = errorDoc('a body that is not application/json');
  }
  return out;
}

export interface OpenApiOptions {
  /** This deployment's app regions: region inputs are published as an enum of them. */
  readonly appRegions?: readonly string[];
}

export function buildOpenApi(routes: readonly ApiRouteDoc[], auth: AuthMode, options: OpenApiOptions = {}): JsonSchema {
  const { appRegions } = options;
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const responses: Record<string, JsonSchema> = {};
    for (const [status, doc] of Object.entries({ ...standardErrors(route, auth), ...route.responses })) {
      const content: Record<string, JsonSchema> = {};
      for (const { contentType, schema } of [{ contentType: doc.contentType ?? 'application/json', schema: doc.schema }, ...(doc.alternatives ?? [])]) {
        content[contentType] = schema ? { schema: toSchema(schema, 'output') } : {};
      }
      responses[status] = { description: doc.description, content };
    }
    const operation: JsonSchema = {
      summary: route.summary,
      operationId: `${route.method.toLowerCase()}${route.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : ''))}` || 'root',
      parameters: parameters(route, appRegions),
      responses,
      ...(route.operator ? { security: [{ [auth.kind === 'iam' ? 'sigv4' : 'bearer']: [] }] } : {}),
      ...(route.body ? { requestBody: { required: !route.bodyOptional, content: { 'application/json': { schema: inputSchema(route.body, appRegions) } } } } : {}),
    };
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation;
  }
  paths['/openapi.json'] = { get: { summary: 'This document', operationId: 'getOpenapi', responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': {} } } } } };
  return {
    openapi: '3.1.0',
    info: {
      title: 'region-failover API',
      version: '1.0.0',
      description:
        'Status, operator actions, locks, routing and health signals of a region-failover service. Errors are JSON {error, message, details}. ' +
        'A method a path does not define is 405 with an Allow header; an unknown path is 404. Nothing a client sends is answered with a 5xx: 503 means the service cannot answer now (retry), 500 a fault of its own.',
    },
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'local mode: the token printed at start' },
        sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', description: 'AWS SigV4 (API Gateway IAM authorization)' },
      },
    },
  };
}
