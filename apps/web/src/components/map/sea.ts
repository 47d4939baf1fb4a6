type Pos = GeoJSON.Position;

/** Latitude of a coast polyline at a longitude (linear between vertices), or null outside it. */
function coastLatAt(coast: Pos[], lon: number): number | null {
  for (let i = 1; i < coast.length; i++) {
    const a = coast[i - 1]!;
    const b = coast[i]!;
    const [x0, x1] = a[0]! <= b[0]! ? [a, b] : [b, a];
    if (lon >= x0[0]! && lon <= x1[0]!) {
      const f = x1[0] === x0[0] ? 0 : (lon - x0[0]!) / (x1[0]! - x0[0]!);
      return x0[1]! + f * (x1[1]! - x0[1]!);
    }
  }
  return null;
}

/**
 * A polygon covering the sea beyond a coastline that runs roughly east–west: the coast closed
 * off on the side away from the city centre, reaching `margin` degrees past both ends.
 */
export function seaPolygon(coast: Pos[], cityCenter: [number, number], margin = 3): Pos[] | null {
  if (coast.length < 2) return null;
  const first = coast[0]!;
  const last = coast[coast.length - 1]!;
  const coastLat = coastLatAt(coast, cityCenter[0]);
  if (coastLat === null) return null;
  const north = coastLat > cityCenter[1];
  const lats = coast.map((p) => p[1]!);
  const farLat = north ? Math.max(...lats) + margin : Math.min(...lats) - margin;
  const [west, east] = first[0]! <= last[0]! ? [first, last] : [last, first];
  const ordered = first[0]! <= last[0]! ? coast : [...coast].reverse();
  return [
    [west[0]! - margin, west[1]!],
    ...ordered,
    [east[0]! + margin, east[1]!],
    [east[0]! + margin, farLat],
    [west[0]! - margin, farLat],
    [west[0]! - margin, west[1]!],
  ];
}
