import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTestApp } from '../testing/testApp.js';
import {
  PNG_HEAD,
  SchemaArbitraries,
  asUrlText,
  bodyLocations,
  encodeSegment,
  hostileValue,
  malformedJson,
  multipart,
  multipartBody,
  replaceAt,
  type JsonSchema,
  type KnownValues,
} from '../testing/fuzzInputs.js';

/**
 * Bad input never gives a 500 and never writes: every route of the OpenAPI document gets malformed
 * path ids, queries and bodies (NUL bytes, integers past 32 and 64 bits, impossible dates, bad
 * cursors, wrong types) as every demo role and anonymously. A 5xx fails, so does an answer that is
 * not the error shape, and so does a rejected request after which a table changed.
 *
 * Fixed seed: FUZZ_SEED=… reruns another, FUZZ_RUNS=… sets the runs per route (a failure prints the
 * seed and the request, shrunk).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 160_016);
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const ANONYMOUS = 'anonymous';
const PRINCIPALS = [
  'admin',
  'operator',
  'hotline',
  'shiftleader',
  'dispatcher',
  'zhifu.dispatcher',
  'inspector',
  'water.handler',
  'sanitation.zhifu',
  'supervisor',
  'utility',
  'commander',
  'leader',
  'citizen',
];

interface OpenApiParameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}
interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

interface Route {
  method: string;
  path: string;
  op: OpenApiOperation;
  /** Principals the access rule admits (the others get 401/403 before validation). */
  admitted: string[];
}

interface Probe {
  principal: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

const t = await makeTestApp({ DEMO_CASES: '8' });
afterAll(() => t.close());
const cookies = new Map<string, string>();
for (const p of PRINCIPALS) cookies.set(p, await t.login(p));
const principalRoles = new Map<string, string[]>();
for (const p of PRINCIPALS) {
  const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookies.get(p)! } });
  principalRoles.set(p, (me.json() as { roles: string[] }).roles);
}

const doc = t.app.swagger() as unknown as OpenApiDocument;
const known = await knownValues();
const routes = listRoutes();

/** Rows of every table and the newest updated_at where there is one: what a rejected request must leave alone. */
const snapshotSql = await (async () => {
  const tables = await t.app.platform.db.query<{ name: string; updated: boolean }>(
    `select c.relname as name,
            exists (select 1 from information_schema.columns col
                    where col.table_schema = 'public' and col.table_name = c.relname
                      and col.column_name = 'updated_at') as updated
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
     order by 1`,
  );
  const columns = tables.rows.flatMap((r) => [
    `(select count(*) from "${r.name}") as "${r.name}"`,
    ...(r.updated ? [`(select max(updated_at)::text from "${r.name}") as "${r.name}.updated_at"`] : []),
  ]);
  // An accepted import goes on in the background (import_jobs): its rows must not count against
  // the next request, so send() waits until no import is under way.
  const busy = `(select count(*) from import_jobs where state in ('validating', 'running')) as busy`;
  return `select ${[...columns, busy].join(', ')}`;
})();
async function snapshot(): Promise<Record<string, unknown>> {
  return (await t.app.platform.db.query(snapshotSql)).rows[0]!;
}

