import { performance } from 'node:perf_hooks';
import { ZoneClock } from '@cityloop/domain';
import { hashDeviceToken } from '../apps/server/src/features/devices/credentials.js';
import * as sanitationRepo from '../apps/server/src/features/sanitation/sanitation.repository.js';
import { readingsBetween } from '../apps/server/src/features/telemetry/telemetry.repository.js';
import { insertRows } from '../apps/server/src/db/bulk.js';
import { SCHEDULER_ACTOR } from '../apps/server/src/actor.js';
import { createScratchDatabase } from '../apps/server/src/testing/testApp.js';
import { startCityLoop } from './lib/servers.js';
import type { Benchmark, BenchContext, Row } from './lib/types.js';

/**
 * Issue 25: "A day's coverage for 500 vehicles reporting every 10 s over 2,000 sections ≤ 2×
 * reading that day's positions with one SQL query; vehicle positions live on the map under that
 * load."
 *
 * A node (PostgreSQL when BENCH_PG=1 and 127.0.0.1:5432 answers, else PGlite) gets 2,000 synthetic
 * machine-swept sections of 1 km (100 parallel roads of 20 sections, window 05:00–09:00) and 500
 * sweepers, each driving its road back and forth at 12 km/h with the brush down, a point every
 * 10 s over the window (lon, lat, brush, water: 4 readings a point), written straight into
 * `readings`. Measured in the same run, best of 3:
 * - baseline: the one SQL query reading those readings (the telemetry repository's readingsBetween);
 * - subject: GET-equivalent SanitationService.coverage(date): sections, the same read through
 *   telemetry.tracks, the coverage of every section, the day's cases.
 * And the vehicles' list for the map (latest positions of the 500) under that data.
 * `--quick`: 50 vehicles, 200 sections, a 1-hour window.
 */
export const sanitationBench: Benchmark = {
  name: 'sanitation',
  description: "A day's coverage (机扫率) from the vehicles' telemetry vs one SQL read of their positions",
  async run(ctx: BenchContext): Promise<Row[]> {
    const size = ctx.quick
      ? { vehicles: 50, rows: 10, perRow: 20, windowMin: 60 }
      : { vehicles: 500, rows: 100, perRow: 20, windowMin: 240 };
    const scratch = process.env.BENCH_PG === '1' ? await createScratchDatabase().catch(() => null) : null;
    const node = await startCityLoop(scratch ? { DATABASE_URL: scratch.url } : {});
    try {
      return await measure(ctx, node.app, size, scratch ? 'postgres' : 'pglite');
    } finally {
      await node.close();
      await scratch?.drop();
    }
  },
};

type App = Awaited<ReturnType<typeof startCityLoop>>['app'];

