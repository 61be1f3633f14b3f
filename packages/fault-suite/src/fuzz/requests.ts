import fc from 'fast-check';
import { rawRequest, type FuzzRequest } from './client';
import { mutatedJson, shortWeirdString, weirdString } from './values';

/** A path, query or header parameter: values that are valid, and the hostile ones the fuzzer tries. */
export interface Param {
  valid: fc.Arbitrary<string>;
  hostile: fc.Arbitrary<string>;
}

/** One route of a service, with what a valid request to it looks like. */
export interface RouteSpec {
  method: string;
  /** Relative frequency (default 5): lower for routes that are slow on purpose (password hashing). */
  weight?: number;
  /** Path segments: fixed text or a parameter. */
  path: (string | Param)[];
  /** Query parameters it reads. */
  query?: Record<string, Param>;
  /** A valid JSON body, mutated by the fuzzer. */
  body?: Record<string, unknown>;
  /** Authorization header values that work here (the fuzzer also sends wrong ones and none). */
  auth?: string[];
  headers?: Record<string, Param>;
}

export const METHODS = [
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'TRACE',
  'PROPFIND',
  'FOO',
];

/** Percent-encoded UTF-8 (a lone surrogate, which encodeURIComponent refuses, becomes U+FFFD). */
const encode = (s: string) => encodeURIComponent(Buffer.from(s, 'utf8').toString('utf8'));

/**
 * A parameter whose valid values are `valid` (or, given none, anything: it is free text) and whose hostile values
 * are hostile text (percent-encoded, raw, broken encodings, NUL, huge).
 */
export function param(...valid: string[]): Param {
  const hostile = fc.oneof(
    // Bytes a text column refuses (NUL, an encoded surrogate): often, since one anywhere is enough for a 500.
    { weight: 3, arbitrary: fc.constantFrom('%00', 'a%00b', '%ED%A0%80', 'x%ED%B0%80') },
    { weight: 5, arbitrary: shortWeirdString.map(encode) },
    { weight: 2, arbitrary: shortWeirdString },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '%',
        '%zz',
        '%E0%A4%A',
        '%00',
        'a%00b',
        '%ED%A0%80',
        '%C0%80',
        '%C0%AE',
        '..',
        '.',
        '',
        '%2F',
        '%252e',
        'ü',
        '\u0085',
      ),
    },
    { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 100_000 }).map((n) => 'A'.repeat(n)) },
  );
  return { valid: valid.length ? fc.constantFrom(...valid) : hostile, hostile };
}

/** Either of the parameter's values: for a parameter the fuzzer mutates on its own terms (headers). */
const either = (p: Param) => fc.oneof(p.valid, p.hostile);

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=koi8-r',
  'application/merge-patch+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json, text/plain',
  '*/*',
  '',
  'ääh',
);

const badAuth = fc.constantFrom(
  'Bearer wrong-token',
  'Bearer ',
  'Bearer',
  'Basic YWRtaW46YWRtaW4=',
  'bearer  x y',
  `Bearer ${'x'.repeat(10_000)}`,
  'Bearer \u00ff\u00fe',
  'Bearer null',
  "Bearer ' OR '1'='1",
);

const extraHeaders = fc.dictionary(
  fc.constantFrom(
    'Accept',
    'Accept-Encoding',
    'Content-Encoding',
    'Expect',
    'Origin',
    'Cookie',
    'If-None-Match',
    'Range',
    'X-Forwarded-For',
    'X-Forwarded-Proto',
    'Last-Event-ID',
    'X-HTTP-Method-Override',
    '__proto__',
    'X-Weird',
  ),
  fc.oneof(
    weirdString.filter((s) => /^[\t\x20-\x7e\x80-\xff]*$/.test(s) && s.length < 8_000),
    fc.constantFrom(
      'gzip',
      'deflate',
      'br',
      '100-continue',
      'bytes=0-1',
      '*',
      'vt_session=abc',
      'text/event-stream',
    ),
  ),
  { maxKeys: 3 },
);

/** What one request changes from a valid one: usually one thing, so the other parts do not hide it. */
const MUTATIONS = [
  'path',
  'query',
  'queryExtra',
  'method',
  'auth',
  'contentType',
  'headers',
  'body',
] as const;
type Mutation = (typeof MUTATIONS)[number];
// Parameters and bodies are where the hostile values go: they weigh more than the framing around them.
const MUTATION_WEIGHTS: Record<Mutation, number> = {
  path: 3,
  query: 3,
  queryExtra: 1,
  method: 1,
  auth: 1,
  contentType: 1,
  headers: 1,
  body: 3,
};
const mutations: fc.Arbitrary<Mutation[]> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Mutation[]>([]) },
  {
    weight: 12,
    arbitrary: fc.oneof(
      ...MUTATIONS.map((m) => ({ weight: MUTATION_WEIGHTS[m], arbitrary: fc.constant<Mutation[]>([m]) })),
    ),
  },
  { weight: 3, arbitrary: fc.uniqueArray(fc.constantFrom(...MUTATIONS), { minLength: 2, maxLength: 4 }) },
);

/** The path with every parameter valid, or one of them (at random) hostile. */
function pathOf(spec: RouteSpec, mutate: boolean): fc.Arbitrary<string> {
  const params = spec.path.filter((p) => typeof p !== 'string').length;
  return fc.integer({ min: 0, max: Math.max(0, params - 1) }).chain((bad) => {
    let n = 0;
    const parts = spec.path.map((p) =>
      typeof p === 'string' ? fc.constant(p) : mutate && n++ === bad ? p.hostile : (n++, p.valid),
    );
    return fc.tuple(...parts).map((ps) => ps.join('/'));
  });
}

