import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCase, userNamed } from '../../testing/factories.js';
import { userActor } from '../../actor.js';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';

let t: TestApp;
let admin: string;
let dispatcher: string;
beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.login('admin');
  dispatcher = await t.login('dispatcher');
});
afterAll(() => t.close());

const V2 = '/open311/v2';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;
/** Inside the demo city (芝罘区). */
const AT = { lat: '37.54', long: '121.4' };

const get = (url: string) => t.app.inject({ url: `${V2}/${url}` });
const post = (url: string, form: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) body.append(k, x);
  return t.app.inject({ method: 'POST', url: `${V2}/${url}`, headers: FORM, payload: body.toString() });
};
const count = async (table: string) =>
  (await t.app.platform.db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;
const written = async () => ({ cases: await count('cases'), requests: await count('open311_requests') });
type Err = { code: number; description: string };

describe('Open311 discovery and services', () => {
  it('describes itself in XML and JSON, with zoned changesets and both formats', async () => {
    const json = await get('discovery.json');
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    const d = json.json() as { changeset: string; endpoints: { url: string; formats: string[] }[] };
    expect(d.changeset).toMatch(ZONED);
    expect(d.endpoints[0]!.url).toMatch(/\/open311\/v2$/);
    expect(d.endpoints[0]!.formats).toEqual(['application/xml', 'application/json']);
    const xml = await get('discovery.xml');
    expect(xml.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<discovery><changeset>/);
    expect(xml.body).toContain(
      '<formats><format>application/xml</format><format>application/json</format></formats>',
    );
  });

  it('lists the categories as services, metadata true where a category asks questions', async () => {
    const list = (await get('services.json')).json() as Array<Record<string, unknown>>;
    const byCode = new Map(list.map((s) => [s.service_code, s]));
    expect(byCode.get('C0101')).toMatchObject({
      service_name: '上水井盖',
      metadata: true,
      type: 'realtime',
      group: '公用设施类',
    });
    expect(byCode.get('C0101')!.keywords).toContain('Water supply manhole cover');
    expect(byCode.get('E0110')).toMatchObject({ metadata: true });
    expect(byCode.get('E0101')).toMatchObject({ metadata: false });
    const en = await t.app.inject({ url: `${V2}/services.json`, headers: { 'accept-language': 'en' } });
    expect(
      (en.json() as Array<Record<string, unknown>>).find((s) => s.service_code === 'C0101'),
    ).toMatchObject({
      service_name: 'Water supply manhole cover',
      group: 'Public utilities',
    });
    const xml = await get('services.xml');
    expect(xml.body).toContain('<services><service><service_code>');
    expect(xml.body).toContain('<metadata>true</metadata>');
  });

  it('defines a service’s attributes with their datatypes and values, in both formats', async () => {
    const def = (await get('services/C0101.json')).json() as {
      service_code: string;
      attributes: Array<Record<string, unknown>>;
    };
    expect(def.service_code).toBe('C0101');
    expect(def.attributes[0]).toMatchObject({
      variable: true,
      code: 'damage_kind',
      datatype: 'singlevaluelist',
      required: true,
      order: 1,
      description: '井盖的问题是什么？',
    });
    expect(def.attributes[0]!.values).toContainEqual({ key: 'missing', name: '缺失' });
    const multi = (await get('services/E0110.json')).json() as { attributes: Array<{ datatype: string }> };
    expect(multi.attributes.map((a) => a.datatype)).toEqual(['multivaluelist', 'number']);
    const xml = await get('services/C0101.xml');
    expect(xml.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(xml.body).toContain(
      '<service_definition><service_code>C0101</service_code><attributes><attribute><variable>true</variable>',
    );
    expect(xml.body).toContain('<values><value><key>missing</key><name>缺失</name></value>');
  });

  it('answers an unknown service or format with 404 in the spec’s error shape', async () => {
    const json = await get('services/C9999.json');
    expect(json.statusCode).toBe(404);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.json()).toEqual([{ code: 404, description: 'service_code C9999 not found' }]);
    const xml = await get('services/X1.xml');
    expect(xml.statusCode).toBe(404);
    expect(xml.body).toMatch(
      /<errors><error><code>404<\/code><description>[^<]+<\/description><\/error><\/errors>$/,
    );
    expect((await get('services.html')).statusCode).toBe(404);
    expect((await get('services/C0101.html')).statusCode).toBe(404);
    expect((await get('nothing.json')).json()).toEqual([expect.objectContaining({ code: 404 })]);
  });
});

describe('Open311 POST requests', () => {
  it('refuses a missing or wrong api_key with 403 and creates nothing', async () => {
    const before = await written();
    const missing = await post('requests.json', { service_code: 'E0101', ...AT });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toEqual([{ code: 403, description: 'api_key is required' }]);
    const wrong = await post('requests.xml', { api_key: 'nope', service_code: 'E0101', ...AT });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).toContain(
      '<errors><error><code>403</code><description>api_key is not valid</description>',
    );
    expect(await written()).toEqual(before);
  });

  it('lists every mistake at once with 400 and creates nothing', async () => {
    const before = await written();
    const res = await post('requests.json', {
      api_key: 'demo',
      lat: '91',
      long: 'east',
      description: 'x'.repeat(5000),
      media_url: 'javascript:alert(1)',
      email: 'not an address',
    });
    expect(res.statusCode).toBe(400);
    const errors = res.json() as Err[];
    const said = errors.map((e) => e.description).join('\n');
    expect(said).toContain('service_code is required');
    expect(said).toContain('lat is not a WGS-84 latitude');
    expect(said).toContain('long is not a WGS-84 longitude');
    expect(said).toContain('description is longer than 4000 characters');
    expect(said).toContain('media_url');
    expect(said).toContain('email');
    expect(errors.every((e) => e.code === 400)).toBe(true);
    const xml = await post('requests.xml', { api_key: 'demo', service_code: 'C0101', ...AT });
    expect(xml.statusCode).toBe(400);
    expect(xml.body).toContain('attribute[damage_kind] is required');
    expect(await written()).toEqual(before);
  });

  it('refuses unknown attributes, values outside a list, an unknown address and a place outside the city', async () => {
    const before = await written();
    const cases: [Record<string, string | string[]>, string][] = [
      [{ service_code: 'C0101', ...AT, 'attribute[damage_kind]': 'melted' }, 'is not one of its values'],
      [
        { service_code: 'C0101', ...AT, 'attribute[damage_kind]': 'missing', 'attribute[colour]': 'red' },
        'attribute[colour] is not an attribute',
      ],
      [
        { service_code: 'E0110', ...AT, 'attribute[hazards][]': ['traffic', 'lava'] },
        'not in its list: lava',
      ],
      [{ service_code: 'E0110', ...AT, 'attribute[area_m2]': 'big' }, 'is not a number'],
      [
        { service_code: 'E0101', address_string: '火星大道999号' },
        'address_string is not an address of this city',
      ],
      [{ service_code: 'E0101', address_id: '999999999999999' }, 'address_id is not a unit grid code'],
      [{ service_code: 'E0101', lat: '31.2', long: '121.4' }, 'is outside the city'],
      [{ service_code: 'E0101', lat: '37.54' }, 'lat and long must be given together'],
      [{ service_code: 'E0101' }, 'a location is required'],
    ];
    for (const [form, words] of cases) {
      const res = await post('requests.json', { api_key: 'demo', ...form });
      expect(res.statusCode, JSON.stringify(form)).toBe(400);
      expect(res.body, JSON.stringify(form)).toContain(words);
    }
    const unknown = await post('requests.json', { api_key: 'demo', service_code: 'E9999', ...AT });
    expect(unknown.statusCode).toBe(404);
    expect(await written()).toEqual(before);
  });

  it('makes an ordinary case (source open311) that goes to the verification queue like any public report', async () => {
    const res = await post('requests.json', {
      api_key: 'demo',
      service_code: 'C0101',
      ...AT,
      'attribute[damage_kind]': 'missing',
      description: '井盖丢了，很危险',
      first_name: '小',
      last_name: '王',
      phone: '13800001111',
      email: 'wang@example.com',
      media_url: 'https://example.com/p/1.jpg',
    });
    expect(res.statusCode, res.body).toBe(200);
    const [made] = res.json() as Array<{ service_request_id: string; service_notice: string }>;
    expect(typeof made!.service_request_id).toBe('string');
    const row = (
      await t.app.platform.db.query<Record<string, unknown>>(
        `select c.state, c.source, c.kind, c.category, c.description, c.reporter_name, r.api_key_id, k.name as key_name
         from cases c join open311_requests r on r.case_id = c.id join open311_api_keys k on k.id = r.api_key_id
         where c.code = $1`,
        [made!.service_request_id],
      )
    ).rows[0];
    expect(row).toMatchObject({
      state: 'verifying',
      source: 'open311',
      kind: 'component',
      category: '0101',
      reporter_name: '小 王',
      key_name: 'demo',
    });
    expect(row!.description).toContain('井盖丢了，很危险');
    expect(row!.description).toContain('缺失');
    const queue = await t.app.inject({
      url: `/api/cases?queue=to_verify&limit=200`,
      headers: { cookie: dispatcher },
    });
    const items = (queue.json() as { items: Array<{ code: string; source: string }> }).items;
    expect(items.find((c) => c.code === made!.service_request_id)).toMatchObject({ source: 'open311' });
  });

  it('answers a retried POST with the same request instead of a second case', async () => {
    const form = { api_key: 'demo', service_code: 'E0101', ...AT, description: '违建，重试测试' };
    const first = await post('requests.json', form);
    const before = await written();
    const again = await post('requests.xml', form);
    expect(again.statusCode).toBe(200);
    const id = (first.json() as Array<{ service_request_id: string }>)[0]!.service_request_id;
    expect(again.body).toContain(`<service_requests><request><service_request_id>${id}</service_request_id>`);
    expect(await written()).toEqual(before);
    const other = await post('requests.json', { ...form, description: '违建，另一处' });
    expect((other.json() as Array<{ service_request_id: string }>)[0]!.service_request_id).not.toBe(id);
  });

  it('takes multi-value lists and an address the city knows, and shows them back with extensions=true', async () => {
    const res = await post('requests.json', {
      api_key: 'demo',
      service_code: 'E0110',
      address_string: '芝罘区',
      'attribute[hazards][]': ['traffic', 'ponding'],
      'attribute[area_m2]': '2.5',
      description: '路面塌陷',
    });
    expect(res.statusCode, res.body).toBe(200);
    const id = (res.json() as Array<{ service_request_id: string }>)[0]!.service_request_id;
    const one = (await get(`requests/${id}.json?extensions=true`)).json() as Array<Record<string, unknown>>;
    expect(one[0]).toMatchObject({
      service_request_id: id,
      service_code: 'E0110',
      status: 'open',
      address: '芝罘区',
      extended_attributes: {
        channel: 'open311',
        detailed_status: 'verifying',
        attributes: { hazards: ['traffic', 'ponding'], area_m2: '2.5' },
      },
    });
    const xml = await get(`requests/${id}.xml?extensions="true"`);
    expect(xml.body).toContain('<hazards><value>traffic</value><value>ponding</value></hazards>');
    const grid = (
      await t.app.platform.db.query<{ code: string }>(`select code from unit_grids order by code limit 1`)
    ).rows[0]!.code;
    const byGrid = await post('requests.json', { api_key: 'demo', service_code: 'E0101', address_id: grid });
    expect(byGrid.statusCode, byGrid.body).toBe(200);
  });

  it('resolves the token of a request and says 404 for an unknown one', async () => {
    const { token, code } = (
      await t.app.platform.db.query<{ token: string; code: string }>(
        `select r.token, c.code from open311_requests r join cases c on c.id = r.case_id limit 1`,
      )
    ).rows[0]!;
    expect((await get(`tokens/${token}.json`)).json()).toEqual([{ service_request_id: code, token }]);
    expect((await get(`tokens/${token}.xml`)).body).toContain(`<token>${token}</token>`);
    expect((await get('tokens/abcdef0123.json')).statusCode).toBe(404);
  });
});

