import { generateComponents, type CityModel } from '@cityloop/citygen';
import type { Db } from '../db/db.js';
import { departmentIds, upsert, appendCensusEvents } from '../features/components/components.repository.js';

/**
 * Loads the demo city's component census (~4 per unit grid: ~46k at demo scale) in one
 * transaction, each component with its census as the first event of its history.
 */
export async function seedDemoComponents(
  db: Db,
  city: CityModel,
  opts: { perGrid?: number } = {},
): Promise<number> {
  const records = generateComponents(city, opts.perGrid !== undefined ? { perGrid: opts.perGrid } : {});
  await db.tx(async (q) => {
    const depts = await departmentIds(q);
    const rows = records.map((c) => ({
      code: c.code,
      category: c.category,
      name: c.name,
      competentDept: c.competentDept,
      owner: c.owner,
      maintainerDeptId: depts.get(c.maintainerDeptCode) ?? null,
      gridCode: c.gridCode,
      state: c.state,
      censusDate: c.censusDate,
      changeDate: c.changeDate,
      source: c.source,
      accuracyClass: c.accuracyClass,
      lon: c.position[0],
      lat: c.position[1],
      note: c.note,
    }));
    await upsert(q, rows, 2000);
    await appendCensusEvents(q, 'census');
  });
  return records.length;
}
