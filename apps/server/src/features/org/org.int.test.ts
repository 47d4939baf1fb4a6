import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

const get = async (url: string) => (await t.app.inject({ url, headers: { cookie: admin } })).json();

describe('organisation administration', () => {
  it('lists streets, communities and grids searchable and paginated', async () => {
    const all = await get('/api/org/streets?pageSize=2');
    expect(all.items).toHaveLength(2);
    expect(all.total).toBeGreaterThan(2);
    const page2 = await get('/api/org/streets?pageSize=2&page=2');
    expect(page2.items[0].code).not.toBe(all.items[0].code);
    const name = all.items[0].name as string;
    const found = await get(`/api/org/streets?q=${encodeURIComponent(name)}`);
    expect(found.items.map((s: { name: string }) => s.name)).toContain(name);
    const comms = await get(`/api/org/communities?streetCode=${all.items[0].code}`);
    for (const c of comms.items) expect(c.streetCode).toBe(all.items[0].code);
    const grids = await get(`/api/org/unit-grids?communityCode=${comms.items[0].code}&pageSize=5`);
    expect(grids.items[0].code.startsWith(comms.items[0].code)).toBe(true);
  });

  it('has departments for every kind of handling unit, filterable by category', async () => {
    const depts = await get('/api/org/departments?pageSize=200');
    const kinds = new Set(depts.items.map((d: { kind: string }) => d.kind));
    for (const k of ['utility', 'sanitation', 'enforcement', 'landscape', 'municipal', 'traffic'])
      expect(kinds).toContain(k);
    const lamps = await get('/api/org/departments?category=0118');
    expect(lamps.items.length).toBeGreaterThan(0);
  });

  it('creates a user (audited, password never logged) and refuses a taken username with 409', async () => {
    const body = {
      username: 'new.inspector',
      displayName: '新监督员',
      password: 'a-long-password',
      roles: ['inspector'],
      jurisdiction: { level: 'city', code: null, departmentId: null },
    };
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin },
      payload: body,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ username: 'new.inspector', roles: ['inspector'], locked: false });
    const log = await get(`/api/audit?entity=users&q=${res.json().id}`);
    expect(log.items[0].action).toBe('create');
    // Who did it and to whom, by name (either language finds them).
    expect(log.items[0]).toMatchObject({
      username: 'admin',
      userName: '系统管理员',
      userNameEn: 'System administrator',
      entityName: '新监督员',
    });
    const byName = await get(`/api/audit?q=${encodeURIComponent('新监督员')}`);
    expect(byName.items.map((e: { entityId: string }) => e.entityId)).toContain(String(res.json().id));
    expect(JSON.stringify(log.items[0])).not.toContain('a-long-password');
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin },
      payload: body,
    });
    expect(again.statusCode).toBe(409);
    expect(await t.login('new.inspector', 'a-long-password')).toMatch(/cl_session=/);
  });

  it('names departments and demo people in English too, and an edit without the English name keeps it', async () => {
    const depts = await get('/api/org/departments?pageSize=200');
    const water = depts.items.find((d: { code: string }) => d.code === 'water');
    expect(water).toMatchObject({ name: '市供水公司', nameEn: 'City Water Supply Company' });
    const zhifu = depts.items.find((d: { code: string }) => d.code === 'sanitation-zhifu');
    expect(zhifu.nameEn).toBe('Zhifu District Sanitation Office');
    const { id, nameEn: _en, active: _a, ...fields } = water;
    const saved = await t.app.inject({
      method: 'PUT',
      url: `/api/org/departments/${id}`,
      headers: { cookie: admin },
      payload: { ...fields, name: '市供水有限公司' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ name: '市供水有限公司', nameEn: 'City Water Supply Company' });
    const users = await get('/api/users?q=inspector&pageSize=5');
    const inspector = users.items.find((u: { username: string }) => u.username === 'inspector');
    expect(inspector.displayName).toMatch(/^监督员/);
    expect(inspector.displayNameEn).toMatch(/^Inspector [A-Z][a-z]+ [A-Z][a-z]+$/);
  });

  it('lists time limits in order of urgency within each category', async () => {
    const rows = (await get('/api/time-limits')) as Array<{
      kind: string;
      category: string;
      urgency: string;
    }>;
    const first = rows.filter((r) => r.kind === 'event' && r.category === '0101');
    expect(first.map((r) => r.urgency)).toEqual(['normal', 'urgent', 'critical']);
    expect(rows[0]).toMatchObject({
      filing_condition_en: expect.stringMatching(/^[A-Z]/),
      closing_condition_en: expect.stringMatching(/^[A-Z]/),
    });
  });

  it('refuses a district jurisdiction without a district code, and unknown ids with 404', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin },
      payload: {
        username: 'x.y',
        displayName: 'x',
        password: '12345678',
        roles: ['dispatcher'],
        jurisdiction: { level: 'district', code: null, departmentId: null },
      },
    });
    expect(bad.statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/users/99999', headers: { cookie: admin } })).statusCode).toBe(
      404,
    );
    expect(
      (await t.app.inject({ url: '/api/org/departments/abc', headers: { cookie: admin } })).statusCode,
    ).toBe(404);
  });

  it('renames a street with an audit entry of before and after', async () => {
    const s = (await get('/api/org/streets?pageSize=1')).items[0];
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/org/streets/${s.code}`,
      headers: { cookie: admin },
      payload: { name: '新名街道' },
    });
    expect(res.statusCode).toBe(200);
    const log = await get(`/api/audit?entity=streets&q=${s.code}`);
    expect(log.items[0]).toMatchObject({ before: { name: s.name }, after: { name: '新名街道' } });
  });
});

describe('system', () => {
  it('reports health with the database and broker in use', async () => {
    const h = (await t.app.inject({ url: '/api/health' })).json();
    expect(h).toEqual({ status: 'ok', db: t.app.platform.db.kind, mqtt: 'embedded' });
  });

  it('publishes an OpenAPI document generated from the route schemas, and docs at /docs', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/api/grids/at'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['lon', 'lat']),
    );
    expect(doc.paths['/api/auth/login'].post).toBeTruthy();
    expect((await t.app.inject({ url: '/docs' })).statusCode).toBeLessThan(400);
  });

  it('compiles every route schema (they are compiled on first use): none is broken', () => {
    // Routes this file has not called are still pending; compiling them must not throw.
    expect(t.app.compileAllSchemas()).toBeGreaterThan(100);
    expect(t.app.compileAllSchemas()).toBe(0);
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await t.app.inject({ url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });
});