describe('Open311 GET requests', () => {
  it('lists the last 90 days by default, newest first, zoned, with the unit and public notes', async () => {
    const closed = await makeCase(t, { state: 'closed' });
    const old = await makeCase(t, { at: new Date(Date.now() - 120 * 24 * 3600_000) });
    const list = (await get('requests.json')).json() as Array<Record<string, unknown>>;
    const codes = list.map((r) => r.service_request_id);
    expect(codes).toContain(closed.code);
    expect(codes).not.toContain(old.code);
    const r = list.find((x) => x.service_request_id === closed.code)!;
    expect(r).toMatchObject({ status: 'closed', service_code: 'E0102', lat: 37.54, long: 121.4 });
    expect(r.requested_datetime).toMatch(ZONED);
    expect(r.updated_datetime).toMatch(ZONED);
    expect(typeof r.agency_responsible).toBe('string');
    expect(r).not.toHaveProperty('reporter_name');
    // Words and addresses of other channels' reports stay inside: the category and the point only.
    const seat = userActor(await userNamed(t, 'hotline'));
    const { case: called } = await t.app.services.cases.report(
      {
        kind: 'event',
        category: '0102',
        lon: 121.4,
        lat: 37.54,
        description: '张先生（13900001234）来电：家门口有垃圾',
        address: '幸福小区3号楼2单元501',
        source: 'hotline',
      },
      seat,
    );
    const shown = (await get(`requests/${called.code}.json`)).json() as Array<Record<string, unknown>>;
    expect(shown[0]).toMatchObject({ description: '暴露垃圾', address: null });
    expect(JSON.stringify(shown)).not.toMatch(/张先生|13900001234|幸福小区/);
    const times = list.map((x) => Date.parse(x.requested_datetime as string));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // service_request_id overrides the window and every other filter.
    const byId = (
      await get(`requests.json?service_request_id=${old.code},${closed.code}&status=open`)
    ).json() as unknown[];
    expect(byId).toHaveLength(2);
  });

  it('filters by service_code and status lists, pages, and reads XML', async () => {
    const closedOnly = (await get('requests.json?status=closed')).json() as Array<{ status: string }>;
    expect(closedOnly.length).toBeGreaterThan(0);
    expect(closedOnly.every((r) => r.status === 'closed')).toBe(true);
    const both = (await get('requests.json?status=open,closed')).json() as unknown[];
    const all = (await get('requests.json')).json() as unknown[];
    expect(both.length).toBe(all.length);
    const some = (await get('requests.json?service_code=C0101,E0110')).json() as Array<{
      service_code: string;
    }>;
    expect(some.length).toBeGreaterThan(0);
    expect(new Set(some.map((r) => r.service_code))).toEqual(new Set(['C0101', 'E0110']));
    const page1 = (await get('requests.json?page_size=2&page=1')).json() as Array<{
      service_request_id: string;
    }>;
    const page2 = (await get('requests.json?page_size=2&page=2')).json() as Array<{
      service_request_id: string;
    }>;
    expect(page1).toHaveLength(2);
    expect(page2[0]!.service_request_id).not.toBe(page1[0]!.service_request_id);
    const xml = await get('requests.xml?status=closed');
    expect(xml.body).toMatch(/^<\?xml[^>]+>\n<service_requests><request><service_request_id>/);
    expect(xml.body).toContain('<status>closed</status>');
  });

  it('refuses a window over 90 days and several bad parameters at once, in both formats', async () => {
    const long = await get('requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z');
    expect(long.statusCode).toBe(400);
    expect(long.json()).toEqual([
      { code: 400, description: 'start_date and end_date are more than 90 days apart' },
    ]);
    const ninety = await get(
      'requests.json?start_date=2026-01-01T00:00:00%2B08:00&end_date=2026-04-01T00:00:00%2B08:00',
    );
    expect(ninety.statusCode).toBe(200);
    const many = await get('requests.xml?status=pending&service_code=Z1&start_date=yesterday&page_size=5000');
    expect(many.statusCode).toBe(400);
    expect(many.body.match(/<error>/g)).toHaveLength(4);
    const updated = await get(
      `requests.json?updated_after=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`,
    );
    expect(updated.json()).toEqual([]);
  });

  it('shows one request by id and 404 for an unknown one', async () => {
    const c = await makeCase(t, { state: 'closed' });
    const one = (await get(`requests/${c.code}.json`)).json() as Array<Record<string, unknown>>;
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({ service_request_id: c.code, status: 'closed' });
    const xml = await get(`requests/${c.code}.xml`);
    expect(xml.body).toContain(`<service_request_id>${c.code}</service_request_id>`);
    // A public note (why a report was not taken up) is shown; an internal comment and names never.
    const refused = await makeCase(t);
    const operator = userActor(await userNamed(t, 'operator'));
    await t.app.services.cases.act(refused.id, { action: 'comment', comment: '内部：请张三跟进' }, operator);
    await t.app.services.cases.act(refused.id, { action: 'reject', comment: '不属于城市管理范围' }, operator);
    const notes = (await get(`requests/${refused.code}.json`)).json() as Array<Record<string, unknown>>;
    expect(notes[0]).toMatchObject({ status: 'closed', status_notes: '不属于城市管理范围' });
    expect(JSON.stringify(notes)).not.toContain('张三');
    const missing = await get('requests/NOPE123.json');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual([{ code: 404, description: 'service_request_id NOPE123 not found' }]);
  });
});

