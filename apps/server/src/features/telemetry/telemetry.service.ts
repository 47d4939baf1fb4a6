import {
  DomainError,
  PayloadError,
  metricDef,
  parseTelemetry,
  type TelemetryReading,
} from '@cityloop/domain';
import type { LatestValue, Series, SeriesQuery } from '@cityloop/domain/api';
import type { Db } from '../../db/db.js';
import type { DeviceEntry } from '../devices/devices.service.js';
import type { DevicesOffer } from '../devices/devices.module.js';
import * as repo from './telemetry.repository.js';
import { rollUp } from './telemetry.rollups.js';
import { copyStore, insertStore } from './telemetry.store.js';
import { ReadingWriter } from './telemetry.writer.js';

import type { TelemetryOptions } from '../../config.js';

export type { TelemetryOptions };

const DAY_MS = 86_400_000;

/** A device's points: times (epoch ms) and, per metric, the value at each time (NaN if none). */
export interface DeviceTrack {
  t: number[];
  values: Record<string, number[]>;
}
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** A minute is rolled up once it has been closed this long (late readings re-queue it anyway). */
const ROLLUP_GRACE_MS = 5000;
/**
 * How far behind the clock a series trusts the rollups: the scheduler rolls a closed minute up
 * within a tick or two (5 s each); newer buckets are read from finer rows.
 */
const ROLLUP_TRAIL_MS = 3 * MINUTE_MS;
/** Most points one series answer carries; a finer step is coarsened to stay under it. */
const MAX_POINTS = 10_000;

function parseTime(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(ms)) throw new DomainError('validation.failed', `Not a time: ${raw}`);
  return ms;
}

/**
 * Readings: validation against the profile, the bounded write buffer, latest values in memory,
 * drop counters, series queries over raw rows and rollups, and retention.
 */
/** What hears a message's kept readings: the device, the readings, their commit. */
export type ReadingListener = (
  device: DeviceEntry,
  readings: readonly TelemetryReading[],
  committed: Promise<void>,
) => void;

export class TelemetryService {
  readonly writer: ReadingWriter;
  private readonly metricIds = new Map<string, number>();
  private readonly metricKeys = new Map<number, string>();
  /** Latest value per device number and metric key, as this node saw them. */
  private readonly latestValues = new Map<number, Map<string, { ts: number; value: number }>>();
  readonly dropped = new Map<string, number>();
  readonly refused = new Map<string, number>();
  messages = 0;

  constructor(
    private readonly db: Db,
    private readonly devices: DevicesOffer,
    readonly options: TelemetryOptions,
    log: (msg: string, err?: unknown) => void = () => undefined,
  ) {
    const store = options.copyUrl ? copyStore(options.copyUrl, db, options.writers) : insertStore(db);
    this.writer = new ReadingWriter(db, store, {
      capacity: options.bufferCapacity,
      batchSize: options.batchSize,
      writers: options.writers,
      onError: (err, attempt) => {
        if (attempt === 1 || attempt % 20 === 0) log(`telemetry write failed (attempt ${attempt})`, err);
      },
      onRecovered: (failed) =>
        log(`telemetry writes reconnected to the database (after ${failed} failed attempts)`),
    });
  }

  async init(): Promise<void> {
    const keys = new Set<string>();
    for (const p of this.devices.allProfiles()) for (const m of p.metrics) keys.add(m.key);
    await repo.addMetricKeys(this.db, [...keys]);
    for (const row of await repo.loadMetricKeys(this.db)) {
      this.metricIds.set(row.key, row.id);
      this.metricKeys.set(row.id, row.key);
    }
    await this.writer.prepare(Date.now());
  }

  metricId(key: string): number | undefined {
    return this.metricIds.get(key);
  }

