import { isValidGridCode, parseGridCode } from '../grid/codes.js';

/**
 * Supply zones for the water dispatch map: the latest values of a sector's monitoring points
 * summarised per street (街道), the first nine digits of a unit grid code. The demo city's water
 * network is zoned by street; a city whose hydraulic zones differ would map them the same way.
 */
export interface ZoneReading {
  gridCode: string | null;
  value: number | undefined;
  online: boolean;
}

export interface ZoneSummary {
  street: string;
  n: number;
  avg: number;
  min: number;
  max: number;
}

/** Online points with a value, per street, in street code order; points off the grid are left out. */
export function summariseByStreet(readings: Iterable<ZoneReading>): ZoneSummary[] {
  const zones = new Map<string, { street: string; n: number; sum: number; min: number; max: number }>();
  for (const r of readings) {
    if (!r.online || r.value === undefined || !Number.isFinite(r.value)) continue;
    if (r.gridCode === null || !isValidGridCode(r.gridCode)) continue;
    const street = parseGridCode(r.gridCode).street;
    const z = zones.get(street) ?? { street, n: 0, sum: 0, min: Infinity, max: -Infinity };
    z.n++;
    z.sum += r.value;
    z.min = Math.min(z.min, r.value);
    z.max = Math.max(z.max, r.value);
    zones.set(street, z);
  }
  return [...zones.values()]
    .sort((a, b) => a.street.localeCompare(b.street))
    .map(({ street, n, sum, min, max }) => ({ street, n, avg: sum / n, min, max }));
}
