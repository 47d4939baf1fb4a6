import { DomainError, ZoneClock } from '@cityloop/domain';
import { clockOfMinutes } from '@cityloop/domain/sanitation/index';
import { lightingSchedule, lightsOnAt } from '@cityloop/domain/municipal/lighting';
import { MUNICIPAL_SUBTYPES } from '@cityloop/domain/api';
import type {
  MunicipalFacility,
  MunicipalFacilityPatch,
  MunicipalInspection,
  MunicipalKind,
  NewMunicipalInspection,
  Streetlight,
  StreetlightCasesResult,
  StreetlightList,
} from '@cityloop/domain/api';
import type { Db } from '../../db/db.js';
import { SCHEDULER_ACTOR, type Actor } from '../../actor.js';
import { audit } from '../audit/audit.service.js';
import type { CasesOffer } from '../cases/cases.module.js';
import type { DevicesOffer } from '../devices/devices.module.js';
import type { TelemetryOffer } from '../telemetry/telemetry.module.js';
import * as repo from './municipal.repository.js';

/** The case category a facility's defect is filed under, so the case loop routes it to its unit. */
export const DEFECT_CATEGORIES: Record<MunicipalKind, { kind: 'component' | 'event'; category: string }> = {
  road: { kind: 'event', category: '0110' }, // 道路破损
  bridge: { kind: 'component', category: '0208' }, // 跨河桥
  manhole: { kind: 'component', category: '0103' }, // 雨水井盖
  streetlight_cabinet: { kind: 'component', category: '0118' }, // 路灯
};
/** A cabinet drawing less than this while its circuits should be on has its lights out. */
export const LIGHTS_OUT_BELOW_A = 5;
const ENDED = new Set(['closed', 'cancelled', 'not_accepted', 'not_filed']);

export function roadRating(pci: number): 'good' | 'fair' | 'poor' | 'bad' {
  return pci >= 85 ? 'good' : pci >= 70 ? 'fair' : pci >= 55 ? 'poor' : 'bad';
}

/**
 * Municipal facilities (市政设施): roads with a pavement condition index, bridges with a
 * technical condition grade, manhole covers (self-adjusting anti-subsidence ones among them) and
 * street-light cabinets as devices. An inspection's defect opens a case under the facility's
 * category (the case loop sends it to the unit in charge); a cabinet's fault or lights out while
 * the sunset schedule says on opens a case once per cabinet and day.
 */
export class MunicipalService {
  readonly zone: ZoneClock;

  constructor(
    private readonly db: Db,
    private readonly devices: DevicesOffer,
    private readonly telemetry: TelemetryOffer,
    private readonly cases: CasesOffer,
    timeZone: string,
    private readonly centre: [number, number],
  ) {
    this.zone = new ZoneClock(timeZone);
  }

  async facilities(kind?: MunicipalKind): Promise<{ items: MunicipalFacility[] }> {
    const [rows, summary] = await Promise.all([
      repo.listFacilities(this.db, kind),
      repo.inspectionSummary(this.db),
    ]);
    const caseIds = [...summary.values()].flatMap((s) => (s.case_id === null ? [] : [s.case_id]));
    const open = new Set(
      (caseIds.length ? await this.cases.byIds(this.db, caseIds) : [])
        .filter((c) => !ENDED.has(c.state))
        .map((c) => Number(c.id)),
    );
    return {
      items: rows.map((r) => {
        const s = summary.get(r.id);
        return present(r, s?.last ?? null, s?.case_id && open.has(s.case_id) ? s.case_code : null);
      }),
    };
  }

  async inspections(id: number): Promise<{ items: MunicipalInspection[] }> {
    await this.mustGet(id);
    return { items: (await repo.inspectionsOf(this.db, id)).map(presentInspection) };
  }

  private async mustGet(id: number): Promise<repo.FacilityRow> {
    const f = await repo.getFacility(this.db, id);
    if (!f) throw new DomainError('not_found', `No municipal facility ${id}`);
    return f;
  }

