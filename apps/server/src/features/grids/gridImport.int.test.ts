import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';

let t: TestApp;
let admin: string;
interface Fc {
  type: 'FeatureCollection';
  features: Array<{
    type: 'Feature';
    properties: Record<string, unknown>;
    geometry: { type: 'Polygon'; coordinates: number[][][] };
  }>;
}
let city: Fc;

beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.login('admin');
  // The city's own grids, as a census export would carry them.
  city = (
    await t.app.inject({ url: '/api/grids?bbox=120,36,123,38&limit=20000', headers: { cookie: admin } })
  ).json();
});
afterAll(() => t.close());

async function waitForJob(id: number) {
  for (;;) {
    const job = (await t.app.inject({ url: `/api/grids/import/${id}`, headers: { cookie: admin } })).json();
    if (!['validating', 'running'].includes(job.state)) return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const versionOf = async (code: string) =>
  (await t.app.inject({ url: `/api/grids/${code}`, headers: { cookie: admin } })).json().version as number;

describe('grid import', () => {
  it('offers a template file that validates as it is, and says so when a file holds no grids', async () => {
    const res = await t.app.inject({ url: '/api/grids/import/template.geojson', headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('unit-grids-template.geojson');
    const template = res.json() as Fc;
    expect(template.features.length).toBeGreaterThan(0);
    expect(Object.keys(template.features[0]!.properties).sort()).toEqual([
      'code',
      'responsibleBody',
      'supervisionGridCode',
    ]);
    const validate = (body: object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/grids/import/validate',
        headers: { cookie: admin },
        payload: body,
      });
    expect((await validate(template)).json()).toMatchObject({ ok: true, problems: [] });
    const empty = (await validate({ type: 'FeatureCollection', features: [] })).json();
    expect(empty).toMatchObject({ ok: false, total: 0, problems: [{ kind: 'no_features' }] });
  });

  it('accepts the city’s own grids: clean report, then every grid written as a new version', async () => {
    const fc: Fc = {
      ...city,
      features: city.features.map((f) => ({
        ...f,
        properties: { ...f.properties, responsibleBody: '导入测试' },
      })),
    };
    const report = (
      await t.app.inject({
        method: 'POST',
        url: '/api/grids/import/validate',
        headers: { cookie: admin },
        payload: fc,
      })
    ).json();
    expect(report).toMatchObject({
      ok: true,
      total: city.features.length,
      valid: city.features.length,
      problems: [],
    });
    const code = city.features[0]!.properties.code as string;
    const before = await versionOf(code);
    const started = await t.app.inject({
      method: 'POST',
      url: '/api/grids/import',
      headers: { cookie: admin },
      payload: fc,
    });
    expect(started.statusCode).toBe(202);
    const job = await waitForJob(started.json().id);
    expect(job).toMatchObject({ state: 'done', processed: city.features.length });
    expect(await versionOf(code)).toBe(before + 1);
    expect(
      (await t.app.inject({ url: `/api/grids/${code}`, headers: { cookie: admin } })).json().responsibleBody,
    ).toBe('导入测试');
  });

  it('reports bad codes, duplicates, overlaps, grids outside their community and gaps, and writes nothing', async () => {
    const [a, b, c, d] = city.features as [
      Fc['features'][0],
      Fc['features'][0],
      Fc['features'][0],
      Fc['features'][0],
    ];
    const shifted = (f: Fc['features'][0], dx: number) => ({
      ...f.geometry,
      coordinates: [f.geometry.coordinates[0]!.map(([x, y]) => [x! + dx, y!])],
    });
    const far = city.features.at(-1)!;
    const fc: Fc = {
      type: 'FeatureCollection',
      features: [
        { ...a, properties: { code: '12345' } },
        b,
        { ...b },
        // c drawn over half of b: overlap
        { ...c, geometry: shifted(b, 0.0005) },
        d,
        // a grid of one community drawn far away inside another
        { ...a, properties: { code: a.properties.code }, geometry: far.geometry },
      ],
    };
    const report = (
      await t.app.inject({
        method: 'POST',
        url: '/api/grids/import/validate',
        headers: { cookie: admin },
        payload: fc,
      })
    ).json();
    const kinds = new Set(report.problems.map((p: { kind: string }) => p.kind));
    expect(report.ok).toBe(false);
    for (const k of ['bad_code', 'duplicate_code', 'overlap', 'outside_community', 'gap'])
      expect(kinds, k).toContain(k);
    const before = await versionOf(b.properties.code as string);
    const job = await waitForJob(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/grids/import',
          headers: { cookie: admin },
          payload: fc,
        })
      ).json().id,
    );
    expect(job.state).toBe('invalid');
    expect(await versionOf(b.properties.code as string)).toBe(before);
  });

  it('leaves nothing half-imported when the database fails part-way through', async () => {
    const last = city.features.at(-1)!.properties.code as string;
    // A real failure inside the transaction: the database refuses the last grid.
    await t.app.platform.db.exec(`
      create function refuse_grid() returns trigger language plpgsql as $$
      begin if new.code = '${last}' then raise exception 'disk full (simulated by a trigger)'; end if; return new; end $$;
      create trigger refuse_grid before update on unit_grids for each row execute function refuse_grid();`);
    const first = city.features[0]!.properties.code as string;
    const before = await versionOf(first);
    const job = await waitForJob(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/grids/import',
          headers: { cookie: admin },
          payload: city,
        })
      ).json().id,
    );
    await t.app.platform.db.exec(`drop trigger refuse_grid on unit_grids; drop function refuse_grid();`);
    expect(job.state).toBe('failed');
    expect(JSON.stringify(job.report)).toMatch(/disk full/);
    expect(await versionOf(first)).toBe(before);
  });

  it('is for administrators only', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/grids/import/validate',
      headers: { cookie: await t.login('dispatcher') },
      payload: city,
    });
    expect(res.statusCode).toBe(403);
  });
});
