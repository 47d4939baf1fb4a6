import { metresBetween } from '../geo.js';

/** A garbage truck's stop counts at a point when its bin lift works within this distance of it. */
export const VISIT_RADIUS_M = 60;
/** Lift points at the same point within this time are one visit. */
export const VISIT_GAP_MS = 15 * 60_000;

export interface VisitTrack {
  truck: string;
  t: readonly number[];
  lon: readonly number[];
  lat: readonly number[];
  lift: readonly number[];
}

/**
 * The visits of trucks to points: each reading with the lift working near a point (the nearest
 * within VISIT_RADIUS_M), one visit per truck and point per VISIT_GAP_MS. Points are bucketed
 * in a grid of about the radius, so a day of a large fleet stays linear in its readings.
 */
export function matchVisits(
  points: ReadonlyArray<{ id: number; lon: number; lat: number }>,
  tracks: readonly VisitTrack[],
): Map<number, Array<{ truck: string; at: number }>> {
  const cell = VISIT_RADIUS_M / 111_000;
  const key = (lon: number, lat: number) => `${Math.floor(lon / cell)}:${Math.floor(lat / cell)}`;
  const grid = new Map<string, Array<{ id: number; lon: number; lat: number }>>();
  for (const p of points) {
    const k = key(p.lon, p.lat);
    const list = grid.get(k) ?? [];
    list.push(p);
    grid.set(k, list);
  }
  const out = new Map<number, Array<{ truck: string; at: number }>>();
  for (const tr of tracks) {
    const last = new Map<number, number>();
    for (let i = 0; i < tr.t.length; i++) {
      if (!(tr.lift[i]! >= 0.5)) continue;
      const lon = tr.lon[i]!;
      const lat = tr.lat[i]!;
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
      const cx = Math.floor(lon / cell);
      const cy = Math.floor(lat / cell);
      let best: { id: number; d: number } | null = null;
      for (let dx = -2; dx <= 2; dx++)
        for (let dy = -2; dy <= 2; dy++)
          for (const p of grid.get(`${cx + dx}:${cy + dy}`) ?? []) {
            const d = metresBetween([lon, lat], [p.lon, p.lat]);
            if (d <= VISIT_RADIUS_M && (!best || d < best.d)) best = { id: p.id, d };
          }
      if (!best) continue;
      const t = tr.t[i]!;
      const prev = last.get(best.id);
      last.set(best.id, t);
      if (prev !== undefined && t - prev < VISIT_GAP_MS) continue;
      const list = out.get(best.id) ?? [];
      list.push({ truck: tr.truck, at: t });
      out.set(best.id, list);
    }
  }
  return out;
}