  /** Edits a facility's register attributes: names, subtype (by kind), a cabinet's lamps (audited). */
  async editFacility(id: number, patch: MunicipalFacilityPatch, actor: Actor): Promise<MunicipalFacility> {
    const f = await this.mustGet(id);
    if (patch.subtype !== undefined && !MUNICIPAL_SUBTYPES[f.kind].includes(patch.subtype))
      throw new DomainError(
        'validation.failed',
        `A ${f.kind}'s subtype is one of ${MUNICIPAL_SUBTYPES[f.kind].join(', ') || '(none)'}`,
      );
    if (patch.lamps !== undefined && f.kind !== 'streetlight_cabinet')
      throw new DomainError('validation.failed', 'Only a street-light cabinet has lamps');
    const next = {
      name: patch.name?.trim() || f.name,
      name_en: patch.nameEn?.trim() || f.name_en,
      subtype: patch.subtype ?? f.subtype,
      lamps: patch.lamps ?? f.lamps,
    };
    const before = present(f, null, null);
    const after = present({ ...f, ...next }, null, null);
    const pick = (x: MunicipalFacility) => ({
      name: x.name,
      nameEn: x.nameEn,
      subtype: x.subtype,
      lamps: x.lamps,
    });
    await this.db.tx(async (q) => {
      await repo.updateFacility(q, f.id, next);
      await audit(q, actor, {
        action: 'update',
        entity: 'municipal_facility',
        entityId: f.code,
        before: pick(before),
        after: pick(after),
      });
    });
    return (await this.facilities(f.kind)).items.find((x) => x.id === f.id) ?? after;
  }

  /** An inspection: a new condition (PCI or grade) and/or a defect, which opens a case (audited). */
  async inspect(id: number, input: NewMunicipalInspection, actor: Actor): Promise<MunicipalInspection> {
    const f = await this.mustGet(id);
    if (input.condition === undefined && !input.defect)
      throw new DomainError('validation.failed', 'An inspection records a condition, a defect or both');
    if (
      input.condition !== undefined &&
      f.kind === 'bridge' &&
      !(input.condition >= 1 && input.condition <= 5)
    )
      throw new DomainError('validation.failed', 'A bridge grade is 1–5');
    let opened: { id: number; code: string } | null = null;
    if (input.defect) {
      const cat = DEFECT_CATEGORIES[f.kind];
      const { case: c } = await this.cases.report(
        {
          kind: cat.kind,
          category: cat.category,
          // A road's point is its middle (inside the unit grids), not its line's ends.
          lon: Number(f.lon),
          lat: Number(f.lat),
          address: f.name,
          source: 'inspector',
          description: `市政设施巡查：${f.name}（${f.code}）${input.defect} / Municipal inspection: ${f.name_en} (${f.code}): ${input.defect}`,
        },
        // The finding is the inspection's (the audit log names who keyed it in).
        SCHEDULER_ACTOR,
      );
      opened = { id: c.id, code: c.code };
    }
    return this.db.tx(async (q) => {
      const row = await repo.insertInspection(q, {
        facility_id: f.id,
        inspected_at: new Date(),
        condition: input.condition ?? null,
        defect: input.defect ?? null,
        inspector: actor.user?.username ?? null,
        case_id: opened?.id ?? null,
        case_code: opened?.code ?? null,
      });
      if (input.condition !== undefined) await repo.setCondition(q, f.id, input.condition);
      const out = presentInspection(row);
      await audit(q, actor, {
        action: 'create',
        entity: 'municipal_inspection',
        entityId: f.code,
        after: out,
      });
      return out;
    });
  }

  /** Tonight's (today's) switching schedule at the city's centre. */
  schedule(nowMs: number) {
    const date = this.zone.dateKeyOf(nowMs);
    const offsetMin = this.zone.offsetAt(nowMs) / 60_000;
    const s = lightingSchedule(date, this.centre[0], this.centre[1], offsetMin);
    const minute = Math.floor((nowMs - this.zone.instantOf(date, 0)) / 60_000);
    return { date, s, on: lightsOnAt(s, minute) };
  }

