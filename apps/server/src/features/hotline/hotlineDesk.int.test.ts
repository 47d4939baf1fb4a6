import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCase, makeUser } from '../../testing/factories.js';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';

let t: TestApp;
const cookie: Record<string, string> = {};
beforeAll(async () => {
  t = await makeTestApp();
  for (const u of ['hotline', 'operator', 'inspector', 'supervisor', 'admin', 'shiftleader', 'citizen'])
    cookie[u] = await t.login(u);
  cookie.laishan = (
    await makeUser(t, {
      roles: ['hotline'],
      jurisdiction: { level: 'district', code: '370613', departmentId: null },
    })
  ).cookie;
});
afterAll(() => t.close());

const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookie[who]! }, ...(payload ? { payload } : {}) });
const count = async (table: string, where = 'true') =>
  (await t.app.platform.db.query<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`))
    .rows[0]!.n;

interface Article {
  id: number;
  category: string;
  version: number;
  question: string;
  answer: string;
  active: boolean;
  versions?: Array<{ version: number; answer: string }>;
}

describe('the knowledge base', () => {
  it('finds the demo city’s answers by the caller’s words, in either language and by category', async () => {
    const res = await call('hotline', 'GET', `/api/hotline/kb?q=${encodeURIComponent('摆摊')}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: Article[]; categories: Array<{ code: string; nameEn: string }> };
    expect(body.items[0]).toMatchObject({ category: 'stalls', version: 1, active: true });
    expect(body.categories.map((c) => c.code)).toEqual(
      expect.arrayContaining(['fees', 'permits', 'stalls', 'heating', 'water', 'gas', 'reporting']),
    );
    const en = (await call('hotline', 'GET', '/api/hotline/kb?q=heating%20season')).json() as {
      items: Article[];
    };
    expect(en.items[0]?.category).toBe('heating');
    const gas = (await call('hotline', 'GET', '/api/hotline/kb?category=gas')).json() as { items: Article[] };
    expect(gas.items.length).toBeGreaterThan(0);
    expect(gas.items.every((a) => a.category === 'gas')).toBe(true);
    expect(
      (await call('hotline', 'GET', `/api/hotline/kb?q=${encodeURIComponent('100%_\\')}`)).json(),
    ).toMatchObject({ items: [] });
  });

  it('is read by the seats and written by editors; an edit adds a version and keeps the old one', async () => {
    expect((await call('inspector', 'GET', '/api/hotline/kb')).statusCode).toBe(403);
    const before = await count('kb_articles');
    const body = { category: 'fees', question: '犬只登记收费吗？', answer: '首次登记免费。' };
    expect((await call('hotline', 'POST', '/api/hotline/kb', body)).statusCode).toBe(403);
    expect((await call('admin', 'POST', '/api/hotline/kb', { ...body, category: 'nope' })).statusCode).toBe(
      400,
    );
    expect((await call('admin', 'POST', '/api/hotline/kb', { ...body, answer: '  ' })).statusCode).toBe(400);
    expect(await count('kb_articles')).toBe(before);

    const created = await call('admin', 'POST', '/api/hotline/kb', body);
    expect(created.statusCode, created.body).toBe(201);
    const a = created.json() as Article;
    expect(a).toMatchObject({ version: 1, answer: '首次登记免费。' });

    const edited = await call('shiftleader', 'PUT', `/api/hotline/kb/${a.id}`, {
      ...body,
      answer: '首次登记免费，年检每年50元。',
      answerEn: 'The first registration is free; the yearly check costs 50 yuan.',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ version: 2, answer: '首次登记免费，年检每年50元。' });
    const detail = (await call('hotline', 'GET', `/api/hotline/kb/${a.id}`)).json() as Article;
    expect(detail.versions!.map((v) => [v.version, v.answer])).toEqual([
      [2, '首次登记免费，年检每年50元。'],
      [1, '首次登记免费。'],
    ]);
    // Retiring alone keeps the version; a retired answer is no longer offered to seats.
    const retired = await call('admin', 'PUT', `/api/hotline/kb/${a.id}`, {
      ...body,
      answer: '首次登记免费，年检每年50元。',
      answerEn: 'The first registration is free; the yearly check costs 50 yuan.',
      active: false,
    });
    expect(retired.json()).toMatchObject({ version: 2, active: false });
    const q = `/api/hotline/kb?q=${encodeURIComponent('犬只')}`;
    expect((await call('hotline', 'GET', q)).json()).toMatchObject({ items: [] });
    expect(
      ((await call('admin', 'GET', `${q}&retired=true`)).json() as { items: Article[] }).items,
    ).toHaveLength(1);
    expect((await call('admin', 'PUT', '/api/hotline/kb/999999', body)).statusCode).toBe(404);
    expect((await call('hotline', 'GET', '/api/hotline/kb/999999')).statusCode).toBe(404);
    expect(await count('audit_log', `entity = 'kb_article'`)).toBe(3);
  });

  it('closes a consultation as answered from an answer, recording the answer and its version', async () => {
    const [a] = (
      (await call('hotline', 'GET', `/api/hotline/kb?q=${encodeURIComponent('停水')}`)).json() as {
        items: Article[];
      }
    ).items;
    const res = await call('hotline', 'POST', '/api/hotline/calls', {
      nature: 'inquiry',
      callerPhone: '13700001111',
      content: '家里停水了什么时候来水',
      kbArticleId: a!.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      nature: 'inquiry',
      answer: a!.answer,
      kbArticleId: a!.id,
      kbVersion: 1,
      phone: '137****1111',
    });
    const calls = await count('hotline_calls');
    const bad = [
      { nature: 'inquiry', content: '问', kbArticleId: a!.id, kbVersion: 9 },
      { nature: 'inquiry', content: '问', kbVersion: 1 },
      { nature: 'thanks', content: '谢谢', kbArticleId: a!.id },
    ];
    for (const p of bad)
      expect((await call('hotline', 'POST', '/api/hotline/calls', p)).statusCode).toBe(400);
    expect(
      (
        await call('hotline', 'POST', '/api/hotline/calls', {
          nature: 'inquiry',
          content: '问',
          kbArticleId: 99999,
        })
      ).statusCode,
    ).toBe(404);
    expect(await count('hotline_calls')).toBe(calls);
  });
});

