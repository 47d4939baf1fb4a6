import { describe, expect, it } from 'vitest';
import { metresBetween } from '../geo.js';
import {
  crossing,
  houseNumberAt,
  housePosition,
  HOUSE_STEP_M,
  lineLength,
  nameScore,
  nearestOnLine,
  parseAddressQuery,
  type LonLat,
} from './address.js';

// A road running east along a parallel, about 1.77 km long.
const EAST: LonLat[] = [
  [121.39, 37.54],
  [121.4, 37.54],
  [121.41, 37.54],
];
const NORTH: LonLat[] = [
  [121.395, 37.53],
  [121.395, 37.55],
];

describe('reading a typed address', () => {
  it('reads the crossing of two roads however it is written', () => {
    for (const q of [
      '北马路与胜利路交叉口',
      '北马路和胜利路',
      '北马路/胜利路路口',
      '北马路 与 胜利路 交口',
      '北马路、胜利路',
    ])
      expect(parseAddressQuery(q), q).toEqual({ kind: 'intersection', a: '北马路', b: '胜利路' });
  });

  it('reads a house number on a road, in full-width digits too', () => {
    expect(parseAddressQuery('南大街25号')).toEqual({ kind: 'house', road: '南大街', number: 25 });
    expect(parseAddressQuery('南大街 ２５号')).toEqual({ kind: 'house', road: '南大街', number: 25 });
    expect(parseAddressQuery('烟台市南大街25号附近')).toEqual({ kind: 'house', road: '南大街', number: 25 });
  });

  it('takes anything else as a name to look up', () => {
    expect(parseAddressQuery('御金台小区')).toEqual({ kind: 'name', text: '御金台小区' });
    expect(parseAddressQuery('  大南山  ')).toEqual({ kind: 'name', text: '大南山' });
  });
});

describe('house numbers along a road', () => {
  it('places number 1 at the start and each next number one step further', () => {
    expect(housePosition(EAST, 1)).toEqual(EAST[0]);
    const p = housePosition(EAST, 21)!;
    expect(metresBetween(EAST[0]!, p)).toBeCloseTo(20 * HOUSE_STEP_M, 0);
  });

  it('has no number past the end of the road, nor zero', () => {
    const last = Math.floor(lineLength(EAST) / HOUSE_STEP_M) + 1;
    expect(housePosition(EAST, last)).not.toBeNull();
    expect(housePosition(EAST, last + 1)).toBeNull();
    expect(housePosition(EAST, 0)).toBeNull();
  });

  it('reads odd numbers on the left of the road and even on the right, near where they stand', () => {
    const at = housePosition(EAST, 101)!;
    const north = houseNumberAt(EAST, [at[0], at[1] + 0.0002]);
    const south = houseNumberAt(EAST, [at[0], at[1] - 0.0002]);
    expect(north % 2).toBe(1);
    expect(south % 2).toBe(0);
    expect(Math.abs(north - 101)).toBeLessThanOrEqual(1);
    expect(Math.abs(south - 101)).toBeLessThanOrEqual(1);
  });
});

describe('geometry of roads', () => {
  it('finds where two roads cross', () => {
    const c = crossing(EAST, NORTH)!;
    expect(c[0]).toBeCloseTo(121.395, 6);
    expect(c[1]).toBeCloseTo(37.54, 6);
    expect(
      crossing(EAST, [
        [121.5, 37.5],
        [121.6, 37.5],
      ]),
    ).toBeNull();
  });

  it('finds the nearest point of a road and the distance to it', () => {
    const n = nearestOnLine(EAST, [121.405, 37.541]);
    expect(n.point[0]).toBeCloseTo(121.405, 6);
    expect(n.point[1]).toBeCloseTo(37.54, 6);
    expect(n.distanceM).toBeCloseTo(111, -1);
    expect(n.left).toBe(true);
  });
});

describe('matching names', () => {
  it('ranks the same name over a prefix over a part, and finds a road without its suffix', () => {
    expect(nameScore('胜利路', '胜利路')).toBe(1);
    expect(nameScore('胜利路', '胜利')).toBeGreaterThan(nameScore('北胜利路', '胜利'));
    expect(nameScore('北胜利路', '胜利')).toBeGreaterThan(0);
    expect(nameScore('南大街', '胜利')).toBe(0);
  });
});
