import { z } from 'zod';
import { ACTOR_HEADER } from './request-actor';
import type { RouteSpec } from './routes';

const CONTROL_METHODS = new Set(['POST', 'PUT']);
const PATH_PARAM = /:([A-Za-z][A-Za-z0-9_]*)/g;

/** Fastify's `/a/:id` is OpenAPI's `/a/{id}`. */
export function toOpenApiPath(url: string): string {
  return url.replace(PATH_PARAM, '{$1}');
}

function pathParameters(url: string): Record<string, unknown>[] {
  return [...url.matchAll(PATH_PARAM)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string', minLength: 1, maxLength: 64 },
  }));
}

/** A zod schema as OpenAPI 3.1 wants it: JSON Schema 2020-12 without its own $schema. */
function toSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

function describeOperation(route: RouteSpec): Record<string, unknown> {
  const responses = Object.fromEntries(
    Object.entries(route.responses).map(([status, response]) => [
      status,
      {
        description: response.description,
        content: {
          [response.contentType ?? 'application/json']:
            response.schema === undefined
              ? { schema: { type: 'string' } }
              : { schema: toSchema(response.schema, 'output') },
        },
      },
    ]),
  );
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.auth === 'none' ? { security: [] } : {}),
    ...describeParameters(route),
    ...(route.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: toSchema(route.body, 'input') } },
          },
        }),
    responses,
  };
}

function describeParameters(route: RouteSpec): Record<string, unknown> {
  const parameters = pathParameters(route.url);
  if (route.auth === 'bearer' && CONTROL_METHODS.has(route.method)) {
    parameters.push({
      name: ACTOR_HEADER,
      in: 'header',
      required: false,
      description: 'Who is acting, for the audit log (default "api")',
      schema: { type: 'string', minLength: 1, maxLength: 128 },
    });
  }
  return parameters.length === 0 ? {} : { parameters };
}

/** The OpenAPI 3.1 document of the given routes, generated from the same table the server uses. */
export function buildOpenApiDocument(
  routes: readonly RouteSpec[],
  version: string,
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = toOpenApiPath(route.url);
    paths[path] = {
      ...paths[path],
      [route.method.toLowerCase()]: describeOperation(route),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kavach engine API',
      version,
      description:
        'Control and status of the trading engine. Every route except /healthz, /metrics and ' +
        '/postback needs `Authorization: Bearer <ENGINE_API_TOKEN>`. Control actions are audited.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
    paths,
  };
}