describe('caller number first', () => {
  it('shows the caller’s earlier calls and open and closed cases, numbers masked', async () => {
    await call('hotline', 'POST', '/api/hotline/calls', {
      nature: 'suggestion',
      callerPhone: '139-2222-3333',
      content: '建议增加公厕',
    });
    const open = await makeCase(t, { reporterPhone: '13922223333', state: 'dispatched' });
    const closed = await makeCase(t, { reporterPhone: '139 2222 3333', state: 'closed' });
    await makeCase(t, { reporterPhone: '13800000000' });
    const res = await call('hotline', 'POST', '/api/hotline/callers/lookup', { phone: '13922223333' });
    expect(res.statusCode, res.body).toBe(200);
    const h = res.json() as {
      phone: string;
      calls: Array<{ phone: string; content: string }>;
      openCases: Array<{ id: number; open: boolean }>;
      closedCases: Array<{ id: number }>;
    };
    expect(h.phone).toBe('139****3333');
    expect(h.calls.map((c) => [c.content, c.phone])).toEqual([['建议增加公厕', '139****3333']]);
    expect(h.openCases.map((c) => c.id)).toEqual([open.id]);
    expect(h.closedCases.map((c) => c.id)).toEqual([closed.id]);
    expect(JSON.stringify(h)).not.toContain('22223333');
  });

  it('is the seats’ alone, refuses what is not a number, and a district seat sees its district’s calls', async () => {
    const lookup = (who: string, phone: unknown) =>
      call(who, 'POST', '/api/hotline/callers/lookup', { phone });
    expect((await lookup('inspector', '13922223333')).statusCode).toBe(403);
    expect((await lookup('hotline', 'abc')).statusCode).toBe(400);
    expect((await lookup('hotline', '1')).statusCode).toBe(400);
    expect((await lookup('hotline', '--12')).statusCode).toBe(400);
    expect((await lookup('laishan', '13922223333')).json()).toMatchObject({ calls: [] });
  });
});

