import { describe, expect, it } from 'vitest';
import { summariseByStreet } from './zones.js';

const at = (street: string, n: number) => `${street}${String(n).padStart(6, '0')}`;
const ZHIFU_1 = '370602001';
const ZHIFU_2 = '370602002';

describe('supply zones by street', () => {
  it('averages the online points of each street, with their lowest and highest', () => {
    const zones = summariseByStreet([
      { gridCode: at(ZHIFU_2, 1001), value: 0.3, online: true },
      { gridCode: at(ZHIFU_1, 1001), value: 0.28, online: true },
      { gridCode: at(ZHIFU_1, 2003), value: 0.22, online: true },
      { gridCode: at(ZHIFU_1, 2004), value: 0.31, online: true },
    ]);
    expect(zones.map((z) => z.street)).toEqual([ZHIFU_1, ZHIFU_2]);
    expect(zones[0]).toMatchObject({ n: 3, min: 0.22, max: 0.31 });
    expect(zones[0]!.avg).toBeCloseTo(0.27, 10);
    expect(zones[1]).toEqual({ street: ZHIFU_2, n: 1, avg: 0.3, min: 0.3, max: 0.3 });
  });

  it('leaves out offline points, points with no value and points off the grid', () => {
    const zones = summariseByStreet([
      { gridCode: at(ZHIFU_1, 1001), value: 0.05, online: false },
      { gridCode: at(ZHIFU_1, 1002), value: undefined, online: true },
      { gridCode: null, value: 0.3, online: true },
      { gridCode: '3706', value: 0.3, online: true },
      { gridCode: at(ZHIFU_1, 1003), value: Number.NaN, online: true },
      { gridCode: at(ZHIFU_1, 1004), value: 0.29, online: true },
    ]);
    expect(zones).toEqual([{ street: ZHIFU_1, n: 1, avg: 0.29, min: 0.29, max: 0.29 }]);
  });

  it('gives no zones for no points', () => {
    expect(summariseByStreet([])).toEqual([]);
  });
});
