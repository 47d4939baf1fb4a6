import { afterEach, describe, expect, it } from 'vitest';
import { cityDateKey, cityDateTime, cityOffsetMs, cityZone, setCityZone } from './time';

// 2026-12-01 23:30 UTC is already 07:30 on 2 December in Shanghai.
const LATE_UTC = Date.UTC(2026, 11, 1, 23, 30, 5);

describe("the city's clock, whatever the browser's zone", () => {
  afterEach(() => setCityZone('Asia/Shanghai'));

  it('formats an instant on the city’s calendar and clock', () => {
    expect(cityDateTime(LATE_UTC)).toBe('2026-12-02 07:30:05');
    expect(cityDateTime(LATE_UTC, { timeOnly: true })).toBe('07:30:05');
    expect(cityDateTime(LATE_UTC, { seconds: false })).toBe('2026-12-02 07:30');
    expect(cityDateKey(LATE_UTC)).toBe('2026-12-02');
  });

  it('follows the zone the server names, and keeps it for an unknown one', () => {
    setCityZone('Europe/London');
    expect(cityDateTime(LATE_UTC)).toBe('2026-12-01 23:30:05');
    setCityZone('Mars/Olympus_Mons');
    expect(cityZone.value).toBe('Europe/London');
  });

  it('gives the offset a UTC-only chart adds to show the city’s clock, summer time included', () => {
    expect(cityOffsetMs(LATE_UTC)).toBe(8 * 3600_000);
    setCityZone('Europe/Berlin');
    expect(cityOffsetMs(Date.UTC(2026, 6, 1, 12))).toBe(2 * 3600_000);
    expect(cityOffsetMs(Date.UTC(2026, 0, 1, 12))).toBe(3600_000);
  });
});
