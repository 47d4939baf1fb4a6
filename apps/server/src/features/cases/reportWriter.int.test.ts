import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, TEST_DB, type TestApp } from '../../testing/testApp.js';
import type { SessionUser } from '../../http/access.js';
import type { ReportInput } from './cases.service.js';
import { userActor } from '../../actor.js';

/**
 * Reports arriving together are filed in one statement (ReportWriter), yet each keeps its own
 * outcome. Reports started in the same turn of the event loop meet in one batch; the statements
 * sent and the reports in each are recorded to prove it.
 */
let t: TestApp;
let inspector: SessionUser;
let photo = '';
/** The reports in each filing statement sent. */
const statements: number[] = [];
/** One point in each of the inspector's unit grids (their centroids). */
let points: Array<{ lon: number; lat: number }> = [];

beforeAll(async () => {
  t = await makeTestApp();
  const cookie = await t.login('inspector');
  inspector = (await t.app.services.auth.userForToken(decodeURIComponent(cookie.split('=')[1]!)))!;
  const png = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#888' } })
    .png()
    .toBuffer();
  const grids = t.app.services.grids;
  points = inspector.supervisionGridCodes
    .flatMap((s) => grids.codesInSupervisionGrid(s))
    .map((code) => {
      const ring = grids.get(code).polygon[0]!;
      const lon = ring.reduce((a, p) => a + p[0], 0) / ring.length;
      const lat = ring.reduce((a, p) => a + p[1], 0) / ring.length;
      return grids.codeAt(lon, lat) === code ? { lon, lat } : null;
    })
    .filter((p) => p !== null);
  expect(points.length).toBeGreaterThan(40);
  photo = (await t.app.services.attachments.upload(png, 'image/png', inspector.id)).id;
  // The writer files through a connection of its own (Db.dedicated), taken at its first report.
  const db = t.app.platform.db;
  const dedicated = db.dedicated;
  db.dedicated = (name) => {
    const q = dedicated(name);
    return {
      query: (sql, params) => {
        if (sql.includes('case_report_batch'))
          statements.push((JSON.parse(params![0] as string) as unknown[]).length);
        return q.query(sql, params);
      },
      exec: (sql) => q.exec(sql),
    };
  };
});
afterAll(() => t.close());

const input = (n: number, extra: Partial<ReportInput> = {}): ReportInput => ({
  kind: 'event',
  category: '0102',
  ...points[n]!,
  description: `一起上报 ${n}`,
  photos: [photo],
  ...extra,
});

/** Starts the reports in one turn, so that they reach the writer together. */
const together = (inputs: ReportInput[]) =>
  Promise.allSettled(inputs.map((i) => t.app.services.cases.report(i, userActor(inspector))));

describe('reports filed together (group commit)', () => {
  it('files reports arriving together in one statement, each a case with its event and photo', async () => {
    statements.length = 0;
    const results = await together([0, 1, 2, 3, 4].map((n) => input(n)));
    expect(statements).toEqual([5]);
    const made = results.map((r) => {
      if (r.status !== 'fulfilled') throw r.reason;
      return r.value;
    });
    expect(new Set(made.map((m) => m.case.id)).size).toBe(5);
    for (const m of made) {
      expect(m.created).toBe(true);
      const detail = await t.app.services.cases.detail(m.case.id, userActor(inspector));
      expect(detail.events.map((e) => e.action)).toEqual(['report']);
      expect(detail.photos.map((p) => p.id)).toEqual([photo]);
      expect(detail.code).toBe(m.case.code);
    }
  });

  it('one report with an unknown photo is refused alone; the others in its batch are filed', async () => {
    statements.length = 0;
    const results = await together([input(10), input(11, { photos: ['no-such-photo'] }), input(12)]);
    // The failed batch wrote nothing; each report was then filed alone.
    expect(statements).toEqual([3, 1, 1, 1]);
    expect(results[0]!.status).toBe('fulfilled');
    expect(results[2]!.status).toBe('fulfilled');
    expect(results[1]!.status).toBe('rejected');
    const err = (results[1] as PromiseRejectedResult).reason as { code: string; message: string };
    expect(err.code).toBe('validation.failed');
    expect(err.message).toContain('no-such-photo');
    const keys = await t.app.platform.db.query<{ n: number }>(
      `select count(*)::int as n from cases where description like '一起上报 1_'`,
    );
    expect(keys.rows[0]!.n).toBe(2);
  });

  it('the same idempotency key twice in one batch makes one case, and both callers get it', async () => {
    statements.length = 0;
    const results = await together([
      input(20, { idempotencyKey: 'batch-key-0001' }),
      input(20, { idempotencyKey: 'batch-key-0001' }),
    ]);
    expect(statements).toEqual([2]);
    const [a, b] = results.map(
      (r) => (r as PromiseFulfilledResult<{ case: { id: number }; created: boolean }>).value,
    );
    expect(a!.case.id).toBe(b!.case.id);
    expect([a!.created, b!.created].sort()).toEqual([false, true]);
  });

  it('a report sees the one before it in the same batch as a duplicate nearby', async () => {
    const near = points[30]!;
    const results = await together([
      input(30, { category: '0104' }),
      input(31, { lon: near.lon + 0.0001, lat: near.lat, category: '0104' }),
    ]);
    const [first, second] = results.map(
      (r) =>
        (
          r as PromiseFulfilledResult<{
            case: { id: number };
            duplicates: Array<{ id: number; distanceM: number }>;
          }>
        ).value,
    );
    expect(first!.duplicates).toEqual([]);
    expect(second!.duplicates.map((d) => d.id)).toEqual([first!.case.id]);
    expect(second!.duplicates[0]!.distanceM).toBeGreaterThan(5);
    expect(second!.duplicates[0]!.distanceM).toBeLessThan(12);
  });

  it.runIf(TEST_DB === 'postgres')(
    'files again on a new connection after the database dropped its own',
    async () => {
      await together([input(40)]);
      const killed = await t.app.platform.db.query<{ n: number }>(
        `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
       where datname = current_database() and application_name = 'cityloop report writer'`,
      );
      expect(killed.rows[0]!.n).toBe(1);
      await new Promise((r) => setTimeout(r, 200));
      const results = await together([input(41), input(42)]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
      const writers = await t.app.platform.db.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
       where datname = current_database() and application_name = 'cityloop report writer'`,
      );
      expect(writers.rows[0]!.n).toBe(1);
    },
  );
});