async function knownValues(): Promise<KnownValues> {
  const db = t.app.platform.db;
  const col = async (sql: string) => (await db.query<{ v: string | number }>(sql)).rows.map((r) => r.v);
  const principalIds = await col(
    `select id as v from users where username = any('{${PRINCIPALS.join(',')}}'::text[])`,
  );
  const byPattern = new Map<string, readonly string[]>([
    ['^[0-9]{15}$', (await col(`select code as v from unit_grids order by code limit 4`)).map(String)],
    ['^[0-9]{6}$', (await col(`select code as v from districts order by code limit 3`)).map(String)],
    ['^[0-9]{9}$', (await col(`select code as v from streets order by code limit 3`)).map(String)],
    ['^[0-9]{12}$', (await col(`select code as v from communities order by code limit 3`)).map(String)],
    ['^[0-9]{16}$', (await col(`select code as v from components order by code limit 4`)).map(String)],
    ['^[0-9]{4}$', ['0101', '0102', '0201', '0601', '0101'.replace('1', '2')]],
  ]);
  const ids = (rows: (string | number)[]) => (rows.length ? rows : [1]);
  const byName = new Map<string, readonly (string | number)[]>([
    ['caseId', ids(await col(`select id as v from cases order by id limit 5`))],
    [
      'metric',
      ids(
        await col(
          `select distinct m->>'key' as v from device_profiles, jsonb_array_elements(metrics) m order by 1 limit 6`,
        ),
      ),
    ],
    ['type', ids(await col(`select type as v from device_profiles order by type limit 4`))],
    ['profileType', ids(await col(`select type as v from device_profiles order by type limit 4`))],
    ['duplicateOf', ids(await col(`select id as v from cases order by id limit 3`))],
    ['unitId', ids(await col(`select id as v from departments order by id limit 4`))],
    ['departmentId', ids(await col(`select id as v from departments order by id limit 4`))],
    ['maintainerDeptId', ids(await col(`select id as v from departments order by id limit 3`))],
    ['deviceId', ids(await col(`select id as v from devices order by id limit 4`))],
    [
      'inspectorId',
      ids(await col(`select id as v from users where 'inspector' = any(roles) order by id limit 4`)),
    ],
  ]);
  // Path ids by the route they belong to; user ids never name a signed-in principal (a valid
  // request could deactivate it and the rest of the run would be anonymous).
  const pathIds: [string, (string | number)[]][] = [
    ['/api/cases/', ids(await col(`select id as v from cases order by id limit 5`))],
    ['/api/visits/', ids(await col(`select id as v from cases order by id limit 5`))],
    [
      '/api/users/',
      ids(
        await col(
          `select id as v from users where not (id = any('{${principalIds.join(',')}}'::int[])) order by id limit 4`,
        ),
      ),
    ],
    ['/api/org/departments/', ids(await col(`select id as v from departments order by id limit 4`))],
    ['/api/alarm-rules/', ids(await col(`select id as v from alarm_rules order by id limit 4`))],
    ['/api/alarms/', ids(await col(`select id as v from alarms order by id limit 4`))],
    ['/api/commands/', ids(await col(`select id as v from commands order by id limit 4`))],
    ['/api/devices/', ids(await col(`select id as v from devices order by id limit 4`))],
  ];
  for (const [prefix, values] of pathIds) byName.set(`path:${prefix}`, values);
  return { byPattern, byName };
}

function listRoutes(): Route[] {
  const out: Route[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const upper = method.toUpperCase();
      const rule = t.app.routeRules.find(
        (r) => r.method === upper && r.url === path.replace(/\{(\w+)\}/g, ':$1'),
      );
      const access = rule?.access;
      const admitted =
        !access || 'public' in access
          ? [ANONYMOUS, ...PRINCIPALS]
          : access.roles === 'authenticated'
            ? PRINCIPALS
            : PRINCIPALS.filter((p) =>
                principalRoles.get(p)!.some((r) => (access.roles as string[]).includes(r)),
              );
      out.push({ method: upper, path, op, admitted });
    }
  }
  return out;
}

/** Multipart uploads the OpenAPI document has no body schema for: broken forms and broken images. */
const MULTIPART_ROUTES = new Set(['POST /api/attachments', 'POST /api/public/photos']);
type Location = { in: 'path' | 'query'; name: string } | { in: 'body'; at: (string | number)[] };

/**
 * A request as a principal: plausible path, query and body from the route's schemas, then (six
 * times in seven) one hostile value put at one place: a path segment, a query value (present or
 * not), the body or a field deep in it. Now and then the body is not JSON at all.
 */