describe('phone numbers are masked and a reveal is audited', () => {
  it('reveals a call’s full number to a seat who calls back, and records who looked', async () => {
    const rec = await call('hotline', 'POST', '/api/hotline/calls', {
      nature: 'thanks',
      callerPhone: '13855556666',
      content: '感谢及时处理',
    });
    const id = (rec.json() as { id: number; phone: string }).id;
    expect(rec.json()).toMatchObject({ phone: '138****6666' });
    const listed = (await call('hotline', 'GET', '/api/hotline/calls')).json() as {
      items: Array<{ phone: string }>;
    };
    expect(JSON.stringify(listed)).not.toContain('55556666');
    const audits = await count('audit_log', `action = 'reveal_phone'`);
    for (const who of ['inspector', 'supervisor', 'admin', 'citizen'])
      expect((await call(who, 'POST', `/api/hotline/calls/${id}/phone`)).statusCode).toBe(403);
    expect((await call('laishan', 'POST', `/api/hotline/calls/${id}/phone`)).statusCode).toBe(404);
    expect((await call('hotline', 'POST', '/api/hotline/calls/99999/phone')).statusCode).toBe(404);
    expect(await count('audit_log', `action = 'reveal_phone'`)).toBe(audits);
    const res = await call('operator', 'POST', `/api/hotline/calls/${id}/phone`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ phone: '13855556666' });
    const row = await t.app.platform.db.query<{ entity: string; entity_id: string }>(
      `select entity, entity_id from audit_log where action = 'reveal_phone' order by id desc limit 1`,
    );
    expect(row.rows[0]).toMatchObject({ entity: 'hotline_call', entity_id: String(id) });
  });
});

