import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceEntry } from '../devices/devices.service.js';
import { makeUtilityTestApp, type UtilityTestApp } from '../../mqtt/testing.js';
import { TEST_DB } from '../../testing/testApp.js';
import { ALL_QUEUED } from './telemetry.rollups.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

let t: UtilityTestApp;
beforeAll(async () => {
  t = await makeUtilityTestApp();
});
afterAll(() => t.close());

async function freshDevice(): Promise<DeviceEntry> {
  const d = await t.device('pressure_point');
  return t.app.services.devices.mustGet(d.id);
}

/** Hands readings to the telemetry service as the MQTT handler does, and waits for the commit. */
async function ingest(device: DeviceEntry, points: Array<{ ts: number; pressure: number }>) {
  const payload = points.map((p) => ({ ts: p.ts, values: { pressure: p.pressure } }));
  t.app.services.telemetry.ingest(device, Buffer.from(JSON.stringify(payload)), Date.now());
  await t.app.services.telemetry.writer.drain();
}

async function rollupN(table: 'readings_1m' | 'readings_1h', device: DeviceEntry, bucket: number) {
  const r = await t.app.platform.db.query<{ n: number; sum: number }>(
    `select n, sum from ${table} where device_id = $1 and bucket = $2`,
    [device.num, new Date(bucket)],
  );
  return r.rows[0] ? { n: Number(r.rows[0].n), sum: Number(r.rows[0].sum) } : null;
}

describe(`telemetry rollups (${TEST_DB})`, () => {
  it('rolls a closed minute up from the stored rows: a late reading counts on the next run, a redelivered batch never', async () => {
    const d = await freshDevice();
    const minute = Math.floor((Date.now() - 2 * HOUR) / MINUTE) * MINUTE;
    const hour = minute - (minute % HOUR);
    const batch = Array.from({ length: 30 }, (_, i) => ({ ts: minute + i * 2000, pressure: 0.2 }));
    await ingest(d, batch);
    await t.app.services.telemetry.rollUp();
    expect(await rollupN('readings_1m', d, minute)).toEqual({ n: 30, sum: expect.closeTo(6) });
    expect(await rollupN('readings_1h', d, hour)).toEqual({ n: 30, sum: expect.closeTo(6) });

    // The same batch delivered again, with one reading the device sent late.
    const duplicates = t.app.services.telemetry.writer.duplicates;
    await ingest(d, [...batch, { ts: minute + 59_000, pressure: 0.5 }]);
    expect(t.app.services.telemetry.writer.duplicates - duplicates).toBe(30);
    await t.app.services.telemetry.rollUp();
    expect(await rollupN('readings_1m', d, minute)).toEqual({ n: 31, sum: expect.closeTo(6.5) });
    expect(await rollupN('readings_1h', d, hour)).toEqual({ n: 31, sum: expect.closeTo(6.5) });
    // A run with nothing queued changes nothing.
    await t.app.services.telemetry.rollUp();
    expect(await rollupN('readings_1m', d, minute)).toEqual({ n: 31, sum: expect.closeTo(6.5) });
  });

  it('leaves the open minute to a later run, and a chart shows it from the raw rows meanwhile', async () => {
    const d = await freshDevice();
    const now = Date.now();
    const open = now - (now % MINUTE);
    await ingest(d, [{ ts: now - 1, pressure: 0.42 }]);
    await t.app.services.telemetry.rollUp(now);
    expect(await rollupN('readings_1m', d, open)).toBeNull();

    const chart = await t.app.services.telemetry.series(
      d,
      { metric: 'pressure', from: String(now - HOUR), to: String(now + MINUTE), step: 60 },
      now,
    );
    expect(chart.resolution).toBe('1m');
    expect(chart.t.at(-1)).toBe(open);
    expect(chart.avg.at(-1)).toBeCloseTo(0.42);
    const hourly = await t.app.services.telemetry.series(
      d,
      { metric: 'pressure', from: String(now - 24 * HOUR), to: String(now + MINUTE), step: 3600 },
      now,
    );
    expect(hourly.resolution).toBe('1h');
    expect(hourly.avg.at(-1)).toBeCloseTo(0.42);

    await t.app.services.telemetry.rollUp(ALL_QUEUED);
    expect(await rollupN('readings_1m', d, open)).toEqual({ n: 1, sum: expect.closeTo(0.42) });
  });
});
