import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '@cityloop/domain';
import { makeTestApp, type TestApp } from '../testing/testApp.js';
import { makeCase, userNamed } from '../testing/factories.js';
import type { RouteRule } from './access.js';

/** One demo account per role, each holding only that role. */
const USER_OF: Record<Role, string> = {
  admin: 'admin',
  inspector: 'inspector',
  operator: 'operator',
  hotline: 'hotline',
  shift_leader: 'shiftleader',
  dispatcher: 'dispatcher',
  handler: 'water.handler',
  supervisor: 'supervisor',
  utility_operator: 'utility',
  commander: 'commander',
  leader: 'leader',
  citizen: 'citizen',
};

let t: TestApp;
const cookies = new Map<string, string>();
let zhifuAdmin: string;
let zhifuStreet: string;
let otherStreet: string;

beforeAll(async () => {
  t = await makeTestApp();
  for (const u of Object.values(USER_OF)) cookies.set(u, await t.login(u));
  // An administrator of one district only, for the inside/outside jurisdiction cases.
  const admin = cookies.get('admin')!;
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/users',
    headers: { cookie: admin },
    payload: {
      username: 'zhifu.admin',
      displayName: '芝罘区管理员',
      password: 'cityloop-zhifu',
      roles: ['admin'],
      jurisdiction: { level: 'district', code: '370602', departmentId: null },
    },
  });
  expect(created.statusCode).toBe(200);
  zhifuAdmin = await t.login('zhifu.admin', 'cityloop-zhifu');
  for (const u of ['zhifu.dispatcher', 'laishan.dispatcher']) districtCookies.set(u, await t.login(u));
  const streets = (
    await t.app.inject({ url: '/api/org/streets?pageSize=500', headers: { cookie: admin } })
  ).json().items as Array<{ code: string }>;
  zhifuStreet = streets.find((s) => s.code.startsWith('370602'))!.code;
  otherStreet = streets.find((s) => !s.code.startsWith('370602'))!.code;
});
afterAll(() => t.close());

function concrete(url: string) {
  return url.replace(':code', '370602001001001').replace(':id', '1');
}

async function call(rule: RouteRule, cookie?: string) {
  return t.app.inject({
    method: rule.method as 'GET',
    url: concrete(rule.url),
    headers: cookie ? { cookie } : {},
    ...(rule.method === 'GET' || rule.method === 'DELETE' ? {} : { payload: {} }),
  });
}

describe('authorisation matrix: every route × every role', () => {
  it('has a rule for every API route (a route without one cannot even be registered)', () => {
    expect(t.app.routeRules.length).toBeGreaterThan(20);
  });

  it('refuses anonymous callers on every non-public route with 401', async () => {
    for (const rule of t.app.routeRules) {
      const res = await call(rule);
      if ('public' in rule.access)
        expect([401, 403], `${rule.method} ${rule.url}`).not.toContain(res.statusCode);
      else expect(res.statusCode, `${rule.method} ${rule.url}`).toBe(401);
    }
  });

  it('lets exactly the listed roles through and answers 403 to every other role', async () => {
    for (const rule of t.app.routeRules) {
      if ('public' in rule.access) continue;
      for (const role of ROLES) {
        const res = await call(rule, cookies.get(USER_OF[role])!);
        const allowed = rule.access.roles === 'authenticated' || rule.access.roles.includes(role);
        const where = `${rule.method} ${rule.url} as ${role}: ${res.body.slice(0, 200)}`;
        // A department-scoped route may refuse a listed role another unit's object (a contract).
        const otherUnits =
          rule.access.scope === 'department' &&
          res.statusCode === 403 &&
          res.json().error.code === 'auth.out_of_jurisdiction';
        if (allowed && !otherUnits) expect([401, 403], where).not.toContain(res.statusCode);
        else if (allowed) continue;
        else {
          expect(res.statusCode, where).toBe(403);
          expect(res.json().error.code, where).toBe('auth.forbidden');
        }
      }
    }
  }, 300_000); // every route × every role, each route's schemas compiled on its first call
});

/**
 * Inside/outside the user's jurisdiction, for every route scoped by area. A new area-scoped route
 * without a case here fails the suite.
 */
