import { DomainError, ZoneClock, parseDateKey } from '@cityloop/domain';
import {
  clockOfMinutes,
  computeCoverage,
  coverageStatus,
  type CoverageSection,
  type Track,
} from '@cityloop/domain/sanitation/index';
import type {
  CoverageReport,
  MissedCasesResult,
  SanitationSection,
  SanitationVehicle,
  SectionCoverageRow,
} from '@cityloop/domain/api';
import type { Db } from '../../db/db.js';
import { SCHEDULER_ACTOR, type Actor } from '../../actor.js';
import type { DevicesOffer } from '../devices/devices.module.js';
import type { TelemetryOffer } from '../telemetry/telemetry.module.js';
import type { CasesOffer } from '../cases/cases.module.js';
import type { DeviceEntry } from '../devices/devices.service.js';
import * as repo from './sanitation.repository.js';

/** Device types whose working state cleans a road (a garbage truck's does not). */
export const CLEANING_TYPES = ['sweeper', 'washer'] as const;
export const VEHICLE_TYPES = ['sweeper', 'washer', 'garbage_truck'] as const;
const TRACK_METRICS = ['lon', 'lat', 'brush', 'water'] as const;
/** The event category a missed section's case is filed under: 0104 道路不洁 (dirty road). */
export const MISSED_SECTION_CATEGORY = '0104';

/**
 * Sanitation (环卫): cleaning sections, the vehicles on their routes, and the coverage (机扫率)
 * of a day computed from the vehicles' stored telemetry.
 */
export class SanitationService {
  private readonly zone: ZoneClock;

  constructor(
    private readonly db: Db,
    private readonly devices: DevicesOffer,
    private readonly telemetry: TelemetryOffer,
    private readonly cases: CasesOffer,
    timeZone: string,
  ) {
    this.zone = new ZoneClock(timeZone);
  }

  async sections(_actor: Actor): Promise<{ items: SanitationSection[] }> {
    return { items: (await repo.listSections(this.db)).map(presentSection) };
  }

  async vehicles(_actor: Actor): Promise<{ items: SanitationVehicle[] }> {
    const rows = await repo.listVehicles(this.db);
    const items: SanitationVehicle[] = [];
    for (const row of rows) {
      const device = this.devices.byId(row.device_id);
      if (!device) continue;
      items.push({
        deviceId: device.id,
        type: device.type,
        name: device.name,
        contractor: row.contractor,
        contractorEn: row.contractor_en,
        shiftStart: clockOfMinutes(row.shift_start),
        shiftEnd: clockOfMinutes(row.shift_end),
        route: row.route,
        status: device.status,
        position: await this.positionOf(device),
      });
    }
    return { items };
  }

  /** Each vehicle's device, type and route (collection points are drawn along the trucks'). */
  async vehicleRoutes(): Promise<Array<{ deviceId: string; type: string; route: Array<[number, number]> }>> {
    return (await repo.listVehicles(this.db)).flatMap((v) => {
      const d = this.devices.byId(v.device_id);
      return d ? [{ deviceId: d.id, type: d.type, route: v.route }] : [];
    });
  }

  /** The demo vehicles with their tokens, routes and shifts, for the in-process simulator. */
  async simVehicles(): Promise<
    Array<{
      id: string;
      type: string;
      token: string;
      plan: { route: Array<[number, number]>; shiftStartMin: number; shiftEndMin: number };
    }>
  > {
    return (await repo.listVehicles(this.db)).flatMap((v) => {
      const d = this.devices.byId(v.device_id);
      if (!d?.demoToken) return [];
      const plan = { route: v.route, shiftStartMin: v.shift_start, shiftEndMin: v.shift_end };
      return [{ id: d.id, type: d.type, token: d.demoToken, plan }];
    });
  }

