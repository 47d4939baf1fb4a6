const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres between two [lon, lat] points (haversine). */
export function metresBetween(a: readonly [number, number], b: readonly [number, number]): number {
  const dLat = rad(b[1] - a[1]);
  const dLon = rad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Degrees of latitude and longitude spanning `metres` around a latitude: a search box. */
export function degreesAround(lat: number, metres: number): { dLat: number; dLon: number } {
  const dLat = metres / 111_320;
  return { dLat, dLon: dLat / Math.cos(rad(lat)) };
}