/**
 * Some of the route's parameters with valid values; to mutate, one of them (any, included for sure) hostile;
 * `extra` adds one more: unknown, polluting or repeated.
 */
function queryOf(spec: RouteSpec, mutate: boolean, extra: boolean): fc.Arbitrary<string> {
  const known = Object.entries(spec.query ?? {});
  const bad = mutate && known.length ? fc.nat(known.length - 1) : fc.constant(-1);
  const pairs = fc.tuple(fc.subarray(known.map((_, i) => i)), bad).chain(([chosen, b]) =>
    fc.tuple(
      ...known
        .map(([k, p], i) => ({ k, p, i }))
        .filter(({ i }) => i === b || chosen.includes(i))
        .map(({ k, p, i }) => (i === b ? p.hostile : p.valid).map((v) => `${k}=${v}`)),
    ),
  );
  const more = fc
    .tuple(
      fc.constantFrom(...known.map(([k]) => k), '__proto__', 'constructor[prototype]', 'a[b]', ''),
      param().hostile,
    )
    .map(([k, v]) => [`${k}=${v}`]);
  return fc
    .tuple(pairs, extra ? more : fc.constant([]))
    .map(([p, e]) => [...p, ...e])
    .map((all) => (all.length ? `?${all.join('&')}` : ''));
}

function targeted(spec: RouteSpec): fc.Arbitrary<FuzzRequest> {
  return mutations.chain((m) => {
    const has = (k: Mutation) => m.includes(k);
    const specific = Object.entries(spec.headers ?? {}).map(([k, p]) =>
      fc.option(has('headers') ? either(p) : p.valid, { freq: 2 }).map((v) => [k, v] as const),
    );
    return fc
      .record({
        method: has('method') ? fc.constantFrom(...METHODS) : fc.constant(spec.method),
        path: pathOf(spec, has('path')),
        query: queryOf(spec, has('query'), has('queryExtra')),
        auth: has('auth')
          ? fc.oneof(badAuth, fc.constant(undefined))
          : spec.auth?.length
            ? fc.constantFrom(...spec.auth)
            : fc.constant(undefined),
        contentType: has('contentType') ? contentTypes : fc.constant('application/json'),
        headers: has('headers') ? extraHeaders : fc.constant({}),
        specific: fc.tuple(...specific),
        body: spec.body
          ? has('body')
            ? fc.oneof(
                { weight: 9, arbitrary: mutatedJson(spec.body) },
                { weight: 1, arbitrary: fc.constant(undefined) },
              )
            : fc.constant(JSON.stringify(spec.body))
          : has('body')
            ? mutatedJson({ x: 1 })
            : fc.constant(undefined),
      })
      .map((r) => {
        const headers: Record<string, string> = { ...r.headers };
        for (const [k, v] of r.specific) if (v !== null) headers[k] = v;
        if (r.auth !== undefined) headers.Authorization = r.auth;
        if (r.body !== undefined && r.contentType) headers['Content-Type'] = r.contentType;
        return { method: r.method, path: `${r.path}${r.query}`, headers, body: r.body };
      });
  });
}

/** Any path at all, under the service's prefixes or not. */
const anyRequest = fc
  .record({
    method: fc.constantFrom(...METHODS),
    path: fc.array(
      either(param('api', 'v1', 'admin', 'vehicles', 'heartbeats', 'healthz', 'search', 'stream')),
      {
        maxLength: 6,
      },
    ),
    headers: extraHeaders,
    body: fc.option(fc.oneof(weirdString, mutatedJson({})), { freq: 3 }),
  })
  .map((r) => ({
    method: r.method,
    path: `/${r.path.join('/')}`,
    headers: r.headers,
    body: r.body ?? undefined,
  }));

/** Framing a well-behaved client would not send: the server must answer 4xx or close, and stay up. */
function malformed(base: fc.Arbitrary<FuzzRequest>): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(base, fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 5_000 }))
    .map(([req, kind, n]) => {
      const body = req.body ?? '{}';
      const head = `${req.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n`;
      const raws = [
        `${req.method} ${req.path} HTTP/9.9\r\nHost: x\r\n\r\n`,
        `G(T ${req.path} HTTP/1.1\r\n\r\n`,
        `${req.method} ${req.path.replace('/', '/ü /')} HTTP/1.1\r\nHost: x\r\n\r\n`,
        `POST ${head}X-Broken: a\rb\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
        `POST ${head}No colon here\r\n\r\n`,
        `POST ${head}Content-Length: ${body.length + n}\r\nContent-Type: application/json\r\n\r\n${body}`,
        `POST ${head}Content-Length: 1\r\nContent-Type: application/json\r\n\r\n${body}`,
        `POST ${head}Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
        `POST ${head}Content-Length: -1\r\n\r\n`,
        `POST ${head}Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n${body}\r\n0\r\n\r\n`,
        `POST ${head}Transfer-Encoding: chunked\r\nContent-Length: 2\r\nContent-Type: application/json\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
        `GET ${head}X-Big: ${'b'.repeat(20_000 + n)}\r\n\r\n`,
        rawRequest({ ...req, path: `${req.path}\u00ff` }),
      ];
      return { ...req, raw: raws[kind]! };
    });
}

/** Requests for a service: mostly aimed at its routes (valid and hostile parts), some anywhere, some malformed. */
export function requestsFor(routes: RouteSpec[]): fc.Arbitrary<FuzzRequest> {
  const aimed = fc.oneof(...routes.map((r) => ({ weight: r.weight ?? 5, arbitrary: targeted(r) })));
  return fc.oneof(
    { weight: 14, arbitrary: aimed },
    { weight: 3, arbitrary: anyRequest },
    { weight: 1, arbitrary: malformed(aimed) },
  );
}