  private async positionOf(device: DeviceEntry): Promise<SanitationVehicle['position']> {
    const mem = this.telemetry.latestInMemory(device);
    const values = new Map<string, { ts: number; value: number }>(mem ?? []);
    if (!mem) {
      for (const l of await this.telemetry.latest(device))
        values.set(l.metric, { ts: Date.parse(l.ts), value: l.value });
    }
    const lon = values.get('lon');
    const lat = values.get('lat');
    if (!lon || !lat) return null;
    const on = (k: string) => (values.get(k)?.value ?? 0) >= 0.5;
    return {
      lon: lon.value,
      lat: lat.value,
      speed: values.get('speed')?.value ?? null,
      working: device.type === 'garbage_truck' ? on('lift') : on('brush') || on('water'),
      fill: values.get('fill')?.value ?? null,
      ts: new Date(Math.max(lon.ts, lat.ts)).toISOString(),
    };
  }

  /**
   * Opens a case (0104 道路不洁) for each section missed on `date` whose window has ended, once
   * per day and section, to be dispatched to its contractor's sanitation office. A day without
   * any cleaning track at all is a data gap (the terminals or the ingest down), not a city-wide
   * miss: it opens nothing.
   */
  async openMissedCases(date: string, _actor: Actor, nowMs = Date.now()): Promise<MissedCasesResult> {
    const { report, rows } = await this.dayCoverage(date);
    const opened: MissedCasesResult['opened'] = [];
    if (report.totals.coveredLengthM <= 0) return { date, opened };
    const byId = new Map(rows.map((s) => [s.id, s]));
    for (const row of report.sections) {
      const s = byId.get(row.sectionId);
      if (!s || row.status !== 'missed' || row.caseId !== null) continue;
      if (nowMs < this.zone.instantOf(date, s.window_end * 60_000)) continue;
      const mid = s.line[Math.floor(s.line.length / 2)] ?? s.line[0]!;
      const a = s.line[0]!;
      const b = s.line[s.line.length - 1]!;
      const at: [number, number] = s.line.length === 2 ? [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2] : mid;
      const pct = `${Math.round(row.share * 100)}%`;
      const description =
        `机扫漏扫：${s.road_name}（${s.code}）${date} ${row.windowStart}–${row.windowEnd} 作业时段内机扫覆盖率 ${pct}，` +
        `作业单位 ${s.contractor}。/ Section missed by machine sweeping: ${s.road_name} (${s.code}) on ${date}, ` +
        `${pct} covered in its ${row.windowStart}–${row.windowEnd} window; contractor ${s.contractor_en}.`;
      const reported = await this.cases
        .report(
          {
            kind: 'event',
            category: MISSED_SECTION_CATEGORY,
            lon: at[0],
            lat: at[1],
            description,
            address: s.road_name,
            source: 'sensor',
            idempotencyKey: `sanitation:${date}:${s.code}`,
          },
          // The finding is the coverage check's, a sensor source, whoever asked for the round.
          SCHEDULER_ACTOR,
        )
        // A section drawn outside the city's unit grids has no one to send a case to.
        .catch((err: unknown) => {
          if (err instanceof DomainError && err.code === 'grid.not_found') return null;
          throw err;
        });
      if (!reported) continue;
      const c = reported.case;
      await repo.recordMissedCase(this.db, {
        day: date,
        sectionId: s.id,
        caseId: c.id,
        caseCode: c.code,
        share: row.share,
      });
      opened.push({ sectionId: s.id, caseId: c.id, caseCode: c.code });
    }
    return { date, opened };
  }

  /** The scheduler's round: today's missed sections whose window has ended. */
  async openTodaysMissedCases(actor: Actor, nowMs = Date.now()): Promise<MissedCasesResult> {
    return this.openMissedCases(cityDate(this.zone, nowMs), actor, nowMs);
  }

  /**
   * The coverage (机扫率) of one local day: per machine-swept section, the length a working
   * vehicle (sweeper brush down, washer water on) drove along inside the section's window.
   */
  async coverage(date: string, _actor: Actor): Promise<CoverageReport> {
    return (await this.dayCoverage(date)).report;
  }