const JURISDICTION_CASES: Record<string, () => Promise<void>> = {
  'POST /api/cases': async () => {
    const body = { kind: 'event', category: '0102', description: '暴露垃圾' };
    const outside = await t.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: as('zhifu.dispatcher'),
      payload: { ...body, lon: 121.5, lat: 37.45 },
    });
    expect([403, 404]).toContain(outside.statusCode);
    const inside = await t.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: as('zhifu.dispatcher'),
      payload: { ...body, lon: 121.4, lat: 37.54 },
    });
    expect(inside.statusCode).toBe(201);
    const laishan = await t.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: as('laishan.dispatcher'),
      payload: { ...body, lon: 121.4, lat: 37.54 },
    });
    expect(laishan.statusCode).toBe(403);
  },
  'GET /api/cases': async () => {
    await casesIn.zhifuFiled();
    const zhifu = (
      await t.app.inject({ url: '/api/cases?limit=200', headers: as('zhifu.dispatcher') })
    ).json();
    expect(zhifu.items.length).toBeGreaterThan(0);
    for (const c of zhifu.items) expect(c.districtCode).toBe('370602');
    const laishan = (
      await t.app.inject({ url: '/api/cases?limit=200', headers: as('laishan.dispatcher') })
    ).json();
    for (const c of laishan.items) expect(c.districtCode).toBe('370613');
  },
  'GET /api/cases/duplicates': async () => {
    const { id } = await casesIn.zhifuFiled();
    const url = '/api/cases/duplicates?kind=event&category=0102&lon=121.4&lat=37.54';
    expect(
      (await t.app.inject({ url, headers: as('zhifu.dispatcher') })).json().map((c: { id: number }) => c.id),
    ).toContain(id);
    expect((await t.app.inject({ url, headers: as('laishan.dispatcher') })).json()).toEqual([]);
  },
  'GET /api/cases/queue-counts': async () => {
    await casesIn.zhifuFiled();
    const counts = async (u: string, query = '') =>
      (await t.app.inject({ url: `/api/cases/queue-counts${query}`, headers: as(u) })).json()
        .counts as Record<string, number>;
    expect((await counts('zhifu.dispatcher')).to_dispatch).toBeGreaterThan(0);
    // No case lies in 莱山区: its dispatcher counts none, even when asking for 芝罘区.
    for (const query of ['', '?districtCode=370602']) {
      const laishan = await counts('laishan.dispatcher', query);
      expect(
        Object.values(laishan).reduce((a, b) => a + b, 0),
        query,
      ).toBe(0);
    }
  },
  'GET /api/cases/map': async () => {
    const { id } = await casesIn.zhifuFiled();
    const points = async (u: string, query = '') =>
      (await t.app.inject({ url: `/api/cases/map${query}`, headers: as(u) })).json() as {
        items: { id: number }[];
        total: number;
      };
    expect((await points('zhifu.dispatcher')).items.map((p) => p.id)).toContain(id);
    for (const query of ['', '?districtCode=370602'])
      expect((await points('laishan.dispatcher', query)).total).toBe(0);
  },
  'GET /api/cases/hotspots': async () => {
    await casesIn.zhifuFiled();
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const hotspots = async (u: string) =>
      (await t.app.inject({ url: `/api/cases/hotspots?month=${month}`, headers: as(u) })).json() as {
        items: unknown[];
      };
    expect((await hotspots('zhifu.dispatcher')).items.length).toBeGreaterThan(0);
    expect((await hotspots('laishan.dispatcher')).items).toEqual([]);
  },
  'GET /api/cases/:id/inspectors': async () => {
    const admin = { cookie: cookies.get('admin')! };
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: {
        username: 'zhifu.operator',
        displayName: '芝罘区受理员',
        password: 'cityloop-zhifu',
        roles: ['operator'],
        jurisdiction: { level: 'district', code: '370602', departmentId: null },
      },
    });
    expect(created.statusCode, created.body).toBe(200);
    const zhifuOperator = { cookie: await t.login('zhifu.operator', 'cityloop-zhifu') };
    const reportAt = async (lon: number, lat: number) =>
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/cases',
          headers: { cookie: cookies.get('operator')! },
          payload: { kind: 'event', category: '0102', description: '暴露垃圾', lon, lat },
        })
      ).json().id as number;
    const inside = await reportAt(121.4, 37.54);
    const outside = await reportAt(121.49, 37.492);
    const url = (id: number) => `/api/cases/${id}/inspectors`;
    expect((await t.app.inject({ url: url(inside), headers: zhifuOperator })).statusCode).toBe(200);
    expect((await t.app.inject({ url: url(outside), headers: zhifuOperator })).statusCode).toBe(403);
  },
  'GET /api/cases/:id': async () => {
    const { id } = await casesIn.zhifuFiled();
    expect(
      (await t.app.inject({ url: `/api/cases/${id}`, headers: as('zhifu.dispatcher') })).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ url: `/api/cases/${id}`, headers: as('laishan.dispatcher') })).statusCode,
    ).toBe(403);
  },
  'POST /api/cases/:id/actions': async () => {
    const { id, unitId } = await casesIn.zhifuFiled();
    const body = { action: 'dispatch', unitId };
    const outside = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${id}/actions`,
      headers: as('laishan.dispatcher'),
      payload: body,
    });
    expect(outside.statusCode).toBe(403);
    const inside = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${id}/actions`,
      headers: as('zhifu.dispatcher'),
      payload: body,
    });
    expect(inside.statusCode, inside.body).toBe(200);
  },
  'GET /api/evaluation/:subject': async () => {
    const rows = (
      await t.app.inject({ url: '/api/evaluation/streets', headers: as('zhifu.dispatcher') })
    ).json().rows as Array<{ id: string }>;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.id.startsWith('370602'), r.id).toBe(true);
  },
  'GET /api/evaluation/:subject/trend': async () => {
    const url = `/api/evaluation/streets/trend?id=${zhifuStreet}`;
    expect((await t.app.inject({ url, headers: as('zhifu.dispatcher') })).statusCode).toBe(200);
    expect((await t.app.inject({ url, headers: as('laishan.dispatcher') })).statusCode).toBe(403);
  },
  'GET /api/evaluation/:subject/:id/cases': async () => {
    const url = `/api/evaluation/streets/${zhifuStreet}/cases?metric=reported`;
    expect((await t.app.inject({ url, headers: as('zhifu.dispatcher') })).statusCode).toBe(200);
    expect((await t.app.inject({ url, headers: as('laishan.dispatcher') })).statusCode).toBe(403);
  },
  'GET /api/evaluation/:subject/export.xlsx': async () => {
    const res = await t.app.inject({
      url: '/api/evaluation/districts/export.xlsx',
      headers: as('laishan.dispatcher'),
    });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(3).value).toBe('370613');
  },
  'GET /api/org/streets': async () => expectOnlyZhifu('/api/org/streets?pageSize=500'),
  'GET /api/org/communities': async () => expectOnlyZhifu('/api/org/communities?pageSize=500'),
  'GET /api/org/supervision-grids': async () => expectOnlyZhifu('/api/org/supervision-grids?pageSize=500'),
  'GET /api/org/unit-grids': async () => expectOnlyZhifu('/api/org/unit-grids?pageSize=500'),
  'PATCH /api/org/districts/:code': async () => {
    await expectOutside('PATCH', '/api/org/districts/370613', { name: '莱山区' });
    await expectInside('PATCH', '/api/org/districts/370602', { name: '芝罘区' });
  },
  'POST /api/org/streets': async () => {
    await expectOutside('POST', '/api/org/streets', { code: '370613099', name: '越权街道' });
    await expectInside('POST', '/api/org/streets', { code: '370602099', name: '新建街道' });
  },
  'PATCH /api/org/streets/:code': async () => {
    await expectOutside('PATCH', `/api/org/streets/${otherStreet}`, { name: '改名' });
    await expectInside('PATCH', `/api/org/streets/${zhifuStreet}`, { name: '向阳街道' });
  },
  'POST /api/org/communities': async () => {
    await expectOutside('POST', '/api/org/communities', { code: `${otherStreet}099`, name: '越权社区' });
    await expectInside('POST', '/api/org/communities', { code: `${zhifuStreet}099`, name: '新建社区' });
  },
  'PATCH /api/org/communities/:code': async () => {
    await expectOutside('PATCH', `/api/org/communities/${otherStreet}001`, { name: '改名' });
    await expectInside('PATCH', `/api/org/communities/${zhifuStreet}001`, { name: '东山社区' });
  },
  'POST /api/org/supervision-grids': async () => {
    await expectOutside('POST', '/api/org/supervision-grids', {
      code: `${otherStreet}J99`,
      name: '越权',
      streetCode: otherStreet,
    });
    await expectInside('POST', '/api/org/supervision-grids', {
      code: `${zhifuStreet}J99`,
      name: '新监督网格',
      streetCode: zhifuStreet,
    });
  },
  'GET /api/visits': async () => {
    const id = await visitsIn.zhifuClosedCall();
    const zhifu = (
      await t.app.inject({ url: '/api/visits?limit=200', headers: await visitsIn.seat('370602') })
    ).json();
    expect(zhifu.items.map((v: { caseId: number }) => v.caseId)).toContain(id);
    for (const v of zhifu.items) expect(v.districtCode).toBe('370602');
    const laishan = (
      await t.app.inject({ url: '/api/visits?limit=200', headers: await visitsIn.seat('370613') })
    ).json();
    expect(laishan.items.map((v: { caseId: number }) => v.caseId)).not.toContain(id);
  },
  'POST /api/visits/:id/phone': async () => {
    const id = await visitsIn.zhifuClosedCall();
    const url = `/api/visits/${id}/phone`;
    const outside = await t.app.inject({ method: 'POST', url, headers: await visitsIn.seat('370613') });
    expect(outside.statusCode).toBe(403);
    const inside = await t.app.inject({ method: 'POST', url, headers: await visitsIn.seat('370602') });
    expect(inside.statusCode, inside.body).toBe(200);
    expect(inside.json().phone).toBe('13812341234');
  },
  // Return-visit figures count the viewer's area only (a district seat: its district's visits).
  'GET /api/visits/figures': async () => {
    await visitsIn.zhifuVisited();
    const keys = async (district: string) =>
      (
        (
          await t.app.inject({
            url: '/api/visits/figures?period=year',
            headers: await visitsIn.seat(district),
          })
        ).json().rows as Array<{ key: string }>
      ).map((r) => r.key);
    expect(await keys('370602')).toEqual(['370602']);
    expect(await keys('370613')).not.toContain('370602');
  },
  'GET /api/visits/figures/cases': async () => {
    const id = await visitsIn.zhifuVisited();
    const ids = async (district: string) =>
      (
        (
          await t.app.inject({
            url: '/api/visits/figures/cases?period=year&figure=done&limit=200',
            headers: await visitsIn.seat(district),
          })
        ).json().items as Array<{ id: number }>
      ).map((c) => c.id);
    expect(await ids('370602')).toContain(id);
    expect(await ids('370613')).not.toContain(id);
  },
  'GET /api/visits/figures/export.xlsx': async () => {
    await visitsIn.zhifuVisited();
    const codes = async (district: string) => {
      const res = await t.app.inject({
        url: '/api/visits/figures/export.xlsx?period=year',
        headers: await visitsIn.seat(district),
      });
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const found: unknown[] = [];
      wb.getWorksheet('回访统计')!.eachRow((row) => found.push((row.values as unknown[])[2]));
      return found;
    };
    expect(await codes('370602')).toContain('370602');
    expect(await codes('370613')).not.toContain('370602');
  },
  'POST /api/hotline/calls': async () => {
    // A district seat's call is its district's: the other district's seat does not see it.
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/hotline/calls',
      headers: await visitsIn.seat('370602'),
      payload: { nature: 'thanks', content: '芝罘区来电致谢' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as number;
    const seen = async (district: string) =>
      (
        (await t.app.inject({ url: '/api/hotline/calls', headers: await visitsIn.seat(district) })).json()
          .items as Array<{ id: number }>
      ).map((c) => c.id);
    expect(await seen('370602')).toContain(id);
    expect(await seen('370613')).not.toContain(id);
  },
  'GET /api/hotline/calls': async () => {
    await JURISDICTION_CASES['POST /api/hotline/calls']!();
  },
  'POST /api/hotline/callers/lookup': async () => {
    const id = await visitsIn.zhifuClosedCall();
    const lookup = async (district: string) =>
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/hotline/callers/lookup',
          headers: await visitsIn.seat(district),
          payload: { phone: '138-1234-1234' },
        })
      ).json() as { closedCases: Array<{ id: number }> };
    expect((await lookup('370602')).closedCases.map((c) => c.id)).toContain(id);
    expect((await lookup('370613')).closedCases.map((c) => c.id)).not.toContain(id);
  },
  'POST /api/hotline/calls/:id/phone': async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/hotline/calls',
      headers: await visitsIn.seat('370602'),
      payload: { nature: 'thanks', content: '致谢', callerPhone: '13912340000' },
    });
    const url = `/api/hotline/calls/${res.json().id as number}/phone`;
    const outside = await t.app.inject({ method: 'POST', url, headers: await visitsIn.seat('370613') });
    expect(outside.statusCode).toBe(404);
    const inside = await t.app.inject({ method: 'POST', url, headers: await visitsIn.seat('370602') });
    expect(inside.json()).toMatchObject({ phone: '13912340000' });
  },
  'POST /api/hotline/complaints': async () => {
    const body = {
      nature: 'complaint',
      kind: 'event',
      category: '0103',
      description: '投诉',
      lon: 121.4,
      lat: 37.54,
    };
    const post = async (district: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/hotline/complaints',
        headers: await visitsIn.seat(district),
        payload: body,
      });
    expect((await post('370613')).statusCode).toBe(403);
    expect((await post('370602')).statusCode).toBe(201);
  },
  'GET /api/hotline/cases/:id/repeats': async () => {
    const { id } = await casesIn.zhifuFiled();
    const get = async (district: string) =>
      t.app.inject({ url: `/api/hotline/cases/${id}/repeats`, headers: await visitsIn.seat(district) });
    expect((await get('370613')).statusCode).toBe(403);
    expect((await get('370602')).statusCode).toBe(200);
  },
  'GET /api/hotline/repeat-alerts': async () => {
    const alert = await hotlineIn.zhifuAlert();
    const seen = async (district: string) =>
      (
        (
          await t.app.inject({
            url: '/api/hotline/repeat-alerts',
            headers: await hotlineIn.supervisor(district),
          })
        ).json() as { items: Array<{ id: number }> }
      ).items.map((a) => a.id);
    expect(await seen('370602')).toContain(alert);
    expect(await seen('370613')).not.toContain(alert);
  },
  'POST /api/hotline/repeat-alerts/:id/seen': async () => {
    const alert = await hotlineIn.zhifuAlert();
    const url = `/api/hotline/repeat-alerts/${alert}/seen`;
    const outside = await t.app.inject({
      method: 'POST',
      url,
      headers: await hotlineIn.supervisor('370613'),
    });
    expect(outside.statusCode).toBe(404);
    const inside = await t.app.inject({ method: 'POST', url, headers: await hotlineIn.supervisor('370602') });
    expect(inside.statusCode, inside.body).toBe(200);
  },
  'POST /api/assessment/findings': async () => {
    await assessmentFinding();
  },
  'POST /api/assessment/findings/:id/dispute': async () => {
    const id = await assessmentFinding();
    const url = `/api/assessment/findings/${id}/dispute`;
    const payload = { reason: '该处当日已整改完毕' };
    const laishan = await t.app.inject({ method: 'POST', url, payload, headers: as('laishan.dispatcher') });
    expect(laishan.statusCode).toBe(403);
    const zhifu = await t.app.inject({ method: 'POST', url, payload, headers: as('zhifu.dispatcher') });
    expect(zhifu.statusCode, zhifu.body).toBe(200);
  },
  // Residents' online ratings: a district seat sees and decides its district's only.
  'GET /api/visits/online': async () => {
    const id = await visitsIn.zhifuRated();
    const seen = async (district: string) =>
      (
        (
          await t.app.inject({ url: '/api/visits/online', headers: await visitsIn.seat(district) })
        ).json() as { items: Array<{ id: number }> }
      ).items.map((r) => r.id);
    expect(await seen('370602')).toContain(id);
    expect(await seen('370613')).not.toContain(id);
  },
  'POST /api/visits/online/:id/decision': async () => {
    const id = await visitsIn.zhifuRated();
    const url = `/api/visits/online/${id}/decision`;
    const payload = { reopen: false, comment: '已向市民说明' };
    const outside = await t.app.inject({
      method: 'POST',
      url,
      payload,
      headers: await visitsIn.seat('370613'),
    });
    expect(outside.statusCode).toBe(404);
    const inside = await t.app.inject({
      method: 'POST',
      url,
      payload,
      headers: await visitsIn.seat('370602'),
    });
    expect(inside.statusCode, inside.body).toBe(200);
  },
};

