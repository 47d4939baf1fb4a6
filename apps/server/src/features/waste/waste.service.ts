import { DomainError, ZoneClock, addDaysToKey, parseDateKey } from '@cityloop/domain';
import { matchVisits, type VisitTrack } from '@cityloop/domain/sanitation/index';
import type {
  CollectionVisits,
  NewSortingInspection,
  NewWeighing,
  SortingCompound,
  SortingMonthReport,
  WasteDayReport,
  WasteFacility,
  Weighing,
} from '@cityloop/domain/api';
import type { Db } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { audit } from '../audit/audit.service.js';
import type { DevicesOffer } from '../devices/devices.module.js';
import type { TelemetryOffer } from '../telemetry/telemetry.module.js';
import * as repo from './waste.repository.js';

const RECEIVERS = new Set(['transfer_station', 'treatment_plant']);
const round2 = (x: number) => Math.round(x * 100) / 100;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

function checkDate(date: string): void {
  try {
    parseDateKey(date);
  } catch {
    throw new DomainError('validation.failed', `Not a calendar date (YYYY-MM-DD): ${date}`);
  }
}

/**
 * Waste collection and transfer (垃圾收运): collection points and restaurants, transfer stations
 * and plants with their weighbridge records (trips and tonnes against capacity), the garbage
 * trucks' visits from their telemetry, and waste sorting (垃圾分类) per community and month.
 */
export class WasteService {
  private readonly zone: ZoneClock;

  constructor(
    private readonly db: Db,
    private readonly devices: DevicesOffer,
    private readonly telemetry: TelemetryOffer,
    timeZone: string,
  ) {
    this.zone = new ZoneClock(timeZone);
  }

  async facilities(): Promise<{ items: WasteFacility[] }> {
    return { items: (await repo.listFacilities(this.db)).map(presentFacility) };
  }

  private dayBounds(date: string): [Date, Date] {
    checkDate(date);
    return [new Date(this.zone.instantOf(date, 0)), new Date(this.zone.instantOf(addDaysToKey(date, 1), 0))];
  }

  /** A local day at the weighbridges: per station and plant, per truck, and every record. */
  async day(date: string): Promise<WasteDayReport> {
    const [from, to] = this.dayBounds(date);
    const facilities = await repo.listFacilities(this.db);
    const byId = new Map(facilities.map((f) => [f.id, f]));
    const rows = await repo.weighingsBetween(this.db, from, to);
    const weighings = rows.flatMap((r) => {
      const f = byId.get(r.facility_id);
      return f ? [presentWeighing(r, f)] : [];
    });
    const stations = facilities
      .filter((f) => RECEIVERS.has(f.kind))
      .map((f) => {
        const mine = weighings.filter((w) => w.facilityId === f.id);
        const tonnes = round2(mine.reduce((a, w) => a + w.netT, 0));
        return {
          facilityId: f.id,
          code: f.code,
          name: f.name,
          nameEn: f.name_en,
          kind: f.kind,
          capacityT: f.capacity_t,
          trips: mine.length,
          tonnes,
          load: f.capacity_t ? round3(tonnes / f.capacity_t) : null,
          kitchenT: round2(mine.filter((w) => w.stream === 'kitchen').reduce((a, w) => a + w.netT, 0)),
        };
      });
    const perTruck = new Map<string, { truck: string; trips: number; tonnes: number }>();
    for (const w of weighings) {
      const t = perTruck.get(w.truck) ?? { truck: w.truck, trips: 0, tonnes: 0 };
      t.trips++;
      t.tonnes = round2(t.tonnes + w.netT);
      perTruck.set(w.truck, t);
    }
    // Tonnes received from the street: at the transfer stations, and at plants from collection trucks.
    const fromStreet = weighings.filter((w) => !w.truck.startsWith('ZY'));
    return {
      date,
      stations,
      trucks: [...perTruck.values()].sort((a, b) => b.tonnes - a.tonnes || a.truck.localeCompare(b.truck)),
      weighings,
      totals: {
        trips: fromStreet.length,
        tonnes: round2(fromStreet.reduce((a, w) => a + w.netT, 0)),
        kitchenT: round2(fromStreet.filter((w) => w.stream === 'kitchen').reduce((a, w) => a + w.netT, 0)),
        capacityT: round2(stations.reduce((a, s) => a + (s.capacityT ?? 0), 0)),
      },
    };
  }

  /** A weighbridge record (the weighbridge's system or the station's clerk), audited. */
  async record(input: NewWeighing, actor: Actor): Promise<Weighing> {
    const f = (await repo.listFacilities(this.db)).find((x) => x.code === input.facilityCode);
    if (!f || !RECEIVERS.has(f.kind))
      throw new DomainError('not_found', `No transfer station or plant ${input.facilityCode}`);
    if (input.grossKg <= input.tareKg)
      throw new DomainError('validation.failed', 'The gross weight must exceed the tare');
    const weighedAt = input.weighedAt ? new Date(input.weighedAt) : new Date();
    if (weighedAt.getTime() > Date.now() + 5 * 60_000)
      throw new DomainError('validation.failed', 'A weighing cannot be in the future');
    const row: repo.NewWeighingRow = {
      facility_id: f.id,
      truck: input.truck,
      stream: input.stream,
      weighed_at: weighedAt,
      gross_kg: input.grossKg,
      tare_kg: input.tareKg,
      recorded_by: actor.user?.username ?? null,
    };
    return this.db.tx(async (q) => {
      const [id] = await repo.insertWeighings(q, [row]);
      const out = presentWeighing({ ...row, id: id! }, f);
      await audit(q, actor, { action: 'create', entity: 'waste_weighing', entityId: id, after: out });
      return out;
    });
  }