function requestArb(route: Route): fc.Arbitrary<Probe> {
  const gen = new SchemaArbitraries(doc.components?.schemas ?? {}, known);
  const params = route.op.parameters ?? [];
  const pathParams: Record<string, fc.Arbitrary<unknown>> = {};
  const queryParams: Record<string, fc.Arbitrary<unknown>> = {};
  const prefix = route.path.replace(/\{.*$/, '');
  const ids = known.byName.get(`path:${prefix}`);
  for (const p of params) {
    if (p.in === 'path')
      pathParams[p.name] =
        p.name === 'id' && ids ? fc.constantFrom(...ids).map(String) : gen.plausible(p.schema, p.name, true);
    else if (p.in === 'query') queryParams[p.name] = gen.plausible(p.schema, p.name, true);
  }
  const multipartRoute = MULTIPART_ROUTES.has(`${route.method} ${route.path}`);
  const jsonSchema = route.op.requestBody?.content['application/json']?.schema;
  const body: fc.Arbitrary<unknown> = jsonSchema
    ? gen.plausible(jsonSchema, 'body', false)
    : fc.constant(undefined);
  const principal =
    route.path === '/api/auth/logout'
      ? fc.constant(ANONYMOUS) // a signed-in principal would lose its session for the rest of the run
      : fc.oneof(
          { arbitrary: fc.constantFrom(...route.admitted), weight: 6 },
          { arbitrary: fc.constantFrom(ANONYMOUS, ...PRINCIPALS), weight: 1 },
        );
  const sendsBody = jsonSchema !== undefined || !['GET', 'DELETE'].includes(route.method);
  return fc
    .record({
      principal,
      path: fc.record(pathParams),
      query: fc.record(queryParams, { requiredKeys: [] }),
      body,
      hostile: fc.option(fc.record({ where: fc.nat(), value: hostileValue }), { freq: 7 }),
      broken: fc.option(sendsBody && !multipartRoute ? malformedJson : fc.constant(null), { freq: 6 }),
      upload: multipartRoute ? multipartBody : fc.constant(null),
      english: fc.boolean(),
      // now and then a JSON body under another name (form, plain text, bytes, a charset)
      otherType: fc.option(
        fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/octet-stream',
          'application/json; charset=latin1',
        ),
        { freq: 10 },
      ),
    })
    .map(({ principal, path, query, body, hostile, broken, upload, english, otherType }) => {
      const path2: Record<string, unknown> = { ...path };
      const query2: Record<string, unknown> = { ...query };
      let body2 = body;
      if (hostile) {
        const places: Location[] = [
          ...Object.keys(pathParams).map((name) => ({ in: 'path' as const, name })),
          ...Object.keys(queryParams).map((name) => ({ in: 'query' as const, name })),
          ...(sendsBody && !multipartRoute
            ? bodyLocations(body).map((at) => ({ in: 'body' as const, at }))
            : []),
        ];
        const place = places[hostile.where % Math.max(places.length, 1)];
        if (place?.in === 'path') path2[place.name] = asUrlText(hostile.value);
        else if (place?.in === 'query') query2[place.name] = asUrlText(hostile.value);
        else if (place?.in === 'body') body2 = replaceAt(body, place.at, hostile.value);
      }
      const url = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeSegment(String(path2[name])));
      const search = new URLSearchParams(
        Object.entries(query2).map(([k, v]): [string, string] => [k, String(v)]),
      ).toString();
      const cookie = cookies.get(principal);
      const payload: { headers: Record<string, string>; payload?: string | Buffer } = upload
        ? upload
        : broken
          ? broken
          : sendsBody && body2 !== undefined
            ? {
                headers: { 'content-type': otherType ?? 'application/json' },
                payload: JSON.stringify(body2) ?? 'null',
              }
            : { headers: {} };
      return {
        principal,
        method: route.method,
        url: search ? `${url}?${search}` : url,
        headers: {
          ...payload.headers,
          ...(cookie ? { cookie } : {}),
          ...(english ? { 'accept-language': 'en' } : {}),
        },
        ...(payload.payload !== undefined ? { payload: payload.payload } : {}),
      };
    });
}

/** What a refused request writes by design: a failed login takes a throttle slot (its purpose). */
const WRITTEN_WHEN_REFUSED: Record<string, string[]> = { 'POST /api/auth/login': ['login_throttle'] };