/** A finding by the demo inspector in their own street (芝罘区); outside it, a refusal. */
async function assessmentFinding(): Promise<number> {
  const street = (await userNamed(t, 'inspector')).jurisdiction.code!;
  const at = await t.app.platform.db.query<{ lon: number; lat: number }>(
    `select g.centroid_lon as lon, g.centroid_lat as lat from unit_grids g join communities c on c.code = g.community_code
     where c.street_code = $1 order by g.code limit 1`,
    [street],
  );
  const body = { aspectCode: 'K02.01', placeKind: 'road', severity: 'normal', needsFix: false };
  const outside = await t.app.inject({
    method: 'POST',
    url: '/api/assessment/findings',
    headers: as('inspector'),
    payload: { ...body, clientId: `outside-${Date.now()}`, lon: 121.5, lat: 37.45 },
  });
  expect([403, 404]).toContain(outside.statusCode);
  const inside = await t.app.inject({
    method: 'POST',
    url: '/api/assessment/findings',
    headers: as('inspector'),
    payload: {
      ...body,
      clientId: `inside-${Date.now()}-${Math.random().toString(36).slice(2)}`,
      ...at.rows[0]!,
    },
  });
  expect(inside.statusCode, inside.body).toBe(200);
  return inside.json().finding.id as number;
}

