import { ZoneClock } from '@cityloop/domain/calendar/zone';

/**
 * Sanitation vehicles on their shift: a vehicle drives its route back and forth at its working
 * speed with the brush down (sweeper), the water on (washer) or the lift working now and then
 * (garbage truck) inside its shift, and stands parked at the route's start outside it. Pure: the
 * position is a function of the time, so a replay with the same seed is the same drive.
 */

export type LonLat = [number, number];
export const VEHICLE_TYPES = ['sweeper', 'washer', 'garbage_truck'] as const;
export type VehicleType = (typeof VEHICLE_TYPES)[number];

export function isVehicleType(type: string): type is VehicleType {
  return (VEHICLE_TYPES as readonly string[]).includes(type);
}

export interface VehiclePlan {
  route: LonLat[];
  /** Local minutes after midnight. */
  shiftStartMin: number;
  shiftEndMin: number;
}

/** Working speed, km/h (mechanised sweeping is slow work). */
export const WORKING_KMH: Record<VehicleType, number> = { sweeper: 12, washer: 15, garbage_truck: 20 };

// The demo city's zone; a simulated fleet elsewhere would pass its own.
const zone = new ZoneClock('Asia/Shanghai');
const EARTH_M_PER_DEG = 111_320;

function segLen(a: LonLat, b: LonLat): number {
  const kx = EARTH_M_PER_DEG * Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  return Math.hypot((b[0] - a[0]) * kx, (b[1] - a[1]) * EARTH_M_PER_DEG);
}

export function routeLength(route: readonly LonLat[]): number {
  let s = 0;
  for (let i = 1; i < route.length; i++) s += segLen(route[i - 1]!, route[i]!);
  return s;
}

export function pointAt(route: readonly LonLat[], d: number): LonLat {
  let walked = 0;
  for (let i = 1; i < route.length; i++) {
    const a = route[i - 1]!;
    const b = route[i]!;
    const len = segLen(a, b);
    if (walked + len >= d) {
      const f = len > 0 ? (d - walked) / len : 0;
      return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
    }
    walked += len;
  }
  return route[route.length - 1] ?? [0, 0];
}

/** Where the vehicle is at tMs and whether it is working (on its shift). */
export function vehicleAt(
  type: VehicleType,
  plan: VehiclePlan,
  tMs: number,
): { position: LonLat; onShift: boolean; speedKmh: number } {
  const dayStart = zone.instantOf(zone.dateKeyOf(tMs), 0);
  const from = dayStart + plan.shiftStartMin * 60_000;
  const to = dayStart + plan.shiftEndMin * 60_000;
  const start = plan.route[0] ?? [0, 0];
  if (tMs < from || tMs >= to || plan.route.length < 2)
    return { position: start, onShift: false, speedKmh: 0 };
  const length = routeLength(plan.route);
  const kmh = WORKING_KMH[type];
  const driven = ((tMs - from) / 1000) * (kmh / 3.6);
  const u = driven % (2 * length);
  return { position: pointAt(plan.route, u <= length ? u : 2 * length - u), onShift: true, speedKmh: kmh };
}
