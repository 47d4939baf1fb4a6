/**
 * Street-light switching (路灯开关灯时间): lights on a little after sunset and off a little before
 * sunrise, computed for the city's position and the day (NOAA's simplified solar equations,
 * good to a minute or two), with the season's margins: the winter timetable (Oct–Mar) switches
 * on 10 minutes after sunset and off 10 before sunrise, the summer one 15 and 15.
 */
export interface LightingSchedule {
  /** Local minutes after midnight. */
  sunriseMin: number;
  sunsetMin: number;
  onMin: number;
  offMin: number;
  season: 'summer' | 'winter';
}

const rad = Math.PI / 180;

/** Sunrise and sunset in minutes after UTC midnight of the date (year, month 1–12, day). */
export function sunTimesUtc(year: number, month: number, day: number, lon: number, lat: number) {
  const start = Date.UTC(year, 0, 1);
  const n = Math.round((Date.UTC(year, month - 1, day) - start) / 86_400_000) + 1;
  const g = ((2 * Math.PI) / 365) * (n - 1 + 0.5);
  const eqTime =
    229.18 *
    (0.000075 +
      0.001868 * Math.cos(g) -
      0.032077 * Math.sin(g) -
      0.014615 * Math.cos(2 * g) -
      0.040849 * Math.sin(2 * g));
  const decl =
    0.006918 -
    0.399912 * Math.cos(g) +
    0.070257 * Math.sin(g) -
    0.006758 * Math.cos(2 * g) +
    0.000907 * Math.sin(2 * g) -
    0.002697 * Math.cos(3 * g) +
    0.00148 * Math.sin(3 * g);
  const cosH =
    Math.cos(90.833 * rad) / (Math.cos(lat * rad) * Math.cos(decl)) - Math.tan(lat * rad) * Math.tan(decl);
  const ha = Math.acos(Math.max(-1, Math.min(1, cosH))) / rad;
  return { sunrise: 720 - 4 * (lon + ha) - eqTime, sunset: 720 - 4 * (lon - ha) - eqTime };
}

/** The schedule of a local date (YYYY-MM-DD) at a place whose clock is `offsetMin` ahead of UTC. */
export function lightingSchedule(
  dateKey: string,
  lon: number,
  lat: number,
  offsetMin: number,
): LightingSchedule {
  const [y, m, d] = dateKey.split('-').map(Number) as [number, number, number];
  const s = sunTimesUtc(y, m, d, lon, lat);
  const season = m >= 4 && m <= 9 ? 'summer' : 'winter';
  const margin = season === 'summer' ? 15 : 10;
  const sunriseMin = Math.round(s.sunrise + offsetMin);
  const sunsetMin = Math.round(s.sunset + offsetMin);
  return { sunriseMin, sunsetMin, onMin: sunsetMin + margin, offMin: sunriseMin - margin, season };
}

/** Whether lights should be on at local minute `minute` of the day (on over midnight). */
export function lightsOnAt(schedule: LightingSchedule, minute: number): boolean {
  return minute >= schedule.onMin || minute < schedule.offMin;
}