describe('Open311 servicerequestupdates (mySociety)', () => {
  it('lists the public steps of requests as updates with extended statuses', async () => {
    const c = await makeCase(t, { state: 'closed' });
    // makeCase takes its steps a minute apart from now on: the window reaches into the next day.
    const window = `start_date=${encodeURIComponent(new Date(Date.now() - 3600_000).toISOString())}&end_date=${encodeURIComponent(new Date(Date.now() + 24 * 3600_000).toISOString())}`;
    const res = await get(`servicerequestupdates.json?service_request_id=${c.code}&${window}`);
    expect(res.statusCode).toBe(200);
    const updates = res.json() as Array<Record<string, string>>;
    expect(updates[0]).toMatchObject({ service_request_id: c.code, status: 'open', media_url: '' });
    expect(updates.at(-1)).toMatchObject({ status: 'fixed', external_status_code: 'closed' });
    expect(updates.every((u) => ZONED.test(u.updated_datetime!))).toBe(true);
    const xml = await get(`servicerequestupdates.xml?service_request_id=${c.code}&${window}`);
    expect(xml.body).toContain('<service_request_updates><request_update><update_id>');
  });

  it('takes a partner’s update once, with its key, and lists every mistake', async () => {
    const c = await makeCase(t);
    const form = {
      api_key: 'demo',
      service_request_id: c.code,
      update_id: 'fms-1',
      updated_datetime: '2026-12-01T10:00:00Z',
      status: 'OPEN',
      description: '居民补充：井盖旁还有积水',
    };
    const noKey = await post('servicerequestupdates.json', { ...form, api_key: '' });
    expect(noKey.statusCode).toBe(403);
    const ok = await post('servicerequestupdates.xml', form);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.body).toContain('<service_request_updates><request_update><update_id>fms-1</update_id>');
    expect(await count('open311_updates')).toBe(1);
    const again = await post('servicerequestupdates.json', form);
    expect(again.statusCode).toBe(400);
    expect(again.json()).toEqual([{ code: 400, description: 'update_id fms-1 already exists' }]);
    const bad = await post('servicerequestupdates.json', {
      api_key: 'demo',
      status: 'MAYBE',
      updated_datetime: 'soon',
    });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as Err[]).length).toBeGreaterThanOrEqual(5);
    const unknown = await post('servicerequestupdates.json', {
      ...form,
      update_id: 'fms-2',
      service_request_id: 'X404',
    });
    expect(unknown.statusCode).toBe(404);
    expect(await count('open311_updates')).toBe(1);
  });
});