/** Repeat complaints: an alert on a Zhifu case (three complaints at it), and district supervisors. */
const hotlineIn = {
  supervisors: new Map<string, string>(),
  alert: null as number | null,
  async supervisor(district: string): Promise<{ cookie: string }> {
    if (!this.supervisors.has(district)) {
      const username = `supervisor.${district}`;
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { cookie: cookies.get('admin')! },
        payload: {
          username,
          displayName: username,
          password: 'cityloop-supervisor',
          roles: ['supervisor'],
          jurisdiction: { level: 'district', code: district, departmentId: null },
        },
      });
      expect(res.statusCode, res.body).toBe(200);
      this.supervisors.set(district, await t.login(username, 'cityloop-supervisor'));
    }
    return { cookie: this.supervisors.get(district)! };
  },
  async zhifuAlert(): Promise<number> {
    if (this.alert) return this.alert;
    const c = await makeCase(t, { state: 'dispatched', category: '0105' });
    const threshold = (await t.app.services.repeatComplaints.settings()).repeatThreshold;
    for (let i = 0; i < threshold; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/hotline/complaints',
        headers: await visitsIn.seat('370602'),
        payload: {
          nature: 'complaint',
          kind: 'event',
          category: '0105',
          description: '又来了',
          lon: c.lon,
          lat: c.lat,
        },
      });
      expect(res.json(), res.body).toMatchObject({ outcome: 'repeat', repeatOf: { id: c.id } });
    }
    const [row] = (
      await t.app.platform.db.query<{ id: number }>(
        `select id from hotline_repeat_alerts where case_id = $1`,
        [c.id],
      )
    ).rows;
    this.alert = row!.id;
    return this.alert;
  },
};