/**
 * The tables as the last refused request left them: nothing else writes meanwhile, so the next
 * request starts from it and one count of the tables per refused request is enough.
 */
let unchangedSince: Record<string, unknown> | null = null;

/** The platform's error shape: `{"error": {code, message, detail?}}`. */
function expectApiError(res: { json: () => unknown }, what: string): void {
  const body = res.json() as {
    code?: string;
    error?: { code?: unknown; message?: unknown; detail?: unknown };
  };
  expect(typeof body.error?.code, what).toBe('string');
  expect(typeof body.error?.message, what).toBe('string');
  expect(['string', 'undefined'], what).toContain(typeof body.error?.detail);
}

/** GeoReport's error shape (issue 19): `[{code, description}]`, or `<errors><error>…` in XML. */
function expectOpen311Errors(res: { body: string; headers: Record<string, unknown> }, what: string): void {
  if (String(res.headers['content-type']).startsWith('application/xml')) {
    expect(res.body, what).toMatch(
      /<errors>(<error><code>\d{3}<\/code><description>[^<]*<\/description><\/error>)+<\/errors>$/,
    );
    return;
  }
  const errors = JSON.parse(res.body) as Array<{ code?: unknown; description?: unknown }>;
  expect(Array.isArray(errors) && errors.length > 0, what).toBe(true);
  for (const e of errors) {
    expect(typeof e.code, what).toBe('number');
    expect(typeof e.description, what).toBe('string');
  }
}