describe('repeat complaints (重复投诉)', () => {
  const here = { lon: 121.398, lat: 37.538 };
  const complaint = (o: object = {}) => ({
    nature: 'complaint',
    kind: 'event',
    category: '0102',
    ...here,
    lat: here.lat + 0.0001,
    description: '垃圾又堆起来了',
    callerPhone: '13600001234',
    ...o,
  });

  it('settings are the administrator’s, within their bounds, and audited', async () => {
    expect((await call('hotline', 'GET', '/api/hotline/settings')).json()).toEqual({
      repeatRadiusM: 50,
      repeatThreshold: 3,
    });
    const s = { repeatRadiusM: 80, repeatThreshold: 2 };
    expect((await call('hotline', 'PUT', '/api/hotline/settings', s)).statusCode).toBe(403);
    expect((await call('admin', 'PUT', '/api/hotline/settings', { ...s, repeatRadiusM: 5 })).statusCode).toBe(
      400,
    );
    expect(
      (await call('admin', 'PUT', '/api/hotline/settings', { ...s, repeatThreshold: 0 })).statusCode,
    ).toBe(400);
    const res = await call('admin', 'PUT', '/api/hotline/settings', s);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual(s);
    expect(await count('audit_log', `entity = 'hotline_settings'`)).toBe(1);
  });

  it('links a complaint at an open case’s place to it; the threshold raises its urgency and alerts supervisors', async () => {
    const open = await makeCase(t, { where: here, state: 'dispatched' });
    const cases = await count('cases', 'duplicate_of is null');
    const first = await call('hotline', 'POST', '/api/hotline/complaints', complaint());
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      outcome: 'repeat',
      repeatOf: { id: open.id, code: open.code, repeats: 1, escalated: false, urgency: 'normal' },
    });
    // A retried request (same key) is the same report: not counted twice.
    const key = { idempotencyKey: 'repeat-complaint-2' };
    const second = await call('hotline', 'POST', '/api/hotline/complaints', complaint(key));
    expect(second.json()).toMatchObject({ repeatOf: { repeats: 2, escalated: true, urgency: 'urgent' } });
    const again = await call('hotline', 'POST', '/api/hotline/complaints', complaint(key));
    expect(again.json()).toMatchObject({ repeatOf: { repeats: 2, escalated: false, urgency: 'urgent' } });
    expect(await count('cases', 'duplicate_of is null')).toBe(cases);

    const events = await t.app.platform.db.query<{ action: string }>(
      `select action from case_events where case_id = $1 and action in ('duplicate_linked', 'repeat_escalated') order by id`,
      [open.id],
    );
    expect(events.rows.map((e) => e.action)).toEqual([
      'duplicate_linked',
      'duplicate_linked',
      'repeat_escalated',
    ]);
    expect((await t.app.services.cases.byId(t.app.platform.db, open.id))!.urgency).toBe('urgent');
    const casePage = await call('supervisor', 'GET', `/api/cases/${open.id}`);
    expect(casePage.statusCode, casePage.body).toBe(200);
    expect(casePage.json()).toMatchObject({ urgency: 'urgent' });
    expect((casePage.json() as { events: Array<{ action: string }> }).events.map((e) => e.action)).toContain(
      'repeat_escalated',
    );

    const repeats = await call('operator', 'GET', `/api/hotline/cases/${open.id}/repeats`);
    expect(repeats.statusCode, repeats.body).toBe(200);
    expect(repeats.json()).toMatchObject({ repeats: 2, threshold: 2 });
    expect((repeats.json() as { items: Array<{ phone: string; counted: boolean }> }).items).toEqual([
      expect.objectContaining({ phone: '136****1234', counted: true }),
      expect.objectContaining({ phone: '136****1234', counted: true }),
    ]);
    expect((await call('citizen', 'GET', `/api/hotline/cases/${open.id}/repeats`)).statusCode).toBe(403);
    expect((await call('operator', 'GET', '/api/hotline/cases/999999/repeats')).statusCode).toBe(404);

    const alerts = (await call('supervisor', 'GET', '/api/hotline/repeat-alerts')).json() as {
      items: Array<{ id: number; caseId: number; repeats: number; urgencyTo: string }>;
    };
    expect(alerts.items).toEqual([
      expect.objectContaining({ caseId: open.id, repeats: 2, urgencyTo: 'urgent' }),
    ]);
    const id = alerts.items[0]!.id;
    expect((await call('hotline', 'POST', `/api/hotline/repeat-alerts/${id}/seen`)).statusCode).toBe(403);
    expect((await call('supervisor', 'POST', '/api/hotline/repeat-alerts/99999/seen')).statusCode).toBe(404);
    const seen = await call('supervisor', 'POST', `/api/hotline/repeat-alerts/${id}/seen`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({ seenBy: expect.any(String) });
    expect((await call('supervisor', 'GET', '/api/hotline/repeat-alerts')).json()).toEqual({ items: [] });
    expect((await call('inspector', 'GET', '/api/hotline/repeat-alerts')).statusCode).toBe(403);
  });

  it('opens a new case when none is open nearby, or when the seat judges it another problem', async () => {
    const far = await call(
      'hotline',
      'POST',
      '/api/hotline/complaints',
      complaint({ lat: here.lat + 0.002 }),
    );
    expect(far.json()).toMatchObject({ outcome: 'created', repeatOf: null });
    const separate = await call('hotline', 'POST', '/api/hotline/complaints', complaint({ separate: true }));
    expect(separate.json()).toMatchObject({ outcome: 'created', repeatOf: null });
    const farId = (far.json() as { case: { id: number } }).case.id;
    const n = await count('cases');
    const wrong = await call('hotline', 'POST', '/api/hotline/complaints', complaint({ repeatOf: farId }));
    expect(wrong.statusCode).toBe(400);
    expect(
      (await call('hotline', 'POST', '/api/hotline/complaints', complaint({ category: '12' }))).statusCode,
    ).toBe(400);
    expect((await call('inspector', 'POST', '/api/hotline/complaints', complaint())).statusCode).toBe(403);
    expect(await count('cases')).toBe(n);
  });
});