describe('Open311 API keys (admin)', () => {
  it('issues a key shown once, records its requests, and revokes it', async () => {
    const issued = await t.app.inject({
      method: 'POST',
      url: '/api/open311/keys',
      headers: { cookie: admin },
      payload: { name: '烟台随手拍', partner: '烟台日报社' },
    });
    expect(issued.statusCode).toBe(201);
    const { key, secret } = issued.json() as { key: { id: number; prefix: string }; secret: string };
    expect(secret.startsWith(key.prefix)).toBe(true);
    const made = await post('requests.json', {
      api_key: secret,
      service_code: 'E0101',
      ...AT,
      description: '合作方上报',
    });
    expect(made.statusCode).toBe(200);
    const list = await t.app.inject({ url: '/api/open311/keys', headers: { cookie: admin } });
    expect(list.body).not.toContain(secret);
    expect(
      (list.json() as { items: Array<{ id: number; requests: number }> }).items.find((k) => k.id === key.id),
    ).toMatchObject({
      requests: 1,
    });
    const revoked = await t.app.inject({
      method: 'POST',
      url: `/api/open311/keys/${key.id}/revoke`,
      headers: { cookie: admin },
    });
    expect(revoked.json()).toMatchObject({ active: false });
    const refused = await post('requests.json', {
      api_key: secret,
      service_code: 'E0101',
      ...AT,
      description: '又一次',
    });
    expect(refused.statusCode).toBe(403);
    const logged = await t.app.platform.db.query<{ action: string; after: string | null }>(
      `select action, after::text as after from audit_log where entity = 'open311_key' and entity_id = $1 order by id`,
      [String(key.id)],
    );
    expect(logged.rows.map((r) => r.action)).toEqual(['open311_key.issue', 'open311_key.revoke']);
    expect(logged.rows[0]!.after).not.toContain(secret);
    const notAdmin = await t.app.inject({ url: '/api/open311/keys', headers: { cookie: dispatcher } });
    expect(notAdmin.statusCode).toBe(403);
  });
});
