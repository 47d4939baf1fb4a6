import { ZoneClock, addDaysToKey } from '@cityloop/domain';
import { createRng } from '@cityloop/domain/rng';
import type { Db } from '../db/db.js';
import * as sections from '../features/sanitation/sanitation.repository.js';
import * as repo from '../features/sanitation/toilets.repository.js';

/**
 * The demo city's public toilets (公厕): one beside every fifth cleaning section's middle (so
 * inside the city's unit grids), class 1 on main roads round the clock, others 06:00–22:00, one
 * under repair; and two weeks of passed daily cleanliness checks. Deterministic.
 */
export async function seedDemoToilets(db: Db, timeZone: string): Promise<{ toilets: number }> {
  if ((await repo.countToilets(db)) > 0) return { toilets: 0 };
  const all = await sections.listSections(db);
  const random = createRng(20_261_208);
  const toilets: repo.NewToilet[] = [];
  all
    .filter((_, i) => i % 5 === 2)
    .forEach((s, i) => {
      const mid = s.line[Math.floor(s.line.length / 2)]!;
      const main = s.road_class === 'A' || s.road_class === 'B';
      toilets.push({
        code: `GC${String(i + 1).padStart(4, '0')}`,
        name: `${s.road_name}公厕${s.part}`,
        name_en: `${s.road_name} public toilet ${s.part}`,
        lon: Math.round((mid[0] + 0.0002) * 1e6) / 1e6,
        lat: Math.round((mid[1] + 0.0002) * 1e6) / 1e6,
        district_code: s.district_code,
        grade: main ? 1 : s.road_class === 'C' ? 2 : 3,
        opens: main ? 0 : 360,
        closes: main ? 1440 : 1320,
        state: i === 3 ? 'repair' : 'open',
        sensor: main && i % 2 === 0,
      });
    });
  if (toilets.length === 0) return { toilets: 0 };
  await db.tx(async (q) => {
    await repo.insertToilets(q, toilets);
    const stored = await repo.listToilets(q);
    const zone = new ZoneClock(timeZone);
    const today = zone.dateKeyOf(Date.now());
    const checks = stored.flatMap((t) =>
      Array.from({ length: 14 }, (_, d) => ({
        toilet_id: t.id,
        // Every morning between 08:00 and 10:00.
        checked_at: new Date(
          zone.instantOf(addDaysToKey(today, d - 14), (480 + Math.floor(random() * 120)) * 60_000),
        ),
        score: 82 + Math.floor(random() * 17),
        note: null,
        inspector: null,
        case_id: null,
        case_code: null,
      })),
    );
    await repo.insertChecks(q, checks);
  });
  return { toilets: toilets.length };
}
