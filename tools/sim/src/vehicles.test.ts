import { describe, expect, it } from 'vitest';
import { parseTelemetry, seedProfile } from '@cityloop/domain/telemetry/index';
import { createRng } from './environment.js';
import { createModel, stepModel } from './models.js';
import { routeLength, vehicleAt, type VehiclePlan } from './vehicles.js';

// A 1.2 km route east along a demo city street; shift 05:00–07:00 Beijing time.
const plan: VehiclePlan = {
  route: [
    [121.4, 37.53],
    [121.4136, 37.53],
  ],
  shiftStartMin: 300,
  shiftEndMin: 420,
};
const day = Date.parse('2026-12-01T00:00:00+08:00');
const at = (hh: number, mm = 0) => day + (hh * 60 + mm) * 60_000;

describe('sanitation vehicles in the simulator', () => {
  it('stand parked at the route start, brush up, outside the shift', () => {
    const v = vehicleAt('sweeper', plan, at(4, 59));
    expect(v.onShift).toBe(false);
    expect(v.position).toEqual(plan.route[0]);
  });

  it('drive the route at working speed on the shift and turn at its end', () => {
    expect(routeLength(plan.route)).toBeGreaterThan(1150);
    const v = vehicleAt('sweeper', plan, at(5, 3)); // 3 min at 12 km/h = 600 m
    expect(v.onShift).toBe(true);
    expect(v.position[0]).toBeGreaterThan(121.406);
    expect(v.position[0]).toBeLessThan(121.408);
    const back = vehicleAt('sweeper', plan, at(5, 9)); // 1800 m: 1200 out, 600 back
    expect(back.position[0]).toBeLessThan(121.41);
  });

  it('publish readings their profile accepts, brush down only on the shift', () => {
    const rng = createRng(3);
    let m = createModel('sweeper', 3, 7, at(4, 50), plan);
    const brush: number[] = [];
    for (let t = at(4, 50); t < at(7, 10); t += 10_000) {
      m = stepModel(m, t, rng);
      const res = parseTelemetry(JSON.stringify({ v: 1, ts: t, values: m.values }), seedProfile('sweeper')!);
      expect(res.rejected).toEqual([]);
      brush.push(m.values['brush'] ?? -1);
    }
    expect(brush[0]).toBe(0);
    expect(brush[100]).toBe(1);
    expect(brush.at(-1)).toBe(0);
  });
});
