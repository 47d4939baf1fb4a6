import { describe, expect, it } from 'vitest';
import { computeCoverage, type CoverageSection, type Track } from './coverage.js';

// A 1 km east-west section at the demo city's latitude, scheduled 05:00–07:00 (as instants).
const LAT = 37.5;
const M_PER_DEG_LON = 111_320 * Math.cos((LAT * Math.PI) / 180);
const lonAt = (m: number) => 121.4 + m / M_PER_DEG_LON;
const FROM = 5 * 3_600_000;
const TO = 7 * 3_600_000;
const section: CoverageSection = {
  id: 1,
  line: [
    [lonAt(0), LAT],
    [lonAt(1000), LAT],
  ],
  fromMs: FROM,
  toMs: TO,
};

/** A vehicle driving east from `fromM` to `toM` at 3.3 m/s (12 km/h), a point every 10 s. */
function drive(fromM: number, toM: number, startMs: number, working: (i: number) => number = () => 1): Track {
  const t: number[] = [];
  const lon: number[] = [];
  const lat: number[] = [];
  const w: number[] = [];
  for (let i = 0, m = fromM; m <= toM; i++, m += 33) {
    t.push(startMs + i * 10_000);
    lon.push(lonAt(m));
    lat.push(LAT + 0.00003); // ~3 m off the centre line
    w.push(working(i));
  }
  return { t, lon, lat, working: w };
}

describe('coverage (机扫率)', () => {
  it('a full pass with the brush down in the window covers the whole section', () => {
    const [c] = computeCoverage([section], [drive(-20, 1020, FROM + 60_000)]);
    expect(c!.lengthM).toBeCloseTo(1000, -1);
    expect(c!.coveredM / c!.lengthM).toBeGreaterThan(0.98);
  });

  it('a partial pass covers only the part driven', () => {
    const [c] = computeCoverage([section], [drive(0, 400, FROM + 60_000)]);
    expect(c!.coveredM / c!.lengthM).toBeGreaterThan(0.38);
    expect(c!.coveredM / c!.lengthM).toBeLessThan(0.45);
  });

  it('a pass outside the scheduled window counts for nothing', () => {
    const [c] = computeCoverage([section], [drive(0, 1000, TO + 60_000)]);
    expect(c!.coveredM).toBe(0);
  });

  it('a pass with the brush up counts for nothing; brush down half-way counts the rest', () => {
    expect(computeCoverage([section], [drive(0, 1000, FROM, () => 0)])[0]!.coveredM).toBe(0);
    const half = computeCoverage([section], [drive(0, 1000, FROM, (i) => (i >= 15 ? 1 : 0))])[0]!;
    expect(half.coveredM / half.lengthM).toBeGreaterThan(0.45);
    expect(half.coveredM / half.lengthM).toBeLessThan(0.55);
  });

  it('a vehicle on a parallel road 100 m away covers nothing', () => {
    const far = drive(0, 1000, FROM);
    const track: Track = { ...far, lat: Array.from(far.lat as number[], (l) => l + 0.0009) };
    expect(computeCoverage([section], [track])[0]!.coveredM).toBe(0);
  });

  it('a gap in the reports longer than a minute is not interpolated', () => {
    const tr = drive(0, 1000, FROM);
    // Points 10–15 lost (a dead zone): 70 s between the last before and the first after.
    const keep = (_: number, i: number) => i < 10 || i > 15;
    const pick = (a: ArrayLike<number>) => Array.from(a).filter(keep);
    const [c] = computeCoverage(
      [section],
      [{ t: pick(tr.t), lon: pick(tr.lon), lat: pick(tr.lat), working: pick(tr.working) }],
    );
    expect(c!.coveredM / c!.lengthM).toBeLessThan(0.85);
    expect(c!.coveredM / c!.lengthM).toBeGreaterThan(0.75);
  });
});
