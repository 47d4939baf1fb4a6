import { DomainError } from '@cityloop/domain';
import type { DeviceDetail, UtilityOverview } from '@cityloop/domain/api';
import type { Actor } from '../../actor.js';
import type { DevicesOffer } from '../devices/devices.module.js';
import type { TelemetryOffer } from '../telemetry/telemetry.module.js';
import type { AlarmsOffer } from '../alarms/alarms.module.js';

/**
 * What utility operators look at, put together from the device registry, the latest readings and
 * the open alarms: one device's page and one device type on the map.
 */
export class UtilityViews {
  constructor(
    private readonly devices: DevicesOffer,
    private readonly telemetry: TelemetryOffer,
    private readonly alarms: AlarmsOffer,
  ) {}

  /** One device: its registry entry, latest values, alarm rules and open alarms. */
  async device(id: string, actor: Actor): Promise<DeviceDetail> {
    const base = await this.devices.detailBase(id, actor);
    const device = this.devices.mustGet(id);
    return {
      ...base,
      latest: await this.telemetry.latest(device),
      rules: this.alarms.rules.view(device),
      openAlarms: await this.alarms.openCount(device.id),
    };
  }

  /** One device type on the map: latest values, link status, worst open alarm, totals per metric. */
  async overview(type: string, metricList: string | undefined): Promise<UtilityOverview> {
    const profile = this.devices.profile(type);
    if (!profile) throw new DomainError('validation.failed', `Unknown device type ${type}`);
    const metrics = metricList ? metricList.split(',').filter(Boolean) : profile.metrics.map((m) => m.key);
    const worst = await this.alarms.worstOpen();
    const out: UtilityOverview = {
      type: profile.type,
      typeName: profile.name,
      devices: [],
      counts: { online: 0, offline: 0, unknown: 0 },
      totals: {},
      openAlarms: {},
      alarmCounts: { notCleared: 0, clearedUnacked: 0 },
    };
    for (const d of this.devices.all()) {
      if (d.type !== profile.type) continue;
      const latest = this.telemetry.latestInMemory(d);
      const values: Record<string, number> = {};
      for (const m of metrics) {
        const v = latest?.get(m);
        if (!v) continue;
        values[m] = v.value;
        const t = (out.totals[m] ??= { sum: 0, avg: 0, min: Infinity, max: -Infinity, n: 0 });
        t.sum += v.value;
        t.n++;
        t.min = Math.min(t.min, v.value);
        t.max = Math.max(t.max, v.value);
      }
      const alarms = worst.get(d.id);
      const w = alarms?.worst ?? null;
      if (w) out.openAlarms[w] = (out.openAlarms[w] ?? 0) + 1;
      out.alarmCounts.notCleared += alarms?.notCleared ?? 0;
      out.alarmCounts.clearedUnacked += alarms?.clearedUnacked ?? 0;
      out.counts[d.status]++;
      out.devices.push({
        id: d.id,
        name: d.name,
        lon: d.lon,
        lat: d.lat,
        gridCode: d.gridCode,
        status: d.status,
        values,
        worstAlarm: w,
      });
    }
    for (const t of Object.values(out.totals)) t.avg = t.n ? t.sum / t.n : 0;
    return out;
  }
}
