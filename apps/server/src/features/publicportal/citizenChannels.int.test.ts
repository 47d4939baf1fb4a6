import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeocodeCandidate, PublicFigures, ReverseGeocodeResult } from '@cityloop/domain/api';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';
import { LOOKUP_LIMIT } from './publicportal.throttle.js';

let t: TestApp;
const cookie: Record<string, string> = {};
beforeAll(async () => {
  t = await makeTestApp();
  for (const u of ['admin', 'operator']) cookie[u] = await t.login(u);
});
afterAll(() => t.close());

/** Inside the demo city (芝罘区). */
const AT = { lon: 121.4, lat: 37.54 };
const inject = (
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  opts: { payload?: object; ip?: string; as?: string; lang?: string } = {},
) =>
  t.app.inject({
    method,
    url,
    ...(opts.payload ? { payload: opts.payload } : {}),
    remoteAddress: opts.ip ?? '10.9.0.1',
    headers: {
      ...(opts.as ? { cookie: cookie[opts.as]! } : {}),
      ...(opts.lang ? { 'accept-language': opts.lang } : {}),
    },
  });

describe('tracking-code look-ups', () => {
  it('are throttled per client: past the limit a 429 with its code and when to retry, other clients unaffected', async () => {
    const ip = '10.9.1.1';
    for (let n = 0; n < LOOKUP_LIMIT.perWindow - 1; n++) {
      const res = await inject('GET', `/api/public/reports/YT-2026-${String(900000 + n)}`, { ip });
      expect(res.statusCode, res.body).toBe(404);
    }
    // A rating names a code too, and counts the same.
    const rating = await inject('POST', '/api/public/reports/YT-2026-999999/rating', {
      ip,
      payload: { satisfaction: 'satisfied' },
    });
    expect(rating.statusCode).toBe(404);
    const refused = await inject('GET', '/api/public/reports/YT-2026-000001', { ip, lang: 'en' });
    expect(refused.statusCode).toBe(429);
    const body = refused.json() as {
      error: { code: string; message: string; details: { retryAfterSeconds: number } };
    };
    expect(body.error.code).toBe('public.lookup_limited');
    expect(body.error.message).toMatch(/look-ups/);
    expect(body.error.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(body.error.details.retryAfterSeconds).toBeLessThanOrEqual(LOOKUP_LIMIT.windowMs / 1000);
    expect(
      (
        await inject('POST', '/api/public/reports/YT-2026-000001/rating', {
          ip,
          payload: { satisfaction: 'satisfied' },
        })
      ).statusCode,
    ).toBe(429);
    expect((await inject('GET', '/api/public/reports/YT-2026-000001', { ip: '10.9.1.2' })).statusCode).toBe(
      404,
    );
  });
});

describe('open figures', () => {
  it('count reports by category per month, as the cases count them, most first', async () => {
    // This month's reports: two of one kind of problem, one of another (the figures are kept
    // 10 minutes, and this is their first reading).
    for (const [n, category] of [
      [1, '0102'],
      [2, '0102'],
      [3, '0101'],
    ] as const) {
      const made = await inject('POST', '/api/public/reports', {
        ip: `10.9.3.${n}`,
        payload: { kind: 'event', category, ...AT, description: '路边有一堆垃圾没人清理' },
      });
      expect(made.statusCode, made.body).toBe(200);
    }
    const res = await inject('GET', '/api/public/figures?months=1');
    expect(res.statusCode, res.body).toBe(200);
    const { months } = res.json() as PublicFigures;
    const month = months[0];
    expect(month?.categories.length).toBeGreaterThanOrEqual(2);
    const counts = month!.categories.map((c) => c.reported);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    expect(month!.categories.length).toBeLessThanOrEqual(15);
    const top = month!.categories[0]!;
    expect(month!.categories.map((c) => `${c.kind}:${c.code}`)).toEqual(
      expect.arrayContaining(['event:0102', 'event:0101']),
    );
    expect(top.name).not.toBe(top.code);
    expect(top.nameEn).toMatch(/^[A-Z]/);
    const { rows } = await t.app.platform.db.query<{ n: number }>(
      `select count(*)::int n from cases where kind = $1 and category = $2
         and reported_at >= ($3::timestamp at time zone 'Asia/Shanghai')
         and reported_at < (($3::timestamp + interval '1 month') at time zone 'Asia/Shanghai')`,
      [top.kind, top.code, `${month!.month}-01`],
    );
    expect(top.reported).toBe(rows[0]!.n);
  });
});

describe('the duplicate radius', () => {
  it('is the administrator’s repeat radius, used when a report looks for open cases nearby', async () => {
    const made = await inject('POST', '/api/public/reports', {
      ip: '10.9.2.1',
      payload: { kind: 'event', category: '0102', ...AT, description: '路边有一堆垃圾没人清理' },
    });
    expect(made.statusCode, made.body).toBe(200);
    const { rows } = await t.app.platform.db.query<{ case_id: string }>(
      `select case_id::text from public_reports where tracking_code = $1`,
      [(made.json() as { trackingCode: string }).trackingCode],
    );
    const caseId = Number(rows[0]!.case_id);
    // 120 m north of the report.
    const near = `/api/cases/duplicates?kind=event&category=0102&lon=${AT.lon}&lat=${AT.lat + 120 / 111_200}`;
    const ids = async () =>
      ((await inject('GET', near, { as: 'operator' })).json() as Array<{ id: number }>).map((c) => c.id);
    const set = (repeatRadiusM: number) =>
      inject('PUT', '/api/hotline/settings', { as: 'admin', payload: { repeatRadiusM, repeatThreshold: 3 } });

    expect((await set(50)).statusCode).toBe(200);
    expect(await ids()).not.toContain(caseId);
    expect((await set(150)).statusCode).toBe(200);
    expect(await ids()).toContain(caseId);
    // Out of bounds: refused, nothing changed.
    expect((await set(500)).statusCode).toBe(400);
    expect((await inject('GET', '/api/hotline/settings', { as: 'admin' })).json()).toMatchObject({
      repeatRadiusM: 150,
    });
    expect((await set(50)).statusCode).toBe(200);
    expect(await ids()).not.toContain(caseId);
  });
});

describe('English place names', () => {
  it('name geocode candidates, reverse geocoding, grids and the base map in English beside the Chinese', async () => {
    const found = (
      await inject('GET', `/api/geocode?q=${encodeURIComponent('胜利路')}`, { lang: 'en' })
    ).json() as {
      candidates: GeocodeCandidate[];
    };
    expect(found.candidates[0]).toMatchObject({ name: '胜利路', nameEn: 'Shengli Road', kind: 'road' });
    const crossing = (
      (await inject('GET', `/api/geocode?q=${encodeURIComponent('胜利路与北马路')}`)).json() as {
        candidates: GeocodeCandidate[];
      }
    ).candidates[0]!;
    expect(crossing.nameEn).toMatch(/^Intersection of (Shengli|Beima) Road and (Shengli|Beima) Road$/);

    // Typed in pinyin or English, the English names answer.
    const typed = (await inject('GET', '/api/geocode?q=shengli%20road')).json() as {
      candidates: GeocodeCandidate[];
    };
    expect(typed.candidates[0]).toMatchObject({ name: '胜利路', nameEn: 'Shengli Road' });

    const rev = (
      await inject('GET', `/api/geocode/reverse?lon=${AT.lon}&lat=${AT.lat}`)
    ).json() as ReverseGeocodeResult;
    expect(rev).toMatchObject({ district: '芝罘区', districtEn: 'Zhifu District' });
    expect(rev.streetEn).toMatch(/ Subdistrict$/);
    expect(rev.communityEn).toMatch(/ Community$/);
    expect(rev.nameEn).toMatch(/[A-Za-z]/);

    const grid = (await inject('GET', `/api/grids/at?lon=${AT.lon}&lat=${AT.lat}`)).json() as {
      district: { name: string; nameEn: string };
      street: { nameEn: string };
    };
    expect(grid.district).toMatchObject({ name: '芝罘区', nameEn: 'Zhifu District' });
    expect(grid.street.nameEn).toMatch(/ Subdistrict$/);

    const map = (await inject('GET', '/api/map/layers')).json() as {
      layers: Record<string, { features: Array<{ properties: { name: string; nameEn?: string } }> }>;
    };
    const named = (layer: string, name: string) =>
      map.layers[layer]!.features.find((f) => f.properties.name === name)?.properties.nameEn;
    expect(named('districts', '芝罘区')).toBe('Zhifu District');
    expect(named('roads', '胜利路')).toBe('Shengli Road');
    expect(map.layers.places!.features.every((f) => /^[A-Z0-9]/.test(f.properties.nameEn ?? ''))).toBe(true);
  });
});