  private async dayCoverage(date: string): Promise<{ report: CoverageReport; rows: repo.SectionRow[] }> {
    try {
      parseDateKey(date);
    } catch {
      throw new DomainError('validation.failed', `Not a calendar date (YYYY-MM-DD): ${date}`);
    }
    const rows = (await repo.listSections(this.db)).filter((s) => s.mechanised);
    const sections: CoverageSection[] = rows.map((s) => ({
      id: s.id,
      line: s.line,
      fromMs: this.zone.instantOf(date, s.window_start * 60_000),
      toMs: this.zone.instantOf(date, s.window_end * 60_000),
    }));
    const vehicles = [...this.devices.all()].filter((d) =>
      (CLEANING_TYPES as readonly string[]).includes(d.type),
    );
    const tracks: Track[] = [];
    if (sections.length > 0 && vehicles.length > 0) {
      const from = Math.min(...sections.map((s) => s.fromMs));
      const to = Math.max(...sections.map((s) => s.toMs));
      for (const tr of (await this.telemetry.tracks(vehicles, TRACK_METRICS, from, to)).values()) {
        const brush = tr.values['brush']!;
        const water = tr.values['water']!;
        tracks.push({
          t: tr.t,
          lon: tr.values['lon']!,
          lat: tr.values['lat']!,
          working: brush.map((b, i) => (b >= 0.5 || water[i]! >= 0.5 ? 1 : 0)),
        });
      }
    }
    const result = computeCoverage(sections, tracks);
    const opened = new Map((await repo.missedCasesOn(this.db, date)).map((c) => [c.section_id, c]));
    const out: SectionCoverageRow[] = rows.map((s, i) => {
      const c = result[i]!;
      const scheduled = s.length_m;
      const coveredM = Math.min(scheduled, (c.coveredM / c.lengthM) * scheduled);
      const share = scheduled > 0 ? coveredM / scheduled : 0;
      return {
        sectionId: s.id,
        code: s.code,
        roadName: s.road_name,
        contractor: s.contractor,
        contractorEn: s.contractor_en,
        windowStart: clockOfMinutes(s.window_start),
        windowEnd: clockOfMinutes(s.window_end),
        scheduledLengthM: round1(scheduled),
        coveredLengthM: round1(coveredM),
        share: Math.round(share * 1000) / 1000,
        status: coverageStatus(share),
        caseId: opened.get(s.id)?.case_id ?? null,
        caseCode: opened.get(s.id)?.case_code ?? null,
      };
    });
    const scheduledLengthM = out.reduce((a, r) => a + r.scheduledLengthM, 0);
    const coveredLengthM = out.reduce((a, r) => a + r.coveredLengthM, 0);
    const count = (st: SectionCoverageRow['status']) => out.filter((r) => r.status === st).length;
    const report: CoverageReport = {
      date,
      sections: out,
      totals: {
        sections: out.length,
        covered: count('covered'),
        partial: count('partial'),
        missed: count('missed'),
        scheduledLengthM: round1(scheduledLengthM),
        coveredLengthM: round1(coveredLengthM),
        share: scheduledLengthM > 0 ? Math.round((coveredLengthM / scheduledLengthM) * 1000) / 1000 : 0,
      },
    };
    return { report, rows };
  }
}

/** The city's date now (YYYY-MM-DD). */
export function cityDate(zone: ZoneClock, nowMs: number): string {
  return zone.dateKeyOf(nowMs);
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function presentSection(s: repo.SectionRow): SanitationSection {
  return {
    id: s.id,
    code: s.code,
    roadName: s.road_name,
    part: s.part,
    roadClass: s.road_class,
    grade: s.grade,
    sweepingPerDay: s.sweeping_per_day,
    washingPerDay: s.washing_per_day,
    mechanised: s.mechanised,
    windowStart: clockOfMinutes(s.window_start),
    windowEnd: clockOfMinutes(s.window_end),
    contractor: s.contractor,
    contractorEn: s.contractor_en,
    departmentId: s.department_id,
    districtCode: s.district_code,
    lengthM: Number(s.length_m),
    line: s.line,
  };
}