const casesIn = {
  async zhifuFiled(): Promise<{ id: number; unitId: number }> {
    const admin = (u: string) => ({ cookie: cookies.get(u)! });
    const rep = await t.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: admin('operator'),
      payload: {
        kind: 'event',
        category: '0102',
        lon: 121.4,
        lat: 37.54,
        description: '暴露垃圾',
        source: 'leader',
      },
    });
    const id = rep.json().id as number;
    await t.app.inject({
      method: 'POST',
      url: `/api/cases/${id}/actions`,
      headers: admin('operator'),
      payload: { action: 'accept' },
    });
    await t.app.inject({
      method: 'POST',
      url: `/api/cases/${id}/actions`,
      headers: admin('shiftleader'),
      payload: { action: 'file' },
    });
    const detail = (await t.app.inject({ url: `/api/cases/${id}`, headers: admin('dispatcher') })).json();
    return { id, unitId: detail.suggestedUnits[0].id };
  },
};
/** Return visits: a closed hotline call in Zhifu whose caller wants a reply, and district hotline seats. */
const visitsIn = {
  seats: new Map<string, string>(),
  async seat(district: string): Promise<{ cookie: string }> {
    if (!this.seats.has(district)) {
      const username = `hotline.${district}`;
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { cookie: cookies.get('admin')! },
        payload: {
          username,
          displayName: username,
          password: 'cityloop-seat',
          roles: ['hotline'],
          jurisdiction: { level: 'district', code: district, departmentId: null },
        },
      });
      expect(res.statusCode, res.body).toBe(200);
      this.seats.set(district, await t.login(username, 'cityloop-seat'));
    }
    return { cookie: this.seats.get(district)! };
  },
  async zhifuClosedCall(): Promise<number> {
    const c = await makeCase(t, { state: 'closed', reporterPhone: '13812341234', wantsReply: true });
    return c.id;
  },
  /** A dissatisfied online rating of a closed 芝罘区 case, waiting for the visit desk. */
  async zhifuRated(): Promise<number> {
    const id = await this.zhifuClosedCall();
    const db = t.app.platform.db;
    await db.query(
      `insert into public_reports (case_id, tracking_code, client_hash, created_at)
       values ($1, $2, 'access-test', now())`,
      [id, `YT-TEST-${id}`],
    );
    const r = await db.query<{ id: number }>(
      `insert into public_ratings (case_id, closing, satisfaction, state, created_at)
       values ($1, 0, 'dissatisfied', 'review', now()) returning id`,
      [id],
    );
    return Number(r.rows[0]!.id);
  },
  /** A closed call in 芝罘区 whose caller the district's seat reached (a return visit done). */
  async zhifuVisited(): Promise<number> {
    const id = await this.zhifuClosedCall();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${id}/actions`,
      headers: await this.seat('370602'),
      payload: { action: 'return_visit', reached: true, satisfaction: 'satisfied' },
    });
    expect(res.statusCode, res.body).toBe(200);
    return id;
  },
};
const as = (u: string) => ({
  cookie: u === 'zhifu.dispatcher' || u === 'laishan.dispatcher' ? districtCookies.get(u)! : cookies.get(u)!,
});
const districtCookies = new Map<string, string>();

async function expectOnlyZhifu(url: string) {
  const res = await t.app.inject({ url, headers: { cookie: zhifuAdmin } });
  expect(res.statusCode).toBe(200);
  const items = res.json().items as Array<{ code: string }>;
  expect(items.length).toBeGreaterThan(0);
  for (const i of items) expect(i.code.startsWith('370602'), i.code).toBe(true);
}
async function expectOutside(method: 'POST' | 'PATCH', url: string, payload: object) {
  const res = await t.app.inject({ method, url, payload, headers: { cookie: zhifuAdmin } });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(403);
  expect(res.json().error.code).toBe('auth.out_of_jurisdiction');
}
async function expectInside(method: 'POST' | 'PATCH', url: string, payload: object) {
  const res = await t.app.inject({ method, url, payload, headers: { cookie: zhifuAdmin } });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(200);
}

describe('authorisation matrix: inside and outside the jurisdiction', () => {
  it('has a jurisdiction case for every area-scoped route', () => {
    const scoped = t.app.routeRules
      .filter((r) => !('public' in r.access) && r.access.scope === 'area')
      .map((r) => `${r.method} ${r.url}`);
    const missing = scoped.filter((k) => !(k in JURISDICTION_CASES));
    expect(missing, 'add a case to JURISDICTION_CASES').toEqual([]);
  });
  for (const [route, check] of Object.entries(JURISDICTION_CASES)) {
    it(route, check);
  }
});
