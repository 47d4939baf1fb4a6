import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';

let t: TestApp;
let admin: string;
let inspector: string;

interface Summary {
  code: string;
  category: string;
  name: string;
  state: string;
  gridCode: string;
  maintainerDeptId: number | null;
  position: [number, number];
}
interface Feature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: { type: 'Point'; coordinates: number[] };
}

beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.login('admin');
  inspector = await t.login('inspector');
});
afterAll(() => t.close());

const get = async (url: string, cookie = admin) => t.app.inject({ url, headers: { cookie } });
const send = async (method: 'POST' | 'PATCH', url: string, payload: object, cookie = admin) =>
  t.app.inject({ method, url, payload, headers: { cookie } });
const detail = async (code: string) => (await get(`/api/components/${code}`)).json();

/** Components of the demo city, from the table endpoint. */
async function someComponents(query = '', pageSize = 50): Promise<Summary[]> {
  const res = await get(`/api/components/list?pageSize=${pageSize}${query}`);
  expect(res.statusCode).toBe(200);
  return res.json().items as Summary[];
}

async function waitForJob(id: number) {
  for (;;) {
    const job = (await get(`/api/components/import/${id}`)).json();
    if (!['validating', 'running'].includes(job.state)) return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A grid of the same district whose centre is well away from the component's own grid. */
async function otherGridOfDistrict(c: Summary): Promise<{ code: string; centroid: [number, number] }> {
  const [x, y] = c.position;
  const grids = (await get(`/api/grids?bbox=${x - 0.01},${y - 0.01},${x + 0.01},${y + 0.01}`)).json()
    .features as Array<{ properties: { code: string } }>;
  for (const g of grids) {
    const code = g.properties.code;
    if (code === c.gridCode || code.slice(0, 6) !== c.code.slice(0, 6)) continue;
    const info = (await get(`/api/grids/${code}`)).json() as { code: string; centroid: [number, number] };
    if (t.app.services.grids.codeAt(...info.centroid) === code) return info;
  }
  throw new Error(`no other grid near ${c.code}`);
}

describe('reading the registry', () => {
  it('answers a map box with the components inside it, filtered by category and state', async () => {
    const [c] = await someComponents();
    const [x, y] = c!.position;
    const bbox = [x - 0.005, y - 0.005, x + 0.005, y + 0.005];
    const res = await get(`/api/components?bbox=${bbox.join(',')}`, inspector);
    expect(res.statusCode).toBe(200);
    const fc = res.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f: { id: string }) => f.id)).toContain(c!.code);
    for (const f of fc.features as Feature[]) {
      const [lon, lat] = f.geometry.coordinates as [number, number];
      expect(lon).toBeGreaterThanOrEqual(bbox[0]!);
      expect(lat).toBeGreaterThanOrEqual(bbox[1]!);
      expect(lon).toBeLessThanOrEqual(bbox[2]!);
      expect(lat).toBeLessThanOrEqual(bbox[3]!);
    }
    const filtered = (
      await get(`/api/components?bbox=${bbox.join(',')}&category=${c!.category}&state=${encodeURI(c!.state)}`)
    ).json();
    expect(filtered.features.length).toBeGreaterThan(0);
    for (const f of filtered.features as Feature[]) {
      expect(f.properties).toMatchObject({ category: c!.category, state: c!.state });
    }
    const capped = (await get(`/api/components?bbox=120,36,123,38&limit=3`)).json();
    expect(capped).toMatchObject({ truncated: true });
    expect(capped.features).toHaveLength(3);
  });

  it('lists components for tables with a total, and finds one by code prefix or grid', async () => {
    const page = (await get('/api/components/list?pageSize=5', inspector)).json();
    expect(page.items).toHaveLength(5);
    expect(page.total).toBeGreaterThan(500);
    const c = page.items[0] as Summary;
    const byCode = (await get(`/api/components/list?q=${c.code}`)).json();
    expect(byCode.items.map((i: Summary) => i.code)).toEqual([c.code]);
    const byGrid = (await get(`/api/components/list?gridCode=${c.gridCode}&pageSize=500`)).json();
    expect(byGrid.items.every((i: Summary) => i.gridCode === c.gridCode)).toBe(true);
    expect(byGrid.items.map((i: Summary) => i.code)).toContain(c.code);
  });

  it('pages the table by keyset: each page starts after the last code of the one before', async () => {
    const ten = (await get('/api/components/list?pageSize=10')).json();
    const first = (await get('/api/components/list?pageSize=5')).json();
    expect(first.next).toBe(first.items[4].code);
    const second = (await get(`/api/components/list?pageSize=5&after=${first.next}&page=2`)).json();
    expect([...first.items, ...second.items].map((i: Summary) => i.code)).toEqual(
      ten.items.map((i: Summary) => i.code),
    );
    expect(second).toMatchObject({ page: 2, pageSize: 5, total: ten.total });
    // The last page says there is none after it.
    const c = ten.items[0] as Summary;
    const only = (await get(`/api/components/list?q=${c.code}`)).json();
    expect(only.next).toBeNull();
    expect((await get('/api/components/list?after=12')).statusCode).toBe(400);
  });

  it('finds the nearest instances for a report, sorted by distance and within the radius', async () => {
    const [c] = await someComponents('', 1);
    const [x, y] = c!.position;
    const res = await get(`/api/components/nearby?lon=${x}&lat=${y}&radius=300`, inspector);
    expect(res.statusCode).toBe(200);
    const near = res.json() as Array<Summary & { distanceM: number }>;
    expect(near.length).toBeGreaterThan(1);
    expect(near[0]).toMatchObject({ code: c!.code, distanceM: 0 });
    for (let i = 1; i < near.length; i++)
      expect(near[i]!.distanceM).toBeGreaterThanOrEqual(near[i - 1]!.distanceM);
    expect(near.every((n) => n.distanceM <= 300)).toBe(true);
    // From a point 10 m east of it, the component is 10 m away.
    const lon = x + 10 / (111_320 * Math.cos((y * Math.PI) / 180));
    const east = (await get(`/api/components/nearby?lon=${lon}&lat=${y}&radius=300`)).json() as typeof near;
    expect(east.find((n) => n.code === c!.code)?.distanceM).toBeCloseTo(10, 0);
    const sameKind = (
      await get(`/api/components/nearby?lon=${lon}&lat=${y}&radius=300&category=${c!.category}`)
    ).json() as Summary[];
    expect(sameKind.every((n) => n.category === c!.category)).toBe(true);
    const none = (await get(`/api/components/nearby?lon=121.40&lat=37.70&radius=50`)).json();
    expect(none).toEqual([]);
  });

  it('shows one component with its category name and maintainer department, and its census in history', async () => {
    const [c] = await someComponents();
    const d = await detail(c!.code);
    expect(d).toMatchObject({ code: c!.code, category: c!.code.slice(6, 10), source: 'census' });
    expect(d.categoryName).not.toBe(d.category);
    expect(d.maintainer?.name).toBeTruthy();
    const history = (await get(`/api/components/${c!.code}/history`, inspector)).json();
    expect(history.events.at(-1)).toMatchObject({ action: 'census', username: 'system' });
    expect(history.cases).toEqual([]);
    expect((await get('/api/components/3706020101999999')).statusCode).toBe(404);
  });
});