  /** The street-light cabinets now: circuits, current, fault, link, and whether lights are out. */
  async streetlights(nowMs = Date.now()): Promise<StreetlightList> {
    const { date, s, on: scheduledOn } = this.schedule(nowMs);
    const cabinets = await repo.listFacilities(this.db, 'streetlight_cabinet');
    const cases = await repo.streetlightCasesOn(this.db, date);
    const items: Streetlight[] = [];
    for (const f of cabinets) {
      const d = f.device_id ? this.devices.byId(f.device_id) : undefined;
      if (!d) continue;
      const values = new Map<string, { ts: number; value: number }>(this.telemetry.latestInMemory(d) ?? []);
      if (values.size === 0)
        for (const l of await this.telemetry.latest(d))
          values.set(l.metric, { ts: Date.parse(l.ts), value: l.value });
      const state = values.get('circuit_state');
      const current = values.get('current');
      const fault = (values.get('fault')?.value ?? 0) >= 0.5;
      const on = state ? state.value >= 0.5 : null;
      const online = d.status === 'online';
      const lightsOut =
        online &&
        scheduledOn &&
        (on === false || (current !== undefined && current.value < LIGHTS_OUT_BELOW_A));
      const readAt = [...values.values()].reduce((a, v) => Math.max(a, v.ts), 0);
      items.push({
        facilityId: f.id,
        code: f.code,
        name: f.name,
        nameEn: f.name_en,
        deviceId: d.id,
        lon: Number(f.lon),
        lat: Number(f.lat),
        lamps: f.lamps ?? 0,
        link: d.status === 'unknown' ? 'never' : d.status,
        on,
        currentA: current?.value ?? null,
        voltageV: values.get('voltage')?.value ?? null,
        fault,
        scheduledOn,
        lightsOut,
        caseCode: cases.get(d.id)?.case_code ?? null,
        readAt: readAt > 0 ? new Date(readAt).toISOString() : null,
      });
    }
    return {
      date,
      schedule: {
        on: clockOfMinutes(s.onMin),
        off: clockOfMinutes(s.offMin),
        sunset: clockOfMinutes(s.sunsetMin),
        sunrise: clockOfMinutes(s.sunriseMin),
        season: s.season,
      },
      items,
      totals: {
        cabinets: items.length,
        on: items.filter((i) => i.on).length,
        lightsOut: items.filter((i) => i.lightsOut).length,
        faults: items.filter((i) => i.fault).length,
      },
    };
  }

  /** Opens a case (0118 路灯) for each cabinet with a fault or its lights out, once per cabinet and day. */
  async openStreetlightCases(nowMs = Date.now()): Promise<StreetlightCasesResult> {
    const list = await this.streetlights(nowMs);
    const opened: StreetlightCasesResult['opened'] = [];
    for (const s of list.items) {
      if (!(s.fault || s.lightsOut) || s.caseCode) continue;
      const why = s.fault ? '控制箱故障 / cabinet fault' : '应亮未亮 / lights out while scheduled on';
      const reported = await this.cases
        .report(
          {
            kind: 'component',
            category: DEFECT_CATEGORIES.streetlight_cabinet.category,
            lon: s.lon,
            lat: s.lat,
            address: s.name,
            source: 'sensor',
            description: `路灯：${s.name}（${s.code}，${s.lamps} 盏）${why}，电流 ${s.currentA ?? '—'} A。 / Street lights: ${s.nameEn} (${s.code}) ${why}.`,
            idempotencyKey: `streetlight:${list.date}:${s.deviceId}`,
          },
          SCHEDULER_ACTOR,
        )
        .catch((err: unknown) => {
          if (err instanceof DomainError && err.code === 'grid.not_found') return null;
          throw err;
        });
      if (!reported) continue;
      const c = reported.case;
      await repo.recordStreetlightCase(this.db, {
        deviceId: s.deviceId,
        day: list.date,
        caseId: c.id,
        caseCode: c.code,
      });
      opened.push({ deviceId: s.deviceId, caseId: c.id, caseCode: c.code });
    }
    return { opened };
  }
}

function present(r: repo.FacilityRow, last: Date | null, openCaseCode: string | null): MunicipalFacility {
  const c = r.condition === null ? null : Number(r.condition);
  return {
    id: r.id,
    code: r.code,
    kind: r.kind,
    subtype: r.subtype,
    name: r.name,
    nameEn: r.name_en,
    lon: Number(r.lon),
    lat: Number(r.lat),
    line: r.line,
    districtCode: r.district_code,
    deviceId: r.device_id,
    condition: c,
    rating:
      c === null
        ? null
        : r.kind === 'road'
          ? roadRating(c)
          : r.kind === 'bridge'
            ? `grade${Math.round(c)}`
            : null,
    lastInspection: last ? last.toISOString() : null,
    openCaseCode,
    lamps: r.lamps === null ? null : Number(r.lamps),
  };
}

function presentInspection(r: repo.InspectionRow): MunicipalInspection {
  return {
    id: r.id,
    facilityId: r.facility_id,
    at: r.inspected_at.toISOString(),
    condition: r.condition,
    defect: r.defect,
    inspector: r.inspector,
    caseId: r.case_id,
    caseCode: r.case_code,
  };
}
