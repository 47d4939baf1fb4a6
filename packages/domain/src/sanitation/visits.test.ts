import { describe, expect, it } from 'vitest';
import { matchVisits } from './visits.js';

describe('garbage truck visits to collection points', () => {
  const points = [
    { id: 1, lon: 121.4, lat: 37.5 },
    { id: 2, lon: 121.41, lat: 37.5 },
  ];
  it('counts a lift near a point once per stop, not a lift far away or a pass without the lift', () => {
    const t0 = 1_700_000_000_000;
    const visits = matchVisits(points, [
      {
        truck: 'gt-0001',
        t: [t0, t0 + 10_000, t0 + 20_000, t0 + 60_000, t0 + 3_600_000],
        lon: [121.4, 121.4001, 121.405, 121.41, 121.4],
        lat: [37.5, 37.5, 37.5, 37.5, 37.5],
        lift: [1, 1, 1, 0, 1],
      },
    ]);
    expect(visits.get(1)?.map((v) => v.at)).toEqual([t0, t0 + 3_600_000]);
    expect(visits.get(2)).toBeUndefined();
  });
});