async function send(probe: Probe, mustRefuse = false): Promise<void> {
  let before = unchangedSince ?? (await snapshot());
  unchangedSince = null;
  for (let waited = 0; Number(before.busy) > 0 && waited < 30_000; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    before = await snapshot();
  }
  const res = await t.app.inject({
    method: probe.method as 'GET',
    url: probe.url,
    headers: probe.headers,
    ...(probe.payload !== undefined ? { payload: probe.payload } : {}),
  });
  const what = `${probe.principal} ${probe.method} ${probe.url} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, what).toBeLessThan(500);
  if (mustRefuse) expect(res.statusCode, what).toBeGreaterThanOrEqual(400);
  if (res.statusCode < 400) return;
  if (probe.url.startsWith('/open311/')) expectOpen311Errors(res, what);
  else expectApiError(res, what);
  const after = await snapshot();
  const now = { ...after };
  for (const table of WRITTEN_WHEN_REFUSED[`${probe.method} ${probe.url.split('?')[0]}`] ?? []) {
    for (const key of [table, `${table}.updated_at`]) {
      delete before[key];
      delete after[key];
    }
  }
  expect(after, `a rejected request changed a table: ${what}`).toEqual(before);
  unchangedSince = now;
}

const USER = {
  username: 'fuzz.user',
  displayName: 'Fuzz',
  password: 'long enough password',
  roles: ['inspector'],
  jurisdiction: { level: 'city', code: null, departmentId: null },
};
/** The requests that answered 500 (or acted on the wrong row) when issue 16 was filed, and since. */
const [DEVICE, METRIC] = await t.app.platform.db
  .query<{ id: string; metric: string }>(
    `select d.id, p.metrics->0->>'key' as metric
     from devices d join device_profiles p on p.type = d.type order by d.id limit 1`,
  )
  .then((r) => [r.rows[0]?.id, r.rows[0]?.metric]);
const ISSUE_PROBES: [principal: string, method: string, url: string, payload?: unknown][] = [
  [ANONYMOUS, 'POST', '/api/auth/login', { username: 'admin\u0000', password: 'cityloop' }],
  [
    'admin',
    'POST',
    '/api/org/departments',
    {
      code: 'fuzz.nul',
      name: 'x\u0000y',
      kind: 'sanitation',
      districtCode: null,
      componentCategories: [],
      eventCategories: [],
      areaCodes: [],
    },
  ],
  ['admin', 'GET', '/api/users?q=%00', undefined],
  ['admin', 'GET', '/api/users/2147483648', undefined],
  ['admin', 'GET', '/api/cases/9223372036854775808', undefined],
  ['admin', 'GET', '/api/cases?cursor=99999999999999999999', undefined],
  ['admin', 'GET', '/api/cases?unitId=2147483648', undefined],
  ['admin', 'GET', '/api/alarms?before=9223372036854775808', undefined],
  ['admin', 'GET', '/api/evaluation/units?date=2026-02-30', undefined],
  ['admin', 'GET', '/api/evaluation/streets/trend?date=2026-02-30', undefined],
  ['admin', 'GET', '/api/evaluation/units/export.xlsx?date=2026-02-30', undefined],
  ['admin', 'GET', '/api/evaluation/units/1/cases?date=2026-02-30', undefined],
  ['admin', 'GET', '/api/evaluation/units?date=0000-01-01', undefined],
  ['admin', 'GET', '/api/cases?from=0000-01-01T00:00:00Z', undefined],
  ['admin', 'PUT', '/api/calendar/days/0000-01-01', { kind: 'holiday' }],
  ['admin', 'GET', `/api/devices/${DEVICE}/series?metric=${METRIC}&to=99999999999999999`, undefined],
  ['admin', 'DELETE', '/api/alarm-rules/0x10', undefined],
  ['hotline', 'POST', '/api/visits/1e3/phone', undefined],
  // found by this suite
  ['admin', 'POST', '/api/users', { ...USER, supervisionGridCodes: ['000000000'] }],
  ['admin', 'PATCH', `/api/grids/${known.byPattern.get('^[0-9]{15}$')![0]}`, { responsibleBody: '\ud800' }],
  ['admin', 'PUT', '/api/calendar/periods', { periods: [{ start: '10:00', end: '00:00' }] }],
  [
    'admin',
    'PUT',
    `/api/users/${known.byName.get('path:/api/users/')![0]}`,
    { ...USER, jurisdiction: { level: 'city', code: null, departmentId: 'Infinity' } },
  ],
  ['admin', 'POST', '/api/cases/1/actions', { action: 'dispatch', unitId: '0x10' }],
  [ANONYMOUS, 'GET', '/api/grids/at?lon=Infinity&lat=37.46', undefined],
];
describe('the probes of issue 16 get a 4xx in the error shape and write nothing', () => {
  for (const [principal, method, url, payload] of ISSUE_PROBES) {
    it(`${principal} ${method} ${url.slice(0, 80)}`, async () => {
      const cookie = cookies.get(principal);
      await send(
        {
          principal,
          method,
          url,
          headers: {
            ...(cookie ? { cookie } : {}),
            ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
        },
        true,
      );
    });
  }
  it('a cut-off upload, and a PNG cut after its header', async () => {
    const cookie = cookies.get('inspector')!;
    const png = multipart([{ name: 'file', filename: 'a.png', type: 'image/png', data: PNG_HEAD }], 'b');
    for (const payload of [png.subarray(0, png.length - 5), png]) {
      await send(
        {
          principal: 'inspector',
          method: 'POST',
          url: '/api/attachments',
          headers: { cookie, 'content-type': 'multipart/form-data; boundary=b' },
          payload,
        },
        true,
      );
    }
  });
});

/** Fastify's router refuses these before any hook; app.ts passes http/errors.ts's frameworkErrors. */
it("the router's own answers (a malformed URL) come in the error shape", async () => {
  for (const url of ['/api/cases/%zz', `/api/grids/${'9'.repeat(200)}`]) {
    const res = await t.app.inject({ method: 'GET', url, headers: { cookie: cookies.get('admin')! } });
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json()).toMatchObject({ error: { code: 'validation.failed' } });
  }
});

describe('bad input gets a 4xx in the error shape and writes nothing', () => {
  for (const route of routes) {
    const runs = route.admitted.length === 0 ? 2 : RUNS;
    it(`${route.method} ${route.path}`, async () => {
      await fc.assert(
        fc.asyncProperty(requestArb(route), (probe) => send(probe)),
        { seed: SEED, numRuns: runs, endOnFailure: false },
      );
    }, 180_000); // a backup or an import a run, on a busy machine
  }
});
