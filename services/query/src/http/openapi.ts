import { z } from 'zod';
import {
  CountsEventData,
  CustomerListResponse,
  HistoryQuery,
  HistoryResponse,
  LoginBody,
  LoginResponse,
  PingResponse,
  Problem,
  SeedSearchQuery,
  SeedSearchResponse,
  SessionResponse,
  StatusEventData,
  StreamQuery,
  VehicleDetail,
  VehicleListQuery,
  VehicleListResponse,
} from '@vehicle-tracker/contracts';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** Query parameters from a zod object: one entry per key, required unless it is optional or has a default. */
function queryParameters(schema: z.ZodObject): JsonSchema[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const { description, ...json } = schemaOf(field as z.ZodType, 'input');
    const required = !(field as z.ZodType).safeParse(undefined).success;
    return { name, in: 'query', required, ...(description ? { description } : {}), schema: json };
  });
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string, description = 'OK') => ({
  description,
  content: { 'application/json': { schema: ref(name) } },
});
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});
const vinParameter = {
  name: 'vin',
  in: 'path',
  required: true,
  description: '17 characters of A-H, J-N, P, R-Z and 0-9; lower case is accepted',
  schema: { type: 'string', pattern: '^[A-HJ-NPR-Za-hj-npr-z0-9]{17}$' },
};

function paths() {
  const bad = problem('a bad parameter, named in `errors`');
  const unknown = problem('no vehicle with that VIN');
  const signedOut = { 401: problem('no live operator session (WWW-Authenticate: Bearer)') };
  return {
    ...authPaths(),
    '/api/v1/vehicles': {
      get: {
        summary: 'Search the fleet (live, or as of an instant with asOf)',
        parameters: queryParameters(VehicleListQuery),
        responses: { 200: json('VehicleListResponse'), 400: bad, ...signedOut },
      },
    },
    '/api/v1/vehicles/{vin}': {
      get: {
        summary: 'One vehicle',
        parameters: [vinParameter],
        responses: { 200: json('VehicleDetail'), 400: bad, ...signedOut, 404: unknown },
      },
    },
    '/api/v1/vehicles/{vin}/history': {
      get: {
        summary: 'Connectivity intervals, uptime share and heartbeats per hour in a range',
        parameters: [vinParameter, ...queryParameters(HistoryQuery)],
        responses: { 200: json('HistoryResponse'), 400: bad, ...signedOut, 404: unknown },
      },
    },
    '/api/v1/customers': {
      get: {
        summary: 'Every customer with its counts',
        responses: { 200: json('CustomerListResponse'), ...signedOut },
      },
    },
    '/api/v1/stream': { get: streamOperation(bad, signedOut) },
    '/search': {
      get: {
        summary: "The seed application's search (compatibility)",
        parameters: queryParameters(SeedSearchQuery),
        responses: { 200: json('SeedSearchResponse'), 400: bad, ...signedOut },
      },
    },
    '/search/ping': {
      get: { summary: 'Liveness of the seed API', security: [], responses: { 200: json('PingResponse') } },
    },
    '/api/v1/openapi.json': {
      get: { summary: 'This document', security: [], responses: { 200: { description: 'OpenAPI 3.1' } } },
    },
    '/healthz': {
      get: { summary: 'The process is alive', security: [], responses: { 200: { description: 'alive' } } },
    },
    '/readyz': {
      get: {
        summary: 'Database reachable, migrations applied',
        security: [],
        responses: { 200: { description: 'ready' }, 503: { description: 'not ready' } },
      },
    },
    '/metrics': {
      get: {
        summary: 'Prometheus metrics',
        security: [],
        responses: { 200: { description: 'text format' } },
      },
    },
  };
}

function authPaths() {
  const signedOut = problem('no live session (Bearer token or vt_session cookie)');
  return {
    '/api/v1/auth/login': {
      post: {
        summary: 'Sign in: the token comes back and as the vt_session cookie (HttpOnly, SameSite=Strict)',
        security: [],
        requestBody: { required: true, content: { 'application/json': { schema: ref('LoginBody') } } },
        responses: {
          200: json('LoginResponse'),
          400: problem('not a username and password'),
          401: problem('wrong username or password (one answer for both)'),
          415: problem('the body is not application/json'),
          429: problem('too many failed sign-ins from this address; Retry-After says when to retry'),
        },
      },
    },
    '/api/v1/auth/session': {
      get: {
        summary: 'The current session, or authRequired: false when sign-in is off',
        security: [],
        responses: { 200: json('SessionResponse'), 401: signedOut },
      },
    },
    '/api/v1/auth/logout': {
      post: {
        summary: 'Sign out: ends the session and clears the cookie',
        security: [],
        responses: { 204: { description: 'signed out (also when there was no session)' } },
      },
    },
  };
}

function streamOperation(bad: unknown, signedOut: Record<number, unknown>) {
  return {
    summary:
      'Server-Sent Events: `status` (id = change id) and `counts`; `reset` when a resume is impossible',
    parameters: [
      ...queryParameters(StreamQuery),
      {
        name: 'Last-Event-ID',
        in: 'header',
        required: false,
        schema: { type: 'string', pattern: '^\\d{1,18}$' },
      },
    ],
    responses: {
      200: {
        description:
          'text/event-stream. `retry: 3000` first; `event: status` data StatusEventData; `event: counts` data ' +
          'CountsEventData (on connect and after each batch of changes); `event: reset` (refetch, then carry on); ' +
          '`: keepalive` comments.',
        content: {
          'text/event-stream': { schema: { oneOf: [ref('StatusEventData'), ref('CountsEventData')] } },
        },
      },
      400: bad,
      ...signedOut,
    },
  };
}

const COMPONENTS: Record<string, z.ZodType> = {
  VehicleListResponse,
  VehicleDetail,
  HistoryResponse,
  CustomerListResponse,
  StatusEventData,
  CountsEventData,
  SeedSearchResponse,
  PingResponse,
  LoginBody,
  LoginResponse,
  SessionResponse,
  Problem,
};

/** The OpenAPI 3.1 document of the query service, generated from the zod contract. */
export function openApiDocument(): JsonSchema {
  const schemas = Object.fromEntries(
    Object.entries(COMPONENTS).map(([name, s]) => [name, schemaOf(s, 'output')]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'vehicle-tracker query API',
      version: '1.0.0',
      description:
        'Fleet search, history, time travel (asOf) and live status. Unknown query parameters are ignored.',
    },
    paths: paths(),
    // Every route needs an operator session unless it says `security: []` or is listed as open in the README.
    security: [{ bearer: [] }, { cookie: [] }],
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'the token of POST /api/v1/auth/login' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'vt_session' },
      },
    },
  };
}
