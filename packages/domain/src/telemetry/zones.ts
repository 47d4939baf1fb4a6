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
  const zones = new Map<string, ZoneSummary & { sum: number }>();
  for (const r of readings) {
    if (!r.online || r.value === undefined || !Number.isFinite(r.value)) continue;
    if (r.gridCode === null || !/^\d{15}$/.test(r.gridCode)) continue;
    const street = r.gridCode.slice(0, 9);
    const z = zones.get(street);
    if (!z) {
      zones.set(street, { street, n: 1, sum: r.value, avg: r.value, min: r.value, max: r.value });
      continue;
    }
    z.n++;
    z.sum += r.value;
    z.min = Math.min(z.min, r.value);
    z.max = Math.max(z.max, r.value);
  }
  return [...zones.values()]
    .sort((a, b) => a.street.localeCompare(b.street))
    .map(({ street, n, sum, min, max }) => ({ street, n, avg: sum / n, min, max }));
}