describe('changing a component', () => {
  it('records a patch in the audit log and in the component’s history', async () => {
    const [c] = await someComponents(`&state=${encodeURI('完好')}`);
    const res = await send('PATCH', `/api/components/${c!.code}`, { state: '破损', note: '井盖破裂' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: '破损', note: '井盖破裂' });
    expect(res.json().changeDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const history = (await get(`/api/components/${c!.code}/history`)).json();
    expect(history.events[0]).toMatchObject({
      action: 'updated',
      username: 'admin',
      changes: { state: ['完好', '破损'] },
    });
    const audited = await t.app.platform.db.query<{ username: string; after: { state: string } }>(
      `select username, after from audit_log where entity = 'component' and entity_id = $1`,
      [c!.code],
    );
    expect(audited.rows).toHaveLength(1);
    expect(audited.rows[0]).toMatchObject({ username: 'admin', after: { state: '破损' } });
  });

  it('moves a component into another grid of its district: its grid code follows the position', async () => {
    const [c] = await someComponents('', 1);
    const target = await otherGridOfDistrict(c!);
    const res = await send('PATCH', `/api/components/${c!.code}`, { position: target.centroid });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ gridCode: target.code, position: target.centroid });
    const history = (await get(`/api/components/${c!.code}/history`)).json();
    expect(history.events[0].changes.gridCode).toEqual([c!.gridCode, target.code]);
  });

  it('refuses a position outside the city with a message and changes nothing', async () => {
    const [c] = await someComponents('', 1);
    const before = await detail(c!.code);
    const res = await send('PATCH', `/api/components/${c!.code}`, { position: [121.4, 37.7], note: '海上' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.detail).toMatch(/outside every unit grid/);
    expect(await detail(c!.code)).toEqual(before);
  });

  it('refuses a stale version with 409', async () => {
    const [c] = await someComponents('', 1);
    const d = await detail(c!.code);
    const res = await send('PATCH', `/api/components/${c!.code}`, { note: '旧', version: d.version - 1 });
    expect(res.statusCode).toBe(409);
  });

  it('is for administrators only; every signed-in user may read', async () => {
    const [c] = await someComponents('', 1);
    const dispatcher = await t.login('dispatcher');
    expect((await send('PATCH', `/api/components/${c!.code}`, { note: 'x' }, inspector)).statusCode).toBe(
      403,
    );
    expect((await send('PATCH', `/api/components/${c!.code}`, { note: 'x' }, dispatcher)).statusCode).toBe(
      403,
    );
    const fc = { type: 'FeatureCollection', features: [] };
    expect((await send('POST', '/api/components/import/validate', fc, dispatcher)).statusCode).toBe(403);
    expect((await send('POST', '/api/components/import', fc, inspector)).statusCode).toBe(403);
    expect((await get(`/api/components/${c!.code}`, dispatcher)).statusCode).toBe(200);
    expect((await get(`/api/components/${c!.code}`, '')).statusCode).toBe(401);
  });
});

