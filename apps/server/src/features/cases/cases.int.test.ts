import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';

let t: TestApp;
const cookie: Record<string, string> = {};
let handlerUser = '';
const CENTRE = { lon: 121.4, lat: 37.54 };

async function photo(who: string): Promise<string> {
  const png = await sharp({
    create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 80, b: 40 } },
  })
    .png()
    .toBuffer();
  const boundary = '----cityloop';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/attachments',
    headers: { cookie: cookie[who]!, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id as string;
}

const act = (who: string, id: number, body: object) =>
  t.app.inject({
    method: 'POST',
    url: `/api/cases/${id}/actions`,
    headers: { cookie: cookie[who]! },
    payload: body,
  });

const report = (who: string, body: object) =>
  t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: cookie[who]! }, payload: body });

beforeAll(async () => {
  t = await makeTestApp();
  for (const u of [
    'inspector',
    'operator',
    'shiftleader',
    'dispatcher',
    'supervisor',
    'citizen',
    'admin',
    'zhifu.dispatcher',
    'laishan.dispatcher',
  ]) {
    cookie[u] = await t.login(u);
  }
});
afterAll(() => t.close());

describe('the closed loop 上报→立案→派遣→处置→核查→结案', () => {
  let caseId = 0;

  it('an inspector reports exposed garbage with a photo: grid resolved, accept step due in working time', async () => {
    const p = await photo('inspector');
    const res = await report('inspector', {
      kind: 'event',
      category: '0102',
      ...CENTRE,
      description: '路边暴露垃圾',
      photos: [p],
      idempotencyKey: 'test-key-0001',
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ state: 'reported', created: true, grid: { district: '芝罘区' } });
    expect(body.code).toMatch(/^\d{16}$/);
    expect(body.grid.code).toMatch(/^370602/);
    expect(Date.parse(body.deadline)).toBeGreaterThan(Date.now());
    caseId = body.id;
  });

  it('the same idempotency key returns the same case instead of a second one', async () => {
    const res = await report('inspector', {
      kind: 'event',
      category: '0102',
      ...CENTRE,
      description: '路边暴露垃圾',
      idempotencyKey: 'test-key-0001',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: caseId, created: false });
  });

  it('two reports racing with one idempotency key make one case', async () => {
    const body = {
      kind: 'event',
      category: '0102',
      ...CENTRE,
      description: '同时上报',
      idempotencyKey: 'test-key-race',
    };
    const answers = await Promise.all([report('inspector', body), report('inspector', body)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 201]);
    expect(answers[0]!.json().id).toBe(answers[1]!.json().id);
  });

  it('refuses an illegal step with 409 case.invalid_transition and a wrong role with 403', async () => {
    const early = await act('shiftleader', caseId, { action: 'close' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('case.invalid_transition');
    const wrongRole = await act('inspector', caseId, { action: 'accept' });
    expect(wrongRole.statusCode).toBe(403);
  });

  it('walks the loop with rework, each step an event with who, role, time and on-time flag', async () => {
    expect((await act('operator', caseId, { action: 'accept' })).statusCode).toBe(200);
    const filed = await act('shiftleader', caseId, { action: 'file' });
    expect(filed.json().state).toBe('filed');
    const detail = (
      await t.app.inject({ url: `/api/cases/${caseId}`, headers: { cookie: cookie.dispatcher! } })
    ).json();
    expect(detail.allowedActions).toContain('dispatch');
    expect(detail.filingCondition).toBeTruthy();
    const unit = detail.suggestedUnits[0];
    expect(unit.name).toMatch(/环卫/);
    // Another district's dispatcher may not touch it.
    expect(
      (await act('laishan.dispatcher', caseId, { action: 'dispatch', unitId: unit.id })).statusCode,
    ).toBe(403);
    const dispatched = await act('dispatcher', caseId, { action: 'dispatch', unitId: unit.id });
    expect(dispatched.json()).toMatchObject({ state: 'dispatched', unitId: unit.id, step: 'dispose' });
    expect(dispatched.json().disposalDueAt).toBeTruthy();

    const users = (
      await t.app.inject({ url: '/api/users?role=handler&pageSize=100', headers: { cookie: cookie.admin! } })
    ).json();
    handlerUser = users.items.find((u: { departmentId: number }) => u.departmentId === unit.id).username;
    cookie[handlerUser] = await t.login(handlerUser);
    const inbox = (
      await t.app.inject({ url: '/api/cases?queue=inbox', headers: { cookie: cookie[handlerUser]! } })
    ).json();
    expect(inbox.items.map((c: { id: number }) => c.id)).toContain(caseId);

    expect((await act(handlerUser, caseId, { action: 'start' })).json().state).toBe('handling');
    const noPhoto = await act(handlerUser, caseId, { action: 'report_done' });
    expect(noPhoto.statusCode).toBe(400);
    expect(
      (await act(handlerUser, caseId, { action: 'report_done', photos: [await photo(handlerUser)] })).json()
        .state,
    ).toBe('handled');
    expect((await act('operator', caseId, { action: 'to_check' })).json().state).toBe('checking');
    const failed = await act('inspector', caseId, {
      action: 'check',
      passed: false,
      comment: '仍有垃圾残留',
    });
    expect(failed.json()).toMatchObject({ state: 'dispatched', reworkCount: 1 });
    await act(handlerUser, caseId, { action: 'report_done', photos: [await photo(handlerUser)] });
    await act('operator', caseId, { action: 'to_check' });
    expect((await act('inspector', caseId, { action: 'check', passed: true })).json().state).toBe(
      'checked_ok',
    );
    const closed = await act('shiftleader', caseId, { action: 'close' });
    expect(closed.json().state).toBe('closed');
    const events = closed.json().events as Array<{
      action: string;
      actorRole: string;
      onTime: boolean | null;
      step: string | null;
    }>;
    expect(events.map((e) => e.action)).toEqual([
      'report',
      'accept',
      'file',
      'dispatch',
      'start',
      'report_done',
      'to_check',
      'check',
      'report_done',
      'to_check',
      'check',
      'close',
    ]);
    expect(events.find((e) => e.action === 'dispatch')).toMatchObject({
      actorRole: 'dispatcher',
      step: 'dispatch',
      onTime: true,
    });
    expect(events.find((e) => e.action === 'report_done')).toMatchObject({ step: 'dispose', onTime: true });
    expect(closed.json().photos.length).toBe(3);
  });

  it('a handler cannot see another unit’s cases, a citizen only their own', async () => {
    const res = await t.app.inject({
      url: `/api/cases/${caseId}`,
      headers: { cookie: await t.login('water.handler') },
    });
    expect(res.statusCode).toBe(403);
    expect(
      (await t.app.inject({ url: `/api/cases/${caseId}`, headers: { cookie: cookie.citizen! } })).statusCode,
    ).toBe(403);
    expect(
      (await t.app.inject({ url: '/api/cases/999999', headers: { cookie: cookie.citizen! } })).statusCode,
    ).toBe(404);
  });
});

describe('intake rules', () => {
  it('public reports go to an inspector for verification first', async () => {
    const res = await report('citizen', {
      kind: 'event',
      category: '0104',
      lon: 121.401,
      lat: 37.541,
      description: '道路不洁',
    });
    expect(res.json().state).toBe('verifying');
    const mine = (await t.app.inject({ url: '/api/cases', headers: { cookie: cookie.citizen! } })).json();
    expect(mine.items.map((c: { id: number }) => c.id)).toContain(res.json().id);
    const tasks = (
      await t.app.inject({ url: '/api/cases?queue=my_tasks', headers: { cookie: cookie.inspector! } })
    ).json();
    expect(tasks.items.map((c: { id: number }) => c.id)).toContain(res.json().id);
  });

  it('offers a citizen other people’s nearby cases to link to, without their words, address or phone', async () => {
    const theirs = (
      await report('inspector', {
        kind: 'event',
        category: '0104',
        ...CENTRE,
        description: '张三家门口乱堆物',
        address: '幸福路 12 号',
      })
    ).json();
    const asCitizen = (
      await t.app.inject({
        url: `/api/cases/duplicates?kind=event&category=0104&lon=${CENTRE.lon}&lat=${CENTRE.lat}`,
        headers: { cookie: cookie.citizen! },
      })
    ).json() as Array<{ id: number; description: string; address: string | null }>;
    const seen = asCitizen.find((d) => d.id === theirs.id)!;
    expect(seen).toMatchObject({ description: '', address: null });
    const asOperator = (
      await t.app.inject({
        url: `/api/cases/duplicates?kind=event&category=0104&lon=${CENTRE.lon}&lat=${CENTRE.lat}`,
        headers: { cookie: cookie.operator! },
      })
    ).json() as Array<{ id: number; description: string }>;
    expect(asOperator.find((d) => d.id === theirs.id)!.description).toBe('张三家门口乱堆物');
  });

  it('offers an open case of the same category within 50 m as a duplicate and links a confirmed one', async () => {
    const first = (
      await report('inspector', {
        kind: 'component',
        category: '0101',
        ...CENTRE,
        description: '上水井盖破损',
      })
    ).json();
    const near = { lon: CENTRE.lon + 0.0002, lat: CENTRE.lat };
    const dups = (
      await t.app.inject({
        url: `/api/cases/duplicates?kind=component&category=0101&lon=${near.lon}&lat=${near.lat}`,
        headers: { cookie: cookie.inspector! },
      })
    ).json();
    expect(dups.map((d: { id: number }) => d.id)).toContain(first.id);
    expect(dups[0].distanceM).toBeLessThan(50);
    const far = (
      await t.app.inject({
        url: `/api/cases/duplicates?kind=component&category=0101&lon=${CENTRE.lon + 0.002}&lat=${CENTRE.lat}`,
        headers: { cookie: cookie.inspector! },
      })
    ).json();
    expect(far.map((d: { id: number }) => d.id)).not.toContain(first.id);
    // The report itself answers with the open cases nearby, so the phone can offer them.
    const second = (
      await report('inspector', { kind: 'component', category: '0101', ...near, description: '井盖又报' })
    ).json();
    expect(second.duplicates.map((d: { id: number }) => d.id)).toContain(first.id);
    expect(second.duplicates.map((d: { id: number }) => d.id)).not.toContain(second.id);
    expect(second.duplicates.find((d: { id: number }) => d.id === first.id)).toEqual({
      id: first.id,
      code: first.code,
      state: first.state,
      distanceM: expect.any(Number),
    });
    const linked = (
      await report('inspector', {
        kind: 'component',
        category: '0101',
        ...near,
        description: '同一井盖',
        duplicateOf: first.id,
      })
    ).json();
    expect(linked.state).toBe('cancelled');
    const original = (
      await t.app.inject({ url: `/api/cases/${first.id}`, headers: { cookie: cookie.operator! } })
    ).json();
    expect(original.events.map((e: { action: string }) => e.action)).toContain('duplicate_linked');
    // The system's notes are codes with parameters (the page tells them in the reader's language).
    const note = original.events.find((e: { action: string }) => e.action === 'duplicate_linked');
    expect(note.comment).toBeNull();
    expect(note.payload.note).toEqual({ code: 'case.duplicate_linked', params: { code: linked.code } });
    const own = (
      await t.app.inject({ url: `/api/cases/${linked.id}`, headers: { cookie: cookie.operator! } })
    ).json();
    expect(own.events[0].payload.note).toEqual({ code: 'case.duplicate_of', params: { code: first.code } });
  });

  it('refuses unknown categories, points outside the city and unknown photos, creating nothing', async () => {
    const before = (
      await t.app.inject({ url: '/api/cases?limit=200', headers: { cookie: cookie.operator! } })
    ).json().items.length;
    expect(
      (await report('inspector', { kind: 'event', category: '9999', ...CENTRE, description: 'x' }))
        .statusCode,
    ).toBe(400);
    expect(
      (
        await report('inspector', {
          kind: 'event',
          category: '0102',
          lon: 121.4,
          lat: 37.7,
          description: 'x',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await report('inspector', {
          kind: 'event',
          category: '0102',
          ...CENTRE,
          description: 'x',
          photos: ['00000000-0000-4000-8000-000000000000'],
        })
      ).statusCode,
    ).toBe(400);
    expect((await report('inspector', { kind: 'event', category: '0102', ...CENTRE })).statusCode).toBe(400);
    const after = (
      await t.app.inject({ url: '/api/cases?limit=200', headers: { cookie: cookie.operator! } })
    ).json().items.length;
    expect(after).toBe(before);
  });

  it('an inspector may not report outside their street', async () => {
    const res = await report('inspector', {
      kind: 'event',
      category: '0102',
      lon: 121.5,
      lat: 37.45,
      description: '莱山区',
    });
    expect([403, 404]).toContain(res.statusCode);
  });

  it('pages through a queue by cursor without repeats', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await report('operator', {
        kind: 'event',
        category: '0201',
        lon: 121.395 + i * 0.001,
        lat: 37.538,
        description: `小广告 ${i}`,
        source: 'hotline',
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    const seen = new Set<number>();
    let cursor: number | null = null;
    do {
      const page: { items: Array<{ id: number }>; nextCursor: number | null } = (
        await t.app.inject({
          url: `/api/cases?queue=to_verify&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          headers: { cookie: cookie.operator! },
        })
      ).json();
      for (const c of page.items) {
        expect(seen.has(c.id)).toBe(false);
        seen.add(c.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBeGreaterThanOrEqual(5);
  });
});

describe('components and cases', () => {
  it('a component report links the instance, and the instance’s history lists the case', async () => {
    const near = (
      await t.app.inject({
        url: `/api/components/nearby?lon=${CENTRE.lon}&lat=${CENTRE.lat}&radius=300`,
        headers: { cookie: cookie.inspector! },
      })
    ).json();
    const comp = near.items?.[0] ?? near[0];
    const res = await report('inspector', {
      kind: 'component',
      category: comp.category,
      lon: comp.lon ?? CENTRE.lon,
      lat: comp.lat ?? CENTRE.lat,
      description: '部件损坏',
      componentCode: comp.code,
    });
    expect(res.statusCode, res.body).toBe(201);
    const history = (
      await t.app.inject({
        url: `/api/components/${comp.code}/history`,
        headers: { cookie: cookie.inspector! },
      })
    ).json();
    expect(history.cases.map((c: { id: number }) => c.id)).toContain(res.json().id);
  });

  it('refuses a component code that is not in the registry', async () => {
    const res = await report('inspector', {
      kind: 'component',
      category: '0101',
      ...CENTRE,
      description: 'x',
      componentCode: '3706020101999999',
    });
    expect(res.statusCode).toBe(400);
  });
});
