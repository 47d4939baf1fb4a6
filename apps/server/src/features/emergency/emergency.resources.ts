import { DomainError } from '@cityloop/domain';
import type {
  EmergencyDutyBody,
  EmergencyDuty,
  EmergencyMaterialUse,
  EmergencyMaterialUseBody,
  EmergencyResources as ResourcesView,
  EmergencyRoster,
} from '@cityloop/domain/api';
import {
  DEMO_DEPOTS,
  DEMO_DUTY_LEADERS,
  DEMO_DUTY_PEOPLE,
  DEMO_EQUIPMENT,
  DEMO_STOCK,
  DEMO_TEAMS,
  MATERIAL_UNITS,
  type EquipmentKind,
  type EquipmentState,
  type Material,
} from '@cityloop/domain/emergency/resources';
import { HAZARDS, levelRank, type Hazard, type Level } from '@cityloop/domain/emergency/warnings';
import { eventActor, type Actor } from '../../actor.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/db.js';
import type { DevicesOffer } from '../devices/devices.module.js';
import type { OrgOffer } from '../org/org.module.js';
import * as ops from './emergency.ops.repository.js';
import * as repo from './emergency.repository.js';
import { planDepartment, type EmergencyService } from './emergency.service.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A small stable hash (FNV-1a) so the demo roster is the same on every machine. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The city's calendar day of an instant (YYYY-MM-DD). */
export function cityDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/**
 * Teams and crews, equipment, materials by depot and their use, and the duty roster (值班表): what
 * a commander calls out (叫应) besides the plan's people and departments.
 */