  /** The garbage trucks' visits to collection points and restaurants that day (bin lift within 60 m). */
  async visits(date: string): Promise<CollectionVisits> {
    const [from, to] = this.dayBounds(date);
    const points = (await repo.listFacilities(this.db)).filter(
      (f) => f.kind === 'collection_point' || f.kind === 'restaurant',
    );
    const trucks = [...this.devices.all()].filter((d) => d.type === 'garbage_truck');
    const tracks: VisitTrack[] = [];
    if (trucks.length > 0 && points.length > 0) {
      const stored = await this.telemetry.tracks(
        trucks,
        ['lon', 'lat', 'lift'],
        from.getTime(),
        to.getTime(),
      );
      for (const [truck, tr] of stored)
        tracks.push({
          truck,
          t: tr.t,
          lon: tr.values['lon']!,
          lat: tr.values['lat']!,
          lift: tr.values['lift']!,
        });
    }
    const found = matchVisits(points, tracks);
    const out = points.map((p) => ({
      facilityId: p.id,
      code: p.code,
      name: p.name,
      nameEn: p.name_en,
      kind: p.kind,
      lon: p.lon,
      lat: p.lat,
      visits: (found.get(p.id) ?? [])
        .sort((a, b) => a.at - b.at)
        .map((v) => ({ truck: v.truck, at: new Date(v.at).toISOString() })),
    }));
    return {
      date,
      points: out,
      totals: {
        points: out.length,
        visited: out.filter((p) => p.visits.length > 0).length,
        visits: out.reduce((a, p) => a + p.visits.length, 0),
      },
    };
  }

  /** Waste sorting in a month: per community, the share correctly sorted over its inspections. */
  async sorting(month: string): Promise<SortingMonthReport> {
    const first = `${month}-01`;
    checkDate(first);
    const [y, m] = month.split('-').map(Number) as [number, number];
    const last = addDaysToKey(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`, -1);
    const compounds = await repo.listCompounds(this.db);
    const sums = new Map((await repo.inspectionSums(this.db, first, last)).map((s) => [s.compound_id, s]));
    const byCommunity = new Map<string, SortingMonthReport['communities'][number]>();
    for (const c of compounds) {
      const row = byCommunity.get(c.community) ?? {
        community: c.community,
        communityEn: c.community_en,
        compounds: 0,
        households: 0,
        participating: 0,
        inspections: 0,
        checked: 0,
        correct: 0,
        share: null,
      };
      const s = sums.get(c.id);
      row.compounds++;
      row.households += c.households;
      row.participating += c.participating;
      row.inspections += s?.n ?? 0;
      row.checked += s?.checked ?? 0;
      row.correct += s?.correct ?? 0;
      row.share = row.checked > 0 ? round3(row.correct / row.checked) : null;
      byCommunity.set(c.community, row);
    }
    const communities = [...byCommunity.values()];
    const checked = communities.reduce((a, c) => a + c.checked, 0);
    const correct = communities.reduce((a, c) => a + c.correct, 0);
    return {
      month,
      communities,
      compounds: compounds.map(presentCompound),
      totals: {
        households: communities.reduce((a, c) => a + c.households, 0),
        participating: communities.reduce((a, c) => a + c.participating, 0),
        checked,
        correct,
        share: checked > 0 ? round3(correct / checked) : null,
      },
    };
  }

  /** A sorting-quality inspection of a compound (bags checked, bags correctly sorted), audited. */
  async inspect(input: NewSortingInspection, actor: Actor): Promise<{ ok: true }> {
    checkDate(input.date);
    if (input.correct > input.checked)
      throw new DomainError('validation.failed', 'More bags correct than checked');
    const c = (await repo.listCompounds(this.db)).find((x) => x.code === input.compoundCode);
    if (!c) throw new DomainError('not_found', `No sorting compound ${input.compoundCode}`);
    await this.db.tx(async (q) => {
      const row: repo.NewInspectionRow = {
        compound_id: c.id,
        inspected_on: input.date,
        checked: input.checked,
        correct: input.correct,
        note: input.note ?? null,
        inspector: actor.user?.username ?? null,
      };
      await repo.insertInspections(q, [row]);
      await audit(q, actor, { action: 'create', entity: 'sorting_inspection', entityId: c.code, after: row });
    });
    return { ok: true };
  }
}

function presentFacility(f: repo.FacilityRow): WasteFacility {
  return {
    id: f.id,
    code: f.code,
    kind: f.kind,
    stream: f.stream,
    name: f.name,
    nameEn: f.name_en,
    lon: Number(f.lon),
    lat: Number(f.lat),
    districtCode: f.district_code,
    capacityT: f.capacity_t === null ? null : Number(f.capacity_t),
  };
}

function presentWeighing(
  r: repo.WeighingRow | (repo.NewWeighingRow & { id: number }),
  f: repo.FacilityRow,
): Weighing {
  return {
    id: r.id,
    facilityId: f.id,
    facilityCode: f.code,
    truck: r.truck,
    stream: r.stream,
    weighedAt: r.weighed_at.toISOString(),
    grossKg: Number(r.gross_kg),
    tareKg: Number(r.tare_kg),
    netT: round3((Number(r.gross_kg) - Number(r.tare_kg)) / 1000),
  };
}

function presentCompound(c: repo.CompoundRow): SortingCompound {
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    nameEn: c.name_en,
    community: c.community,
    communityEn: c.community_en,
    households: c.households,
    participating: c.participating,
    pilot: c.pilot,
    lon: Number(c.lon),
    lat: Number(c.lat),
  };
}