/** A feature of an import file for an existing component, as a census export would carry it. */
function asFeature(c: Summary, props: Record<string, unknown> = {}): Feature {
  return {
    type: 'Feature',
    properties: { code: c.code, name: c.name, state: c.state, ...props },
    geometry: { type: 'Point', coordinates: c.position },
  };
}

/** An unused code of the component's district and category. */
const newCode = (c: Summary, seq: number) => `${c.code.slice(0, 10)}${String(seq).padStart(6, '0')}`;

describe('importing components', () => {
  it('validates and imports GeoJSON: updates and new components in one job, with progress and history', async () => {
    const existing = await someComponents('', 20);
    const [first] = existing;
    const added = newCode(first!, 990001);
    const fc = {
      type: 'FeatureCollection',
      features: [
        ...existing.map((c) => asFeature(c, { note: '2025 复查' })),
        asFeature(
          { ...first!, code: added, name: '新增井盖' },
          { state: undefined, accuracyClass: 'A', censusDate: '2025-03-01' },
        ),
      ],
    };
    const report = (await send('POST', '/api/components/import/validate', fc)).json();
    expect(report).toEqual({ ok: true, total: 21, valid: 21, problems: [] });
    expect((await get(`/api/components/${added}`)).statusCode).toBe(404);

    const started = await send('POST', '/api/components/import', fc);
    expect(started.statusCode).toBe(202);
    const job = await waitForJob(started.json().id);
    expect(job).toMatchObject({ state: 'done', total: 21, processed: 21, report: { ok: true } });
    expect(await detail(added)).toMatchObject({
      name: '新增井盖',
      gridCode: first!.gridCode,
      state: '完好',
      accuracyClass: 'A',
      censusDate: '2025-03-01',
      source: 'import',
    });
    const updated = await detail(first!.code);
    expect(updated.note).toBe('2025 复查');
    // Fields the file left out keep their values.
    expect(updated.maintainer?.id).toBe(first!.maintainerDeptId);
    const history = (await get(`/api/components/${first!.code}/history`)).json();
    expect(history.events[0]).toMatchObject({
      action: 'imported',
      changes: { note: [expect.any(String), '2025 复查'] },
    });
  });

  it('imports an Excel sheet with Chinese column names', async () => {
    const [c] = await someComponents('', 1);
    const [dept] = (
      await t.app.platform.db.query<{ code: string }>(`select code from departments where id <> $1 limit 1`, [
        c!.maintainerDeptId,
      ])
    ).rows;
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('部件');
    sheet.addRow([
      '编码',
      '名称',
      '类别',
      '状态',
      '经度',
      '纬度',
      '权属单位',
      '主管部门',
      '养护单位编码',
      '普查日期',
      '精度',
      '备注',
    ]);
    const code = newCode(c!, 990101);
    sheet.addRow([
      code,
      'Excel 导入部件',
      code.slice(6, 10),
      '占用',
      c!.position[0],
      c!.position[1],
      '某物业',
      '城管局',
      dept!.code,
      new Date(Date.UTC(2024, 4, 20)),
      'B',
      '表格导入',
    ]);
    sheet.addRow([c!.code, c!.name, null, '丢失', c!.position[0], c!.position[1]]);
    const xlsxBase64 = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');

    const report = (await send('POST', '/api/components/import/validate', { xlsxBase64 })).json();
    expect(report).toEqual({ ok: true, total: 2, valid: 2, problems: [] });
    const job = await waitForJob((await send('POST', '/api/components/import', { xlsxBase64 })).json().id);
    expect(job.state).toBe('done');
    expect(await detail(code)).toMatchObject({
      name: 'Excel 导入部件',
      state: '占用',
      owner: '某物业',
      competentDept: '城管局',
      maintainer: { code: dept!.code },
      censusDate: '2024-05-20',
      accuracyClass: 'B',
      note: '表格导入',
    });
    expect((await detail(c!.code)).state).toBe('丢失');
  });

  it('offers an Excel template whose example row validates as it is', async () => {
    const res = await get('/api/components/import/template.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('components-template.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['部件', '填写说明']);
    expect(book.worksheets[0]!.getRow(1).values).toContain('养护单位编码');
    const report = (
      await send('POST', '/api/components/import/validate', { xlsxBase64: res.rawPayload.toString('base64') })
    ).json();
    expect(report).toEqual({ ok: true, total: 1, valid: 1, problems: [] });
  });

  it('reports every problem of a bad file and writes nothing', async () => {
    const [a, b, c] = await someComponents('', 3);
    const districts = (await get('/api/org/districts')).json() as Array<{ code: string }>;
    const other = districts.find((d) => d.code !== a!.code.slice(0, 6))!.code;
    const [otherDistrict] = await someComponents(`&q=${other}`, 1);
    const otherCategory = a!.category === '0102' ? '0103' : '0102';
    const fresh = (seq: number) => newCode(a!, seq);
    const fc = {
      type: 'FeatureCollection',
      features: [
        asFeature({ ...a!, code: '12345' }),
        asFeature(b!, { note: '应当不写入' }),
        asFeature(b!),
        asFeature({ ...a!, code: fresh(990201) }, { category: otherCategory }),
        asFeature({ ...a!, code: `${a!.code.slice(0, 6)}0199000001` }),
        asFeature({ ...a!, code: fresh(990202), position: [121.4, 37.7] }),
        asFeature({ ...a!, code: fresh(990203), position: otherDistrict!.position }),
        asFeature({ ...c!, code: fresh(990204) }, { maintainerDeptCode: 'no-such-dept' }),
        asFeature({ ...c!, code: fresh(990205) }, { state: '坏了' }),
        asFeature({ ...c!, code: fresh(990206) }, { censusDate: '2024-02-30' }),
        asFeature({ ...c!, code: fresh(990207) }, { accuracyClass: 'D' }),
      ],
    };
    const report = (await send('POST', '/api/components/import/validate', fc)).json();
    expect(report).toMatchObject({ ok: false, total: 11, valid: 1 });
    const kinds = report.problems.map((p: { kind: string }) => p.kind);
    expect(kinds).toEqual([
      'bad_code',
      'duplicate_code',
      'category_mismatch',
      'unknown_category',
      'outside_city',
      'wrong_district',
      'unknown_maintainer',
      'bad_state',
      'bad_date',
      'bad_accuracy',
    ]);
    expect(report.problems[1].message).toMatch(/feature 2: code \d{16} appears again \(first at feature 1\)/);
    // The page tells each problem from its kind and params, in its own language.
    expect(report.problems[1].params).toEqual({ feature: 2, first: 1 });
    expect(report.problems[7].params).toEqual({ feature: 8, value: '坏了' });

    const before = await detail(b!.code);
    const job = await waitForJob((await send('POST', '/api/components/import', fc)).json().id);
    expect(job).toMatchObject({ state: 'invalid', processed: 0 });
    expect(job.report.problems).toHaveLength(10);
    expect(await detail(b!.code)).toEqual(before);
    expect((await get(`/api/components/${fresh(990204)}`)).statusCode).toBe(404);
  });

  it('reports a file that is not a workbook, or a sheet without the needed columns', async () => {
    const notXlsx = (
      await send('POST', '/api/components/import/validate', {
        xlsxBase64: Buffer.from('hello').toString('base64'),
      })
    ).json();
    expect(notXlsx).toMatchObject({ ok: false, problems: [{ kind: 'not_xlsx' }] });
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('x').addRow(['编码', '名称']);
    const xlsxBase64 = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
    const noColumns = (await send('POST', '/api/components/import/validate', { xlsxBase64 })).json();
    expect(noColumns.problems[0].message).toMatch(/经度\/lon, 纬度\/lat/);
    // It says what the first row held, so the person sees why.
    expect(noColumns.problems[0]).toMatchObject({
      kind: 'missing_columns',
      params: { sheet: 'x', missing: '经度/lon、纬度/lat', found: '编码、名称' },
    });
    // A sheet with the right columns and nothing under them: said so, not "0 of 0 valid".
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet('部件').addRow(['编码', '名称', '经度', '纬度']);
    const emptyBase64 = Buffer.from(await empty.xlsx.writeBuffer()).toString('base64');
    const none = (await send('POST', '/api/components/import/validate', { xlsxBase64: emptyBase64 })).json();
    expect(none).toMatchObject({
      ok: false,
      total: 0,
      problems: [{ kind: 'no_rows', params: { sheet: '部件', columns: 4 } }],
    });
    expect((await send('POST', '/api/components/import/validate', { rows: [] })).statusCode).toBe(400);
  });

  it('leaves nothing half-imported when the database fails part-way through', async () => {
    const all = await someComponents('', 500);
    const last = all.at(-1)!;
    await t.app.platform.db.exec(`
      create function refuse_component() returns trigger language plpgsql as $$
      begin if new.code = '${last.code}' then raise exception 'disk full (simulated by a trigger)'; end if; return new; end $$;
      create trigger refuse_component before update on components for each row execute function refuse_component();`);
    const before = await detail(all[0]!.code);
    const fc = { type: 'FeatureCollection', features: all.map((c) => asFeature(c, { note: '半途失败' })) };
    const job = await waitForJob((await send('POST', '/api/components/import', fc)).json().id);
    await t.app.platform.db.exec(
      `drop trigger refuse_component on components; drop function refuse_component();`,
    );
    expect(job.state).toBe('failed');
    expect(JSON.stringify(job.report)).toMatch(/disk full/);
    expect(await detail(all[0]!.code)).toEqual(before);
  });
});