export class EmergencyResources {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly service: EmergencyService,
    private readonly org: OrgOffer,
    private readonly devices: DevicesOffer,
    private readonly timeZone: string,
  ) {}

  /** Seeds the demo city's depots, teams, fleet and stock once; tells the service the teams. */
  async init(demo: boolean): Promise<void> {
    if (demo && !(await ops.hasResources(this.db))) {
      await this.db.tx((q) =>
        ops.seedResources(q, {
          depots: DEMO_DEPOTS.map((d) => [d.code, d.name, d.nameEn, d.lon, d.lat]),
          teams: DEMO_TEAMS.map((t) => [
            t.code,
            t.name,
            t.nameEn,
            t.department,
            JSON.stringify(t.hazards),
            t.leader,
            t.leaderEn,
            t.phone,
            t.members,
            t.depot,
          ]),
          equipment: DEMO_EQUIPMENT.flatMap(([kind, depot, team, n]) =>
            Array.from({ length: n }, (_, i) => [
              `${kind.replace('_', '-')}-${depot}-${i + 1}`,
              kind,
              depot,
              team,
              // One unit of each fleet is in the workshop, so the state shows.
              i === n - 1 && n > 2 ? 'repair' : 'ready',
              null,
            ]),
          ),
          stock: DEMO_STOCK.map(([depot, material, quantity]) => [depot, material, quantity]),
        }),
      );
    }
    await this.loadTeams();
  }

  private async loadTeams() {
    this.service.teams.clear();
    for (const t of await ops.teams(this.db))
      this.service.teams.set(t.code, { name: t.name, nameEn: t.name_en, department: t.department });
  }

  async resources(): Promise<ResourcesView> {
    const [depots, teams, equipment, stock, active] = await Promise.all([
      ops.depots(this.db),
      ops.teams(this.db),
      ops.equipment(this.db),
      ops.stock(this.db),
      repo.activeResponses(this.db),
    ]);
    const called = new Set(
      (
        await repo.listCallouts(
          this.db,
          active.map((r) => r.id),
        )
      )
        .filter((c) => c.target_kind === 'team')
        .map((c) => c.target),
    );
    const depotOf = new Map(depots.map((d) => [d.code, d]));
    return {
      depots: depots.map((d) => ({ code: d.code, name: d.name, nameEn: d.name_en, lon: d.lon, lat: d.lat })),
      teams: teams.map((t) => {
        const counts: Record<string, number> = {};
        for (const e of equipment) if (e.team === t.code) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
        return {
          code: t.code,
          name: t.name,
          nameEn: t.name_en,
          department: t.department,
          hazards: t.hazards as Hazard[],
          leader: t.leader,
          leaderEn: t.leader_en,
          phone: t.phone,
          members: t.members,
          depot: t.depot,
          equipment: counts,
          called: called.has(t.code),
        };
      }),
      equipment: equipment.map((e) => {
        // A unit that reports as a device is where it says; otherwise at its depot.
        const dev = e.device_id ? this.devices.byId(e.device_id) : undefined;
        const depot = depotOf.get(e.depot);
        return {
          id: e.id,
          kind: e.kind as EquipmentKind,
          depot: e.depot,
          team: e.team,
          state: e.state as EquipmentState,
          deviceId: e.device_id,
          lon: dev?.lon ?? depot?.lon ?? null,
          lat: dev?.lat ?? depot?.lat ?? null,
        };
      }),
      stock: stock.map((s) => ({
        depot: s.depot,
        material: s.material as Material,
        unit: MATERIAL_UNITS[s.material as Material],
        quantity: Math.round(s.quantity * 10) / 10,
      })),
    };
  }

  async setEquipmentState(id: string, state: EquipmentState, actor: Actor): Promise<void> {
    const who = eventActor(actor);
    await this.db.tx(async (q) => {
      if (!(await ops.setEquipmentState(q, id, state)))
        throw new DomainError('emergency.not_found', `No equipment ${id}`);
      await repo.insertEvent(q, {
        responseId: null,
        hazard: null,
        kind: 'equipment_state',
        ...who,
        data: { equipmentId: id, state },
        at: this.clock.now(),
      });
    });
    await this.service.announce('emergency.resources', { equipment: id });
  }

  /**
   * Material taken from a depot (sandbags, de-icer): the stock goes down and the use is recorded
   * against the response in force it serves (de-icer and sand: snow; sandbags: rainstorm or typhoon).
   */
  async useMaterial(body: EmergencyMaterialUseBody, actor: Actor): Promise<EmergencyMaterialUse> {
    const who = eventActor(actor);
    const at = this.clock.now();
    const row = await this.db.tx(async (q) => {
      const active = await repo.activeResponses(q);
      const serves: Hazard[] = body.material === 'sandbag' ? ['rainstorm', 'typhoon'] : ['snow'];
      const response = active.find((r) => serves.includes(r.hazard as Hazard)) ?? null;
      if (!(await ops.takeStock(q, body.depot, body.material, body.quantity)))
        throw new DomainError('emergency.invalid_transition', 'Not that much in stock at this depot');
      const use = await ops.insertUse(q, {
        response_id: response?.id ?? null,
        depot: body.depot,
        material: body.material,
        quantity: body.quantity,
        used_by: who.actorName,
        note: body.note?.trim() || null,
        at,
      });
      await repo.insertEvent(q, {
        responseId: response?.id ?? null,
        hazard: (response?.hazard as Hazard | undefined) ?? null,
        kind: 'material_used',
        ...who,
        data: { material: body.material, depot: body.depot, quantity: body.quantity },
        at,
      });
      return use;
    });
    await this.service.announce('emergency.resources', { material: body.material });
    return presentUse(row);
  }

  async materialUses(responseId: number): Promise<EmergencyMaterialUse[]> {
    return (await ops.uses(this.db, responseId)).map(presentUse);
  }

  // ---- duty roster ----------------------------------------------------------------------------

  /**
   * The roster of a day (today in the city by default). A day without one gets it drawn from the
   * plans: the duty departments of the levels in force (the base, every plan's level IV, when none
   * is), a day and a night shift each, and a leader's shift where a level in force asks for it.
   * A level raised later adds what the new level needs; edited rows stay as edited.
   */
  async roster(day?: string): Promise<EmergencyRoster> {
    const d = day ?? cityDay(this.clock.now(), this.timeZone);
    const active = await repo.activeResponses(this.db);
    const levels = active.map((r) => ({ hazard: r.hazard as Hazard, level: r.level as Level }));
    const drawn = levels.length ? levels : HAZARDS.map((hazard) => ({ hazard, level: 'IV' as Level }));
    const departments = new Set<string>();
    let leader = false;
    for (const l of drawn) {
      const pl = this.service.levelOf(l.hazard, l.level);
      for (const dep of pl?.duty ?? []) departments.add(dep);
      if (pl?.leaderOnShift && levels.length) leader = true;
    }
    const known = new Set([...(await this.org.allDepartments()).values()].map((x) => x.code));
    const rows: unknown[][] = [];
    for (const shift of ['day', 'night'] as const) {
      if (leader) {
        const [name, nameEn, phone] = DEMO_DUTY_LEADERS[hash(`${d}:${shift}`) % DEMO_DUTY_LEADERS.length]!;
        rows.push([d, shift, 'command', name, nameEn, 'leader', phone, true]);
      }
      for (const dep of [...departments].sort()) {
        const [name, nameEn, phone] =
          DEMO_DUTY_PEOPLE[hash(`${d}:${shift}:${dep}`) % DEMO_DUTY_PEOPLE.length]!;
        // The day shift is the department's handler account (who acknowledges from the web or phone).
        const username = shift === 'day' && known.has(dep) ? `${dep}.handler` : null;
        rows.push([d, shift, dep, name, nameEn, username, phone, false]);
      }
    }
    const have = await ops.roster(this.db, d);
    const missing = rows.filter(
      (r) => !have.some((h) => h.shift === r[1] && h.department === r[2] && h.leader === r[7]),
    );
    if (missing.length) await ops.insertDuty(this.db, missing);
    const top = levels.length
      ? levels.map((l) => l.level).reduce((a, b) => (levelRank(b) > levelRank(a) ? b : a))
      : null;
    return { day: d, level: top, items: await this.presentRoster(await ops.roster(this.db, d)) };
  }

  private async presentRoster(rows: ops.DutyRow[]): Promise<EmergencyDuty[]> {
    const depts = [...(await this.org.allDepartments()).values()];
    return rows.map((r) => {
      const dep = planDepartment(depts, r.department);
      return {
        id: r.id,
        day: r.day,
        shift: r.shift,
        department: r.department,
        departmentName: dep?.name ?? (r.department === 'command' ? '应急指挥部' : null),
        departmentNameEn: dep?.nameEn ?? (r.department === 'command' ? 'Emergency command' : null),
        person: r.person,
        personEn: r.person_en,
        username: r.username,
        phone: r.phone,
        leader: r.leader,
        checkedInAt: iso(r.checked_in_at),
        handover: r.handover,
      };
    });
  }

  /** Edits a roster row (who, phone), or checks the person in with hand-over notes. */
  async updateDuty(id: number, body: EmergencyDutyBody, actor: Actor): Promise<EmergencyDuty> {
    const who = eventActor(actor);
    const at = this.clock.now();
    const row = await this.db.tx(async (q) => {
      const r = await ops.dutyById(q, id);
      if (!r) throw new DomainError('emergency.not_found', `No roster row ${id}`);
      await ops.updateDuty(q, id, {
        person: body.person?.trim(),
        person_en: body.personEn?.trim(),
        phone: body.phone,
        username: body.username === undefined ? undefined : body.username?.trim() || null,
        handover: body.handover === undefined ? undefined : body.handover.trim() || null,
        checked_in_at: body.checkIn ? at : undefined,
      });
      await repo.insertEvent(q, {
        responseId: null,
        hazard: null,
        kind: body.checkIn ? 'duty_checked_in' : 'duty_edited',
        ...who,
        data: { dutyId: id, day: r.day, shift: r.shift, department: r.department },
        at,
      });
      return (await ops.dutyById(q, id))!;
    });
    await this.service.announce('emergency.resources', { duty: id });
    return (await this.presentRoster([row]))[0]!;
  }
}

function presentUse(u: ops.UseRow): EmergencyMaterialUse {
  return {
    id: u.id,
    responseId: u.response_id,
    depot: u.depot,
    material: u.material as Material,
    quantity: u.quantity,
    usedBy: u.used_by,
    note: u.note,
    at: u.at.toISOString(),
  };
}
