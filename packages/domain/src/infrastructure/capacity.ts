/**
 * Plant capacity vs demand (基础设施项目, issue 22): today's daily throughput grown by the admin's
 * yearly growth assumption over 15 years, and the first year the demand exceeds a capacity.
 */

export const PROJECTION_YEARS = 15;

export interface DemandPoint {
  year: number;
  demand: number;
}

/** Demand in each year from `baseYear` (today's throughput) to `baseYear + years`, compounded. */
export function projectDemand(
  throughput: number,
  growthPct: number,
  baseYear: number,
  years = PROJECTION_YEARS,
): DemandPoint[] {
  const out: DemandPoint[] = [];
  for (let i = 0; i <= years; i++) {
    out.push({ year: baseYear + i, demand: Math.round(throughput * (1 + growthPct / 100) ** i) });
  }
  return out;
}

/** The first year the demand exceeds the capacity, or null when it never does in the projection. */
export function shortfallYear(points: readonly DemandPoint[], capacity: number | null): number | null {
  if (capacity === null) return null;
  return points.find((p) => p.demand > capacity)?.year ?? null;
}
