/** `GET /openapi.json`: an OpenAPI 3.1 document generated from the routes' zod schemas. */
import * as z from 'zod';
import type { AuthMode } from './auth';
import type { ApiRouteDoc } from './http';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parameters(route: ApiRouteDoc): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [['path', route.params], ['query', route.query]] as const) {
    if (!schema) continue;
    const json = toSchema(schema, 'input');
    const props = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required ?? []) as string[]);
    for (const [name, prop] of Object.entries(props)) {
      out.push({ name, in: where, required: where === 'path' || required.has(name), schema: prop, ...(typeof prop.description === 'string' ? { description: prop.description } : {}) });
    }
  }
  return out;
}

export function buildOpenApi(routes: readonly ApiRouteDoc[], auth: AuthMode): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const responses: Record<string, JsonSchema> = {};
    for (const [status, doc] of Object.entries(route.responses)) {
      const type = doc.contentType ?? 'application/json';
      responses[status] = { description: doc.description, ...(doc.schema ? { content: { [type]: { schema: toSchema(doc.schema, 'output') } } } : { content: { [type]: {} } }) };
    }
    const operation: JsonSchema = {
      summary: route.summary,
      operationId: `${route.method.toLowerCase()}${route.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : ''))}` || 'root',
      parameters: parameters(route),
      responses,
      ...(route.operator ? { security: [{ [auth.kind === 'iam' ? 'sigv4' : 'bearer']: [] }] } : {}),
      ...(route.body
        ? { requestBody: { required: !route.bodyOptional, content: { 'application/json': { schema: toSchema(route.body, 'input') } } } }
        : {}),
    };
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation;
  }
  paths['/openapi.json'] = { get: { summary: 'This document', operationId: 'getOpenapi', responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': {} } } } } };
  return {
    openapi: '3.1.0',
    info: { title: 'region-failover API', version: '1.0.0', description: 'Status, operator actions, locks, routing and health signals of a region-failover service. Errors are JSON {error, message, details}.' },
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'local mode: the token printed at start' },
        sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', description: 'AWS SigV4 (API Gateway IAM authorization)' },
      },
    },
  };
}