  /** Counts a dropped payload or reading: per device (shown on its page) and in total. */
  countDrop(device: DeviceEntry | null, reason: string, at: number, n = 1): void {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + n);
    if (device) this.devices.countDrop(device.id, reason, at, n);
  }

  countRefused(reason: string, device?: DeviceEntry): void {
    this.refused.set(reason, (this.refused.get(reason) ?? 0) + 1);
    if (device) this.devices.countDrop(device.id, reason, Date.now());
  }

  /**
   * Parses a telemetry message and buffers its good readings. Returns the readings (for alarm
   * evaluation) and, when any was kept, the promise to hold the message's ack on: it settles once
   * they are committed (after waiting for room when the buffer is full).
   */
  ingest(
    device: DeviceEntry,
    payload: Uint8Array,
    receivedAt: number,
  ): { readings: TelemetryReading[]; wait: Promise<void> | undefined } {
    this.messages++;
    let readings: TelemetryReading[];
    try {
      const parsed = parseTelemetry(payload, device.profile, this.options.maxPayloadBytes, {
        now: receivedAt,
      });
      readings = parsed.readings;
      for (const r of parsed.rejected) this.countDrop(device, r.reason, receivedAt);
    } catch (err) {
      if (err instanceof PayloadError) {
        this.countDrop(device, err.reason, receivedAt);
        return { readings: [], wait: undefined };
      }
      throw err;
    }
    const oldest = receivedAt - this.options.retentionDays.raw * DAY_MS;
    let latest = this.latestValues.get(device.num);
    if (!latest) {
      latest = new Map();
      this.latestValues.set(device.num, latest);
    }
    // With room in the buffer (the usual case) readings go straight into it; a full buffer needs
    // them as a batch of their own, which waits for room.
    const direct = this.writer.hasRoomFor(readings.length);
    const rows = direct
      ? null
      : { device: [] as number[], metric: [] as number[], ts: [] as number[], value: [] as number[] };
    let kept: TelemetryReading[] | null = null;
    for (let i = 0; i < readings.length; i++) {
      const r = readings[i]!;
      const id = this.metricIds.get(r.metric);
      const drop = id === undefined ? 'unknown_metric' : r.ts < oldest ? 'too_old' : null;
      if (drop) {
        this.countDrop(device, drop, receivedAt);
        // Readings before this one were all kept: from here on, keep a list.
        kept ??= readings.slice(0, i);
        continue;
      }
      if (rows) {
        rows.device.push(device.num);
        rows.metric.push(id!);
        rows.ts.push(r.ts);
        rows.value.push(r.value);
      } else this.writer.add(device.num, id!, r.ts, r.value);
      const prev = latest.get(r.metric);
      if (!prev) latest.set(r.metric, { ts: r.ts, value: r.value });
      else if (prev.ts <= r.ts) {
        // In place: one object per device and metric, not one per reading.
        prev.ts = r.ts;
        prev.value = r.value;
      }
      kept?.push(r);
    }
    const out = kept ?? readings;
    if (out.length === 0) return { readings: out, wait: undefined };
    const wait = rows ? this.writer.accept(rows) : this.writer.addedAll();
    for (const l of this.readingListeners) {
      try {
        if (wait) l(device, out, wait);
      } catch {
        // A listener's fault never costs a device its readings.
      }
    }
    return { readings: out, wait };
  }

  private readonly readingListeners: ReadingListener[] = [];

  /**
   * Hears each message's kept readings as they arrive, with the promise that settles once they are
   * committed (the emergency triggers evaluate on arrival). Returns the way to stop hearing them.
   */
  hearReadings(listener: ReadingListener): () => void {
    this.readingListeners.push(listener);
    return () => {
      const i = this.readingListeners.indexOf(listener);
      if (i >= 0) this.readingListeners.splice(i, 1);
    };
  }

  /** The newest value of a metric (this node's memory, else the database's last day). */
  async currentValue(device: DeviceEntry, metric: string): Promise<number | undefined> {
    const mem = this.latestValues.get(device.num)?.get(metric);
    if (mem) return mem.value;
    const latest = await this.latest(device);
    return latest.find((l) => l.metric === metric)?.value;
  }

  latestInMemory(device: DeviceEntry): ReadonlyMap<string, { ts: number; value: number }> | undefined {
    return this.latestValues.get(device.num);
  }

  async latest(device: DeviceEntry): Promise<LatestValue[]> {
    let values = this.latestValues.get(device.num);
    if (!values || values.size === 0) {
      values = new Map();
      for (const row of await repo.latestOf(this.db, device.num, DAY_MS)) {
        const key = this.metricKeys.get(row.metric_id);
        if (key) values.set(key, { ts: row.ts.getTime(), value: row.value });
      }
      if (values.size > 0) this.latestValues.set(device.num, values);
    }
    const out: LatestValue[] = [];
    for (const m of device.profile.metrics) {
      const v = values.get(m.key);
      if (v)
        out.push({
          metric: m.key,
          name: m.name,
          unit: m.unit,
          ts: new Date(v.ts).toISOString(),
          value: v.value,
        });
    }
    return out;
  }

  /**
   * A metric over [from, to) in buckets of `step` seconds, from raw rows for short ranges and fine
   * steps, else from the 1-minute or 1-hour rollups (also whenever raw rows have expired); the
   * last few minutes, which the rollup job has not reached yet, from the finer rows.
   */
  async series(device: DeviceEntry, q: SeriesQuery, now = Date.now()): Promise<Series> {
    const def = metricDef(device.profile, q.metric);
    const id = this.metricIds.get(q.metric);
    if (!def || id === undefined) {
      throw new DomainError('validation.failed', `Device ${device.id} has no metric ${q.metric}`);
    }
    const to = parseTime(q.to, now);
    const from = parseTime(q.from, to - DAY_MS);
    if (!(from < to)) throw new DomainError('validation.failed', 'from must be before to');
    const rangeS = (to - from) / 1000;
    let stepS = Math.max(1, q.step ?? Math.ceil(rangeS / 500), Math.ceil(rangeS / MAX_POINTS));
    const r = this.options.retentionDays;
    let resolution: Series['resolution'] = stepS >= 3600 ? '1h' : stepS >= 60 ? '1m' : 'raw';
    if (resolution === 'raw' && from < now - r.raw * DAY_MS) resolution = '1m';
    if (resolution === '1m' && from < now - r['1m'] * DAY_MS) resolution = '1h';
    // A rollup cannot be split: its step is at least its bucket.
    if (resolution === '1m') stepS = Math.max(60, Math.round(stepS / 60) * 60);
    if (resolution === '1h') stepS = Math.max(3600, Math.round(stepS / 3600) * 3600);
    const trusted = now - ROLLUP_TRAIL_MS;
    const rows = await repo.series(this.db, resolution, {
      device: device.num,
      metric: id,
      from: new Date(from),
      to: new Date(to),
      stepMs: stepS * 1000,
      minutesBefore: new Date(trusted - (trusted % MINUTE_MS)),
      hoursBefore: new Date(trusted - (trusted % HOUR_MS)),
    });
    return {
      deviceId: device.id,
      metric: q.metric,
      unit: def.unit,
      resolution,
      stepS,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      t: rows.map((x) => x.t),
      avg: rows.map((x) => x.avg),
      min: rows.map((x) => x.min),
      max: rows.map((x) => x.max),
    };
  }

  stats() {
    return {
      buffered: this.writer.buffered,
      bufferCapacity: this.options.bufferCapacity,
      waitingMessages: this.writer.waiting,
      messages: this.messages,
      readingsStored: this.writer.stored,
      readingsDuplicate: this.writer.duplicates,
      readingsLost: this.writer.lost,
      dbHealthy: this.writer.healthy,
      dropped: Object.fromEntries(this.dropped),
      refused: Object.fromEntries(this.refused),
    };
  }

  /**
   * The rollup job (scheduler, under a lease): closed minutes and hours that raw writes queued
   * are recomputed. `now = ALL_QUEUED` rolls up everything queued, open buckets too.
   */
  async rollUp(now = Date.now()): Promise<{ minutes: number; hours: number }> {
    return rollUp(this.db, now, ROLLUP_GRACE_MS);
  }

  /** Drops partitions past each resolution's retention; returns their names. */
  async applyRetention(now = Date.now()): Promise<string[]> {
    const dropped: string[] = [];
    const limits: Record<repo.SeriesTable, number> = {
      readings: this.options.retentionDays.raw,
      readings_1m: this.options.retentionDays['1m'],
      readings_1h: this.options.retentionDays['1h'],
    };
    for (const table of Object.keys(limits) as repo.SeriesTable[]) {
      const cutoff = now - limits[table] * DAY_MS;
      for (const name of await repo.listPartitions(this.db, table)) {
        const suffix = name.slice(table.length + 1);
        if (!/^\d+$/.test(suffix)) continue;
        const y = Number(suffix.slice(0, 4));
        const m = Number(suffix.slice(4, 6)) - 1;
        const end =
          suffix.length === 8 ? Date.UTC(y, m, Number(suffix.slice(6, 8)) + 1) : Date.UTC(y, m + 1, 1);
        if (end <= cutoff) {
          await repo.dropPartition(this.db, name);
          this.writer.forgetPartition(name);
          dropped.push(name);
        }
      }
    }
    await this.writer.prepare(now + DAY_MS);
    return dropped;
  }

  /**
   * The stored points of some devices over [fromMs, toMs): per device, the times and each
   * metric's value at those times (NaN where a point lacks the metric), oldest first.
   */
  async tracks(
    devices: readonly DeviceEntry[],
    metrics: readonly string[],
    fromMs: number,
    toMs: number,
  ): Promise<Map<string, DeviceTrack>> {
    const ids = metrics.flatMap((m) => {
      const id = this.metricIds.get(m);
      return id === undefined ? [] : [id];
    });
    const out = new Map<string, DeviceTrack>();
    if (devices.length === 0 || ids.length === 0) return out;
    const rows = await repo.readingsBetween(
      this.db,
      devices.map((d) => d.num),
      ids,
      new Date(fromMs),
      new Date(toMs),
    );
    const byNum = new Map(devices.map((d) => [d.num, d]));
    let current: DeviceTrack | undefined;
    let currentNum = -1;
    for (const row of rows) {
      const t = Number(row.t);
      if (row.device_id !== currentNum) {
        currentNum = row.device_id;
        const device = byNum.get(currentNum);
        current = { t: [], values: Object.fromEntries(metrics.map((m) => [m, [] as number[]])) };
        if (device) out.set(device.id, current);
      }
      if (!current) continue;
      if (current.t[current.t.length - 1] !== t) {
        current.t.push(t);
        for (const m of metrics) current.values[m]!.push(NaN);
      }
      const key = this.metricKeys.get(row.metric_id);
      const series = key === undefined ? undefined : current.values[key];
      if (series) series[series.length - 1] = Number(row.value);
    }
    return out;
  }

  async countStored(device: DeviceEntry): Promise<number> {
    return repo.countReadings(this.db, device.num);
  }

  /**
   * One metric's sums over each window ending at `now`, and its newest reading, per device (those
   * without a reading in the longest window are absent): rainfall totals for the emergency triggers.
   */
  async windowStats(
    devices: readonly DeviceEntry[],
    metric: string,
    windowsMs: readonly number[],
    now: number,
  ): Promise<Map<string, { sums: number[]; lastTs: number; lastValue: number }>> {
    const metricId = this.metricIds.get(metric);
    const out = new Map<string, { sums: number[]; lastTs: number; lastValue: number }>();
    if (metricId === undefined || devices.length === 0) return out;
    const byNum = new Map(devices.map((d) => [d.num, d]));
    const rows = await repo.windowStats(this.db, {
      metric: metricId,
      devices: [...byNum.keys()],
      windowsMs: [...windowsMs],
      nowMs: now,
    });
    for (const r of rows) {
      const d = byNum.get(r.device_id);
      if (d) out.set(d.id, { sums: r.sums, lastTs: r.last_ts.getTime(), lastValue: r.last_value });
    }
    return out;
  }
}
