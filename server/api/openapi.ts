// The OpenAPI 3.1 document of /api/v1, generated from the endpoint list and its zod schemas.
import { createDocument } from 'zod-openapi';
import { ENDPOINTS, type Endpoint } from './endpoints.js';
import { ApiErrorBody } from './schemas.js';

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input: `fields` names each problem by its path',
  401: 'No valid token (missing, unknown, revoked, expired, or its user deactivated)',
  403: 'The access policy refuses it, or a read-scope token asked to write (code insufficient_scope)',
  404: 'No such record',
  409: "Not possible in the record's current state",
  429: 'Too many requests for this token; see Retry-After',
};

const errorResponse = (status: number) => ({ description: ERROR_TEXT[status], content: { 'application/json': { schema: ApiErrorBody } } });

function operation(e: Endpoint) {
  const ok =
    e.response === 'pdf'
      ? { description: 'The PDF', content: { 'application/pdf': { schema: { type: 'string' as const, format: 'binary' } } } }
      : { description: 'OK', content: { 'application/json': { schema: e.response } } };
  return {
    operationId: e.operationId,
    summary: e.summary,
    tags: [e.tag],
    description: e.scope === 'write' ? 'Needs a token with the **write** scope.' : 'Any token (read or write scope).',
    requestParams: { ...(e.params ? { path: e.params } : {}), ...(e.query ? { query: e.query } : {}) },
    ...(e.body ? { requestBody: { required: true, content: { 'application/json': { schema: e.body } } } } : {}),
    responses: {
      [String(e.status ?? 200)]: ok,
      ...Object.fromEntries([...e.errors, 401, 429].map((s) => [String(s), errorResponse(s)])),
    },
  };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, ReturnType<typeof operation>>> = {};
  for (const e of ENDPOINTS) (paths[e.path] ??= {})[e.method] = operation(e);
  const document = {
    operationId: 'getOpenApi',
    summary: 'This document (no token needed)',
    tags: ['Account'],
    security: [],
    responses: { '200': { description: 'The OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' as const } } } } },
  };
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Zhiping 智评 API',
      version: '1.0.0',
      description:
        'JSON API for integrations. Create a personal access token on /account/tokens and send it as `Authorization: Bearer zp_…`. ' +
        'A token acts as its user, with the same access policy and validation as the pages. Lists are paginated by an opaque `cursor` ' +
        '(`next_cursor` is null on the last page). Every error is `{ "error": { "code", "message", "fields" } }`.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A personal access token: zp_ followed by 43 characters' } } },
    paths: { '/openapi.json': { get: document }, ...paths },
  });
}
