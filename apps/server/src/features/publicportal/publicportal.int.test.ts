import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseActionRequest } from '@cityloop/domain';
import { userActor } from '../../actor.js';
import type { SessionUser } from '../../http/access.js';
import { makePhoto, userNamed } from '../../testing/factories.js';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';

let t: TestApp;
const cookie: Record<string, string> = {};
let ipSeq = 0;
/** Each test speaks from an address of its own, so the per-client limits are its own too. */
const newIp = () => `10.0.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;
/** Inside the demo city (芝罘区). */
const AT = { lon: 121.4, lat: 37.54 };
const count = async (table: string) =>
  (await t.app.platform.db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;
const written = async () => ({
  cases: await count('cases'),
  reports: await count('public_reports'),
  ratings: await count('public_ratings'),
});

beforeAll(async () => {
  t = await makeTestApp();
  for (const u of ['admin', 'hotline', 'citizen', 'operator']) cookie[u] = await t.login(u);
});
afterAll(() => t.close());

const post = (url: string, payload: object, ip = newIp(), headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload, remoteAddress: ip, headers });
const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

function multipart(data: Buffer, filename = 'photo.jpg', mime = 'image/jpeg') {
  const boundary = '----cityloopportal';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const upload = (data: Buffer, ip = newIp(), mime = 'image/jpeg') =>
  t.app.inject({
    method: 'POST',
    url: '/api/public/photos',
    remoteAddress: ip,
    ...multipart(data, 'p', mime),
  });

/** A phone photo: JPEG with a camera, an owner and a GPS position in its EXIF. */
const phonePhoto = () =>
  sharp({ create: { width: 80, height: 60, channels: 3, background: '#c33' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam', Artist: 'Zhang San' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '37/1 32/1 2400/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '121/1 24/1 0/1',
      },
    })
    .toBuffer();

const REPORT = { kind: 'event', category: '0102', ...AT, description: '路边有一堆垃圾没人清理' };

/** The sms the file sink wrote to `phone` last. */
function lastSms(phone: string): string {
  const file = path.join(t.config.dataDir, 'outbox', 'messages.jsonl');
  const lines = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { to: string; body: string });
  return lines.filter((l) => l.to === phone).at(-1)!.body;
}

/** A portal report driven through the loop by the staff: verified, filed, dispatched, done, checked, closed. */
async function closeByStaff(trackingCode: string) {
  const { rows } = await t.app.platform.db.query<{ case_id: string }>(
    `select case_id::text from public_reports where tracking_code = $1`,
    [trackingCode],
  );
  return closeCase(Number(rows[0]!.case_id));
}

/** A case driven through the loop by the staff: verified, filed, dispatched, done, checked, closed. */
async function closeCase(id: number) {
  const cases = t.app.services.cases;
  const c = (await cases.byId(t.app.platform.db, id))!;
  const who = (u: string) => userNamed(t, u);
  const inspector = await t.app.platform.db.query<{ username: string }>(
    `select username from users where 'inspector' = any(roles) and jurisdiction_code = $1 order by id limit 1`,
    [c.street_code],
  );
  const insp = await who(inspector.rows[0]!.username);
  const unit = (await cases.suggestUnits(c))[0]!;
  const handler = await t.app.platform.db.query<{ username: string }>(
    `select username from users where department_id = $1 and 'handler' = any(roles) order by id limit 1`,
    [unit.id],
  );
  const fix = await makePhoto(t);
  const steps: Array<[SessionUser, CaseActionRequest]> = [
    ...(c.state === 'reported'
      ? [
          [await who('operator'), { action: 'send_verify', inspectorId: insp.id }] as [
            SessionUser,
            CaseActionRequest,
          ],
        ]
      : []),
    [insp, { action: 'verify', confirmed: true }],
    [await who('shiftleader'), { action: 'file' }],
    [await who('dispatcher'), { action: 'dispatch', unitId: unit.id, comment: '内部批示：请张科长尽快处理' }],
    [await who(handler.rows[0]!.username), { action: 'report_done', photos: [fix.id], comment: '已清理' }],
    [await who('operator'), { action: 'to_check' }],
    [insp, { action: 'check', passed: true }],
    [await who('shiftleader'), { action: 'close', comment: '垃圾已清运完毕' }],
  ];
  for (const [u, body] of steps) await cases.act(id, body, userActor(u));
  return { id, fixPhoto: fix.id };
}

describe('public report without an account', () => {
  it('answers a tracking code for an anonymous report with a photo; the case is source web and waits for verification', async () => {
    const ip = newIp();
    const photo = await upload(await phonePhoto(), ip);
    expect(photo.statusCode, photo.body).toBe(200);
    const p = photo.json() as { id: string; hint: { lon: number; lat: number } | null };
    expect(p.hint!.lat).toBeCloseTo(37.54, 4);
    expect(p.hint!.lon).toBeCloseTo(121.4, 4);
    // Stored re-encoded, without the camera, the owner or the place.
    const stored = await t.app.services.attachments.read(p.id, false, { id: -1 }, () =>
      Promise.resolve(true),
    );
    expect(stored.mime).toBe('image/jpeg');
    expect((await sharp(stored.data).metadata()).exif).toBeUndefined();

    const res = await post('/api/public/reports', { ...REPORT, photos: [p.id], source: undefined }, ip);
    expect(res.statusCode, res.body).toBe(200);
    const { trackingCode } = res.json() as { trackingCode: string };
    expect(trackingCode).toMatch(/^YT-\d{4}-\d{6}$/);
    const row = (
      await t.app.platform.db.query<{
        source: string;
        state: string;
        reporter_id: number | null;
        reporter_phone: string | null;
      }>(
        `select c.source, c.state, c.reporter_id, c.reporter_phone from cases c join public_reports p on p.case_id = c.id where p.tracking_code = $1`,
        [trackingCode],
      )
    ).rows[0]!;
    expect(row).toMatchObject({ source: 'web', reporter_id: null, reporter_phone: null });
    expect(['reported', 'verifying']).toContain(row.state);
  });

  it('finds the place by address when no point is given', async () => {
    const res = await post('/api/public/reports', {
      kind: 'event',
      category: '0102',
      address: '烟台山公园',
      description: '公园门口垃圾',
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('refuses bad reports with a 4xx and writes nothing', async () => {
    const before = await written();
    const internal = await makePhoto(t, (await userNamed(t, 'operator')).id);
    const bad: Array<[object, number, string]> = [
      [{ ...REPORT, category: '9999' }, 400, 'validation.failed'],
      [{ kind: 'event', category: '0102', description: 'x' }, 400, 'validation.failed'],
      [{ ...REPORT, lon: 120.0, lat: 30.0 }, 404, 'grid.not_found'],
      [
        { kind: 'event', category: '0102', address: '不存在的地方路999号', description: 'x' },
        400,
        'validation.failed',
      ],
      [{ ...REPORT, photos: [internal.id] }, 400, 'validation.failed'],
      [{ ...REPORT, source: 'inspector' }, 400, 'validation.failed'],
      [{ ...REPORT, name: '张三' }, 400, 'validation.failed'],
      [{ ...REPORT, phone: '13800001111' }, 400, 'public.code_invalid'],
      [{ ...REPORT, phone: '13800001111', verificationCode: '000000' }, 400, 'public.code_invalid'],
      [{ ...REPORT, description: 'x'.repeat(2001) }, 400, 'validation.failed'],
      [{ ...REPORT, photos: Array.from({ length: 5 }, () => crypto.randomUUID()) }, 400, 'validation.failed'],
    ];
    for (const [body, status, code] of bad) {
      const res = await post('/api/public/reports', body);
      expect(res.statusCode, `${JSON.stringify(body)} → ${res.body}`).toBe(status);
      expect((res.json() as { error: { code: string } }).error.code).toBe(code);
    }
    expect(await written()).toEqual(before);
  });

  it('refuses photos that are not JPEG, PNG, WebP or HEIC, or larger than 10 MB', async () => {
    const uploads = await count('public_uploads');
    expect((await upload(Buffer.from('%PDF-1.4 not a photo'), newIp(), 'application/pdf')).statusCode).toBe(
      415,
    );
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .gif()
      .toBuffer();
    expect((await upload(gif)).statusCode).toBe(415);
    expect((await upload(Buffer.alloc(10 * 1024 * 1024 + 10, 1))).statusCode).toBe(413);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/public/photos', payload: { file: 'x' } })).statusCode,
    ).toBe(415);
    expect(await count('public_uploads')).toBe(uploads);
    // HEIF (here AV1-coded, what this build of libvips reads) is taken and stored as JPEG.
    const heif = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#0a0' } })
      .heif({ compression: 'av1' })
      .toBuffer();
    expect((await upload(heif)).statusCode).toBe(200);
  });

  it('limits reports per client address with a clear message; another address is not held up', async () => {
    const ip = newIp();
    for (let i = 0; i < 10; i++) expect((await post('/api/public/reports', REPORT, ip)).statusCode).toBe(200);
    const before = await written();
    const refused = await post('/api/public/reports', REPORT, ip, { 'accept-language': 'en' });
    expect(refused.statusCode).toBe(429);
    const err = (
      refused.json() as { error: { code: string; message: string; details: { retryAfterSeconds: number } } }
    ).error;
    expect(err.code).toBe('public.rate_limited');
    expect(err.message).toMatch(/try again later/);
    expect(err.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(await written()).toEqual(before);
    expect((await post('/api/public/reports', REPORT)).statusCode).toBe(200);
  });
});

describe('a reporter’s phone verified by a code through the outbox', () => {
  it('sends a code, takes the report with it once, and refuses a second code within a minute', async () => {
    const phone = '13900002222';
    const ip = newIp();
    const sent = await post('/api/public/phone-codes', { phone }, ip);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toEqual({ sentTo: '139****2222', expiresInSeconds: 600 });
    await t.app.services.notifications.sendDue();
    const code = /(\d{6})/.exec(lastSms(phone))![1]!;
    const again = await post('/api/public/phone-codes', { phone }, ip);
    expect(again.statusCode).toBe(429);

    const wrong = await post(
      '/api/public/reports',
      { ...REPORT, phone, name: '李女士', verificationCode: code === '111111' ? '222222' : '111111' },
      ip,
    );
    expect(wrong.statusCode).toBe(400);
    const ok = await post(
      '/api/public/reports',
      { ...REPORT, phone, name: '李女士', verificationCode: code },
      ip,
    );
    expect(ok.statusCode, ok.body).toBe(200);
    const reused = await post('/api/public/reports', { ...REPORT, phone, verificationCode: code }, ip);
    expect((reused.json() as { error: { code: string } }).error.code).toBe('public.code_invalid');
    const { trackingCode } = ok.json() as { trackingCode: string };
    const c = (
      await t.app.platform.db.query<{ reporter_phone: string; reporter_name: string; wants_reply: boolean }>(
        `select reporter_phone, reporter_name, wants_reply from cases c join public_reports p on p.case_id = c.id where tracking_code = $1`,
        [trackingCode],
      )
    ).rows[0]!;
    expect(c).toEqual({ reporter_phone: phone, reporter_name: '李女士', wants_reply: true });

    // The reporter hears of acceptance and closing, through the outbox, once each.
    await closeByStaff(trackingCode);
    await new Promise((r) => setTimeout(r, 50));
    await t.app.services.notifications.sendDue();
    const topics = (
      await t.app.platform.db.query<{ topic: string; state: string }>(
        `select topic, state from notification_outbox where recipient = $1 order by id`,
        [phone],
      )
    ).rows;
    expect(topics).toEqual([
      { topic: 'verification_code', state: 'sent' },
      { topic: 'case_accepted', state: 'sent' },
      { topic: 'case_closed', state: 'sent' },
    ]);
    expect(lastSms(phone)).toContain(trackingCode);
  });

  it('refuses a malformed phone number and writes nothing', async () => {
    const before = await count('notification_outbox');
    for (const phone of ['12345', '2380000111', '1380000111a', ''])
      expect((await post('/api/public/phone-codes', { phone })).statusCode).toBe(400);
    expect(await count('notification_outbox')).toBe(before);
  });
});

describe('tracking and rating', () => {
  it('shows the public timeline, the closing note and the photos of the fix, never internal notes, staff or personal data', async () => {
    const ip = newIp();
    const photo = (await upload(await phonePhoto(), ip)).json() as { id: string };
    const { trackingCode } = (
      await post('/api/public/reports', { ...REPORT, photos: [photo.id] }, ip)
    ).json() as { trackingCode: string };
    const early = (await get(`/api/public/reports/${trackingCode}`)).json() as {
      closed: boolean;
      mayRate: boolean;
    };
    expect(early).toMatchObject({ closed: false, mayRate: false });
    const { fixPhoto } = await closeByStaff(trackingCode);
    const res = await get(`/api/public/reports/${trackingCode}`);
    expect(res.statusCode).toBe(200);
    const v = res.json() as {
      state: string;
      mayRate: boolean;
      photos: { url: string }[];
      timeline: { action: string; note: string | null; photos: { url: string }[] }[];
    };
    expect(v).toMatchObject({ state: 'closed', mayRate: true });
    expect(res.body).not.toContain('张科长');
    expect(res.body).not.toMatch(/reporter|actorName|displayName|"id":/);
    expect(v.timeline.find((e) => e.action === 'close')!.note).toBe('垃圾已清运完毕');
    const fix = v.timeline.flatMap((e) => e.photos).find((p) => p.url.endsWith(fixPhoto))!;
    expect((await get(fix.url)).statusCode).toBe(200);
    expect((await get(v.photos[0]!.url)).statusCode).toBe(200);
    // A photo the report does not show is not reachable through it.
    const other = await makePhoto(t);
    expect((await get(`/api/public/reports/${trackingCode}/photos/${other.id}`)).statusCode).toBe(404);
    expect((await get('/api/public/reports/YT-2026-999999')).statusCode).toBe(404);
    expect((await get('/api/public/reports/not-a-code')).statusCode).toBe(400);
  });

  it('a satisfied rating after closing is the closing’s return visit (channel online); a second is refused', async () => {
    const { trackingCode } = (await post('/api/public/reports', REPORT)).json() as { trackingCode: string };
    const early = await post(`/api/public/reports/${trackingCode}/rating`, { satisfaction: 'satisfied' });
    expect(early.statusCode).toBe(409);
    const { id } = await closeByStaff(trackingCode);
    const res = await post(`/api/public/reports/${trackingCode}/rating`, {
      satisfaction: 'basically_satisfied',
      comment: '挺快的',
    });
    expect(res.json()).toEqual({ satisfaction: 'basically_satisfied', outcome: 'recorded' });
    const ev = (
      await t.app.platform.db.query<{
        payload: Record<string, unknown>;
        actor_system: string;
        actor_id: number | null;
      }>(
        `select payload, actor_system, actor_id from case_events where case_id = $1 and action = 'return_visit'`,
        [id],
      )
    ).rows;
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ actor_system: 'system:portal', actor_id: null });
    expect(ev[0]!.payload).toMatchObject({
      channel: 'online',
      satisfaction: 'basically_satisfied',
      reached: true,
    });
    const done = await get(`/api/visits?state=done&caseId=${id}`, { cookie: cookie.hotline! });
    expect((done.json() as { items: { satisfaction: string }[] }).items[0]!.satisfaction).toBe(
      'basically_satisfied',
    );
    const again = await post(`/api/public/reports/${trackingCode}/rating`, { satisfaction: 'satisfied' });
    expect(again.statusCode).toBe(409);
    expect((await get(`/api/public/reports/${trackingCode}`)).json()).toMatchObject({
      mayRate: false,
      rating: { satisfaction: 'basically_satisfied' },
    });
  });

  it('a dissatisfied rating goes to the visit desk, which reopens the case as rework', async () => {
    const { trackingCode } = (await post('/api/public/reports', REPORT)).json() as { trackingCode: string };
    const { id } = await closeByStaff(trackingCode);
    const res = await post(`/api/public/reports/${trackingCode}/rating`, {
      satisfaction: 'dissatisfied',
      comment: '垃圾又堆起来了',
    });
    expect(res.json()).toEqual({ satisfaction: 'dissatisfied', outcome: 'review' });
    expect((await t.app.services.cases.byId(t.app.platform.db, id))!.state).toBe('closed');
    const list = await get('/api/visits/online', { cookie: cookie.hotline! });
    const item = (
      list.json() as { items: { id: number; trackingCode: string; comment: string }[] }
    ).items.find((i) => i.trackingCode === trackingCode)!;
    expect(item.comment).toBe('垃圾又堆起来了');
    // Only the visit seats decide; the public and a citizen account may not.
    const decision = { reopen: true, comment: '市民网上评价不满意，返工' };
    expect((await post(`/api/visits/online/${item.id}/decision`, decision)).statusCode).toBe(401);
    expect(
      (await post(`/api/visits/online/${item.id}/decision`, decision, newIp(), { cookie: cookie.citizen! }))
        .statusCode,
    ).toBe(403);
    const ok = await post(`/api/visits/online/${item.id}/decision`, decision, newIp(), {
      cookie: cookie.hotline!,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const c = (await t.app.services.cases.byId(t.app.platform.db, id))!;
    expect(c.state).toBe('dispatched');
    expect(c.snapshot.reworkCount).toBe(1);
    expect(
      (await post(`/api/visits/online/${item.id}/decision`, decision, newIp(), { cookie: cookie.hotline! }))
        .statusCode,
    ).toBe(409);
    expect((await get(`/api/public/reports/${trackingCode}`)).json()).toMatchObject({
      closed: false,
      state: 'dispatched',
    });
  });

  it('the visit desk may keep a case closed after a dissatisfied rating', async () => {
    const { trackingCode } = (await post('/api/public/reports', REPORT)).json() as { trackingCode: string };
    const { id } = await closeByStaff(trackingCode);
    await post(`/api/public/reports/${trackingCode}/rating`, { satisfaction: 'dissatisfied' });
    const items = (
      (await get('/api/visits/online', { cookie: cookie.hotline! })).json() as {
        items: { id: number; trackingCode: string }[];
      }
    ).items;
    const item = items.find((i) => i.trackingCode === trackingCode)!;
    const ok = await post(
      `/api/visits/online/${item.id}/decision`,
      { reopen: false, comment: '已电话解释，不属返工' },
      newIp(),
      { cookie: cookie.hotline! },
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await t.app.services.cases.byId(t.app.platform.db, id))!.state).toBe('closed');
  });

  it('refuses a bad rating and writes nothing', async () => {
    const before = await written();
    for (const body of [
      { satisfaction: 'great' },
      {},
      { satisfaction: 'satisfied', comment: '' },
      { satisfaction: 'satisfied', extra: 1 },
    ])
      expect((await post('/api/public/reports/YT-2026-000001/rating', body)).statusCode).toBe(400);
    expect(
      (await post('/api/public/reports/YT-2026-999998/rating', { satisfaction: 'satisfied' })).statusCode,
    ).toBe(404);
    expect(await written()).toEqual(before);
  });
});

describe('a signed-in resident rates their own report on the portal', () => {
  it('rates it once closed, as by tracking code; another resident’s report is not found; the desk sees it', async () => {
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie: cookie.citizen! },
      payload: REPORT,
    });
    expect(made.statusCode).toBe(201);
    const id = (made.json() as { id: number }).id;
    const own = (cookieOf: string) => ({ cookie: cookieOf });
    expect((await get(`/api/portal/cases/${id}/rating`, own(cookie.citizen!))).json()).toEqual({
      rating: null,
      mayRate: false,
    });
    const early = await post(`/api/portal/cases/${id}/rating`, { satisfaction: 'satisfied' }, newIp(), {
      cookie: cookie.citizen!,
    });
    expect(early.statusCode).toBe(409);
    await closeCase(id);
    // Staff are no residents; the rating is the reporter's alone.
    const staff = await post(`/api/portal/cases/${id}/rating`, { satisfaction: 'satisfied' }, newIp(), {
      cookie: cookie.operator!,
    });
    expect(staff.statusCode).toBe(403);
    expect((await get(`/api/portal/cases/${id}/rating`, own(cookie.citizen!))).json()).toEqual({
      rating: null,
      mayRate: true,
    });
    const before = await written();
    const res = await post(
      `/api/portal/cases/${id}/rating`,
      { satisfaction: 'dissatisfied', comment: '垃圾还在' },
      newIp(),
      { cookie: cookie.citizen! },
    );
    expect(res.json()).toEqual({ satisfaction: 'dissatisfied', outcome: 'review' });
    expect((await written()).ratings).toBe(before.ratings + 1);
    const again = await post(`/api/portal/cases/${id}/rating`, { satisfaction: 'satisfied' }, newIp(), {
      cookie: cookie.citizen!,
    });
    expect(again.statusCode).toBe(409);
    expect((await get(`/api/portal/cases/${id}/rating`, own(cookie.citizen!))).json()).toMatchObject({
      rating: { satisfaction: 'dissatisfied' },
      mayRate: false,
    });
    // The visit desk lists it beside the tracked ones (without a tracking code).
    const desk = await get('/api/visits/online?state=review', { cookie: cookie.hotline! });
    const item = (desk.json() as { items: { caseId: number; trackingCode: string | null }[] }).items.find(
      (i) => i.caseId === id,
    );
    expect(item).toMatchObject({ caseId: id, trackingCode: null });
    // Another resident's report, or no report at all: not found, nothing written.
    const other = await post('/api/portal/cases/1/rating', { satisfaction: 'satisfied' }, newIp(), {
      cookie: cookie.citizen!,
    });
    expect([404, 409]).toContain(other.statusCode);
    const none = await get(`/api/portal/cases/999999999/rating`, own(cookie.citizen!));
    expect(none.statusCode).toBe(404);
    expect((await written()).ratings).toBe(before.ratings + 1);
  });
});

describe('public figures', () => {
  it('are the evaluation’s own district counts and rates for the month', async () => {
    const res = await get('/api/public/figures?months=1');
    expect(res.statusCode, res.body).toBe(200);
    const month = (
      res.json() as {
        months: Array<{
          month: string;
          districts: Array<{
            code: string;
            reported: number;
            closed: number;
            onTimeClosing: number | null;
            satisfaction: number | null;
          }>;
        }>;
      }
    ).months[0]!;
    const admin = await userNamed(t, 'admin');
    const evaluation = await t.app.services.evaluation.evaluate(
      'districts',
      { period: 'month', date: `${month.month}-01` },
      userActor(admin),
    );
    expect(month.districts.map((d) => d.code)).toEqual(evaluation.rows.map((r) => r.id));
    for (const d of month.districts) {
      const row = evaluation.rows.find((r) => r.id === d.code)!;
      expect(d).toMatchObject({
        reported: row.counts.reported,
        closed: row.counts.closed,
        onTimeClosing: row.rates.onTimeClosing,
        satisfaction: row.rates.satisfaction,
      });
    }
    expect(month.districts.reduce((n, d) => n + d.reported, 0)).toBeGreaterThan(0);
    expect((await get('/api/public/figures?month=2026-13')).statusCode).toBe(400);
  });
});

describe('tracking codes', () => {
  it('keep six digits at least and grow past a million rather than wrap', async () => {
    await t.app.platform.db.query(`select setval('public_tracking_seq', 1234566)`);
    const res = await post('/api/public/reports', REPORT);
    expect((res.json() as { trackingCode: string }).trackingCode).toMatch(/^YT-\d{4}-1234567$/);
  });
});