async function measure(
  ctx: BenchContext,
  app: App,
  size: { vehicles: number; rows: number; perRow: number; windowMin: number },
  db: string,
): Promise<Row[]> {
  const pdb = app.platform.db;
  const zone = new ZoneClock(app.platform.config.timeZone);
  const date = zone.dateKeyOf(Date.now());
  const WINDOW_START = 300;
  const from = zone.instantOf(date, WINDOW_START * 60_000);
  const to = from + size.windowMin * 60_000;
  const SEG_LON = 0.01134; // ≈ 1 km at 37.5° N
  const lon0 = 121.2;
  const lat0 = 37.3;

  // Sections: the demo city's are replaced by the synthetic grid.
  await pdb.query(`delete from sanitation_missed_cases`);
  await pdb.query(`delete from sanitation_sections`);
  const sections: sanitationRepo.NewSection[] = [];
  for (let r = 0; r < size.rows; r++)
    for (let j = 0; j < size.perRow; j++)
      sections.push({
        code: `BS${String(r * size.perRow + j).padStart(5, '0')}`,
        road_name: `Bench road ${r}`,
        part: j + 1,
        road_class: 'A',
        grade: 1,
        sweeping_per_day: 2,
        washing_per_day: 1,
        mechanised: true,
        window_start: WINDOW_START,
        window_end: WINDOW_START + size.windowMin,
        contractor: 'bench',
        contractor_en: 'bench',
        department_id: null,
        district_code: null,
        length_m: 1000,
        line: [
          [lon0 + j * SEG_LON, lat0 + r * 0.002],
          [lon0 + (j + 1) * SEG_LON, lat0 + r * 0.002],
        ],
      });
  await sanitationRepo.insertSections(pdb, sections);

  // Vehicles (sweepers) and their readings.
  const existing = [...app.services.devices.all()].filter((d) => d.type === 'sweeper' || d.type === 'washer');
  const ids = Array.from({ length: size.vehicles }, (_, i) => `bench-sw-${String(i).padStart(4, '0')}`);
  await app.services.devices.createMany(
    ids.map((id) => ({
      id,
      type: 'sweeper',
      name: id,
      lon: lon0,
      lat: lat0,
      gridCode: null,
      departmentId: null,
      tokenHash: hashDeviceToken('bench-token-000000'),
      demoToken: null,
    })),
  );
  const keys = new Map(
    (await pdb.query<{ id: number; key: string }>(`select id, key from metric_keys`)).rows.map((r) => [
      r.key,
      r.id,
    ]),
  );
  const [mLon, mLat, mBrush, mWater] = ['lon', 'lat', 'brush', 'water'].map((k) => keys.get(k)!);
  for (let t = from; t <= to + 86_400_000; t += 86_400_000) await app.services.telemetry.writer.prepare(t);
  const t0 = performance.now();
  const roadLen = size.perRow * SEG_LON;
  const step = (12_000 / 3600) * 10; // 12 km/h, metres per 10 s
  const stepLon = (step / 1000) * SEG_LON;
  let written = 0;
  for (let v = 0; v < ids.length; v++) {
    const dev = app.services.devices.byId(ids[v]!)!;
    const lat = lat0 + (v % size.rows) * 0.002;
    const rows: unknown[][] = [];
    let x = (((v * 7919) % 1000) / 1000) * roadLen;
    let dir = 1;
    for (let t = from; t < to; t += 10_000) {
      const ts = new Date(t);
      rows.push(
        [dev.num, mLon, ts, lon0 + x],
        [dev.num, mLat, ts, lat],
        [dev.num, mBrush, ts, 1],
        [dev.num, mWater, ts, 0],
      );
      x += dir * stepLon;
      if (x > roadLen || x < 0) {
        dir = -dir;
        x = Math.max(0, Math.min(roadLen, x));
      }
    }
    await insertRows(pdb, 'readings', ['device_id', 'metric_id', 'ts', 'value'], rows, { batch: 16_000 });
    written += rows.length;
  }
  ctx.log(
    `sanitation: ${db}, ${sections.length} sections, ${ids.length} vehicles, ${written} readings written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const nums = [...app.services.devices.all()]
    .filter((d) => d.type === 'sweeper' || d.type === 'washer')
    .map((d) => d.num);
  const best = async (fn: () => Promise<unknown>) => {
    let min = Infinity;
    for (let i = 0; i < 3; i++) {
      const s = performance.now();
      await fn();
      min = Math.min(min, performance.now() - s);
    }
    return min;
  };
  let readRows = 0;
  const baselineMs = await best(async () => {
    readRows = (
      await readingsBetween(pdb, nums, [mLon!, mLat!, mBrush!, mWater!], new Date(from), new Date(to))
    ).length;
  });
  let share = 0;
  const coverageMs = await best(async () => {
    const report = await app.services.sanitation.coverage(date, SCHEDULER_ACTOR);
    share = report.totals.share;
  });
  if (!(share > 0)) throw new Error(`coverage found nothing (share ${share})`);
  const vehiclesMs = await best(() => app.services.sanitation.vehicles(SCHEDULER_ACTOR));
  const note = `${db}; ${sections.length} sections, ${ids.length + existing.length} vehicles, ${readRows} readings read`;
  return [
    {
      name: 'one SQL read of the day’s positions',
      value: Math.round(baselineMs),
      unit: 'ms',
      note,
    },
    {
      name: 'coverage of the day (all sections)',
      value: Math.round(coverageMs),
      unit: 'ms',
      baseline: { name: 'one SQL read', value: Math.round(baselineMs) },
      ratio: Math.round((coverageMs / baselineMs) * 100) / 100,
      target: '≤ 2×',
      met: coverageMs / baselineMs <= 2,
      note: `${note}; city share ${(share * 100).toFixed(1)}%`,
    },
    {
      name: 'vehicles with latest positions (map)',
      value: Math.round(vehiclesMs),
      unit: 'ms',
      note: `${ids.length + existing.length} vehicles`,
    },
  ];
}
