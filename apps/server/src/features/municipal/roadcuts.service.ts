import { DomainError, ZoneClock, metresBetween } from '@cityloop/domain';
import type {
  NewRoadCutFinding,
  NewRoadCutPermit,
  RoadCutCheck,
  RoadCutDecision,
  RoadCutFinding,
  RoadCutFindingResult,
  RoadCutList,
  RoadCutPermit,
  RoadCutPhase,
} from '@cityloop/domain/api';
import type { Db } from '../../db/db.js';
import { SCHEDULER_ACTOR, type Actor } from '../../actor.js';
import { audit } from '../audit/audit.service.js';
import type { CasesOffer } from '../cases/cases.module.js';
import * as facilities from './municipal.repository.js';
import * as repo from './roadcuts.repository.js';

/** The case category of a cut found without a permit (无证掘路). */
export const UNPERMITTED_CATEGORY = '0305';
/** The case category of a failed reinstatement (道路破损). */
export const REINSTATEMENT_CATEGORY = '0110';
/** Longest time a road may stay dug up under one permit, in days. */
export const MAX_WINDOW_DAYS = 90;
/** Longest time from the cut's end to its reinstatement deadline, in days. */
export const MAX_REINSTATE_DAYS = 30;
/** A cut this close to a permit in force (its point, plus half its length) is covered by it. */
export const PERMIT_RADIUS_M = 150;
/** A found cut is filed against the nearest road whose line passes this close. */
const ROAD_MATCH_M = 200;

const dayDiff = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

/** Where a permit stands on a day: its stored state, and for an approved one, its window. */
export function permitPhase(
  p: { state: repo.PermitRow['state']; start_day: string; end_day: string; reinstate_by: string },
  today: string,
): RoadCutPhase {
  if (p.state !== 'approved') return p.state;
  if (today < p.start_day) return 'scheduled';
  if (today <= p.end_day) return 'digging';
  if (today <= p.reinstate_by) return 'reinstating';
  return 'overdue';
}

/** Whether a permit lets the road be dug on a day at a point. */
export function permitCovers(
  p: {
    state: repo.PermitRow['state'];
    start_day: string;
    end_day: string;
    lon: number;
    lat: number;
    length_m: number;
  },
  day: string,
  at: [number, number],
): boolean {
  return (
    p.state === 'approved' &&
    day >= p.start_day &&
    day <= p.end_day &&
    metresBetween([p.lon, p.lat], at) <= PERMIT_RADIUS_M + p.length_m / 2
  );
}

/**
 * Road-cut permits (占道挖掘 / 掘路): a utility or developer applies to dig up a road for a time
 * window; the bureau approves or rejects; after the window the surface must be reinstated by a
 * deadline, and an inspector checks it — a failed check opens a case (道路破损) to the unit in
 * charge. A cut an inspector finds with no permit in force opens a case 无证掘路.
 */
export class RoadCutService {
  private readonly zone: ZoneClock;

  constructor(
    private readonly db: Db,
    private readonly cases: CasesOffer,
    timeZone: string,
  ) {
    this.zone = new ZoneClock(timeZone);
  }

  today(nowMs = Date.now()): string {
    return this.zone.dateKeyOf(nowMs);
  }

  async list(phase?: RoadCutPhase, nowMs = Date.now()): Promise<RoadCutList> {
    const today = this.today(nowMs);
    const [rows, findings] = await Promise.all([repo.listPermits(this.db), repo.listFindings(this.db)]);
    const all = rows.map((r) => present(r, today));
    const n = (ph: RoadCutPhase) => all.filter((p) => p.phase === ph).length;
    return {
      date: today,
      items: phase ? all.filter((p) => p.phase === phase) : all,
      findings: findings.map(presentFinding),
      totals: {
        permits: all.length,
        applied: n('applied'),
        digging: n('digging'),
        overdue: n('overdue'),
        reinstated: n('reinstated'),
        checkFailed: n('check_failed'),
        unpermitted: findings.length,
      },
    };
  }

  private async mustGet(id: number): Promise<repo.PermitRow> {
    const p = await repo.getPermit(this.db, id);
    if (!p) throw new DomainError('not_found', `No road-cut permit ${id}`);
    return p;
  }

  /** An application: the road, who digs, why, the window and the reinstatement deadline (audited). */
  async apply(input: NewRoadCutPermit, actor: Actor, nowMs = Date.now()): Promise<RoadCutPermit> {
    const road = await facilities.getFacility(this.db, input.roadId);
    if (!road || road.kind !== 'road') throw new DomainError('not_found', `No road ${input.roadId}`);
    if (input.endDay < input.startDay)
      throw new DomainError('validation.failed', 'The window ends before it starts');
    if (input.startDay < this.today(nowMs))
      throw new DomainError('validation.failed', 'A permit is applied for before the window starts');
    if (dayDiff(input.startDay, input.endDay) + 1 > MAX_WINDOW_DAYS)
      throw new DomainError('validation.failed', `A window is at most ${MAX_WINDOW_DAYS} days`);
    if (input.reinstateBy < input.endDay)
      throw new DomainError('validation.failed', 'The reinstatement deadline is before the window ends');
    if (dayDiff(input.endDay, input.reinstateBy) > MAX_REINSTATE_DAYS)
      throw new DomainError(
        'validation.failed',
        `The reinstatement deadline is at most ${MAX_REINSTATE_DAYS} days after the window`,
      );
    return this.db.tx(async (q) => {
      const id = await repo.insertPermit(q, {
        road_id: road.id,
        applicant: input.applicant,
        applicant_kind: input.applicantKind,
        purpose: input.purpose,
        lon: Number(road.lon),
        lat: Number(road.lat),
        length_m: input.lengthM,
        width_m: input.widthM,
        start_day: input.startDay,
        end_day: input.endDay,
        reinstate_by: input.reinstateBy,
        state: 'applied',
        applied_by: actor.user?.username ?? null,
        decided_by: null,
        decided_at: null,
        decision_note: null,
        checked_by: null,
        checked_at: null,
        check_note: null,
      });
      const out = present((await repo.getPermit(q, id))!, this.today(nowMs));
      await audit(q, actor, { action: 'create', entity: 'road_cut_permit', entityId: out.code, after: out });
      return out;
    });
  }

  /** The bureau approves or rejects an application (audited). */
  async decide(id: number, input: RoadCutDecision, actor: Actor): Promise<RoadCutPermit> {
    await this.mustGet(id);
    return this.db.tx(async (q) => {
      const old = (await repo.getPermit(q, id, true))!;
      if (old.state !== 'applied')
        throw new DomainError('case.invalid_transition', `Permit ${old.code} was already decided`);
      await repo.decidePermit(q, id, {
        state: input.decision,
        by: actor.user?.username ?? null,
        note: input.note?.trim() || null,
      });
      const today = this.today();
      const out = present((await repo.getPermit(q, id))!, today);
      await audit(q, actor, {
        action: 'update',
        entity: 'road_cut_permit',
        entityId: old.code,
        before: present(old, today),
        after: out,
      });
      return out;
    });
  }

  /**
   * The reinstatement check (恢复验收) of an approved cut once digging has begun: passed closes the
   * permit; failed opens a case (道路破损) at the cut for the unit in charge, once per permit.
   */
  async check(id: number, input: RoadCutCheck, actor: Actor, nowMs = Date.now()): Promise<RoadCutPermit> {
    const p = await this.mustGet(id);
    const today = this.today(nowMs);
    if (p.state !== 'approved' && p.state !== 'check_failed')
      throw new DomainError('case.invalid_transition', `Permit ${p.code} is ${p.state}: nothing to check`);
    if (today < p.start_day)
      throw new DomainError('case.invalid_transition', `Permit ${p.code}'s cut has not begun`);
    let opened: { id: number; code: string } | null = null;
    if (input.result === 'failed' && p.case_id === null) {
      const { case: c } = await this.cases.report(
        {
          kind: 'event',
          category: REINSTATEMENT_CATEGORY,
          lon: p.lon,
          lat: p.lat,
          address: p.road_name,
          source: 'inspector',
          description: `掘路恢复验收不合格：${p.road_name}（许可 ${p.code}，${p.applicant}）${input.note ?? ''} / Road-cut reinstatement failed: ${p.road_name_en} (permit ${p.code}, ${p.applicant}) ${input.note ?? ''}`,
          idempotencyKey: `roadcut:${p.code}`,
        },
        SCHEDULER_ACTOR,
      );
      opened = { id: c.id, code: c.code };
    }
    return this.db.tx(async (q) => {
      await repo.checkPermit(q, id, {
        state: input.result === 'passed' ? 'reinstated' : 'check_failed',
        by: actor.user?.username ?? null,
        note: input.note?.trim() || null,
        caseId: opened?.id ?? null,
        caseCode: opened?.code ?? null,
      });
      const out = present((await repo.getPermit(q, id))!, today);
      await audit(q, actor, {
        action: 'update',
        entity: 'road_cut_permit',
        entityId: p.code,
        before: present(p, today),
        after: out,
      });
      return out;
    });
  }

  /**
   * An inspector found a cut: if a permit in force covers it, it is named; otherwise a case
   * 无证掘路 opens at the point (the case loop routes it) and the finding is kept (audited).
   */
  async found(input: NewRoadCutFinding, actor: Actor, nowMs = Date.now()): Promise<RoadCutFindingResult> {
    const today = this.today(nowMs);
    const at: [number, number] = [input.lon, input.lat];
    const permits = await repo.listPermits(this.db);
    const cover = permits.find((p) => permitCovers(p, today, at));
    if (cover) return { permitted: true, permitCode: cover.code, finding: null };
    const roads = await facilities.listFacilities(this.db, 'road');
    let road: facilities.FacilityRow | null = null;
    let best = ROAD_MATCH_M;
    for (const r of roads) {
      const d = metresToLine(r.line ?? [[Number(r.lon), Number(r.lat)]], at);
      if (d < best) {
        best = d;
        road = r;
      }
    }
    const { case: c } = await this.cases.report(
      {
        kind: 'event',
        category: UNPERMITTED_CATEGORY,
        lon: input.lon,
        lat: input.lat,
        address: road?.name ?? '',
        source: 'inspector',
        description: `无证掘路：${road ? `${road.name} ` : ''}${input.note} / Road dug up without a permit${road ? ` on ${road.name_en}` : ''}: ${input.note}`,
      },
      SCHEDULER_ACTOR,
    );
    return this.db.tx(async (q) => {
      const row = await repo.insertFinding(q, {
        road_id: road?.id ?? null,
        lon: input.lon,
        lat: input.lat,
        note: input.note,
        found_by: actor.user?.username ?? null,
        found_at: new Date(nowMs),
        case_id: c.id,
        case_code: c.code,
      });
      const finding = presentFinding(row);
      await audit(q, actor, {
        action: 'create',
        entity: 'road_cut_finding',
        entityId: c.code,
        after: finding,
      });
      return { permitted: false, permitCode: null, finding };
    });
  }
}

/** Metres from a point to a line (segments on a local flat projection: fine at street scale). */
export function metresToLine(line: ReadonlyArray<readonly [number, number]>, p: [number, number]): number {
  const kx = 111_320 * Math.cos((p[1] * Math.PI) / 180);
  const ky = 110_540;
  const xy = (v: readonly [number, number]) => [(v[0] - p[0]) * kx, (v[1] - p[1]) * ky] as const;
  let best = Infinity;
  for (let i = 0; i < line.length; i++) {
    const a = xy(line[i]!);
    const b = xy(line[Math.min(i + 1, line.length - 1)]!);
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len2 = dx * dx + dy * dy;
    const f = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(a[0] * dx + a[1] * dy) / len2));
    best = Math.min(best, Math.hypot(a[0] + f * dx, a[1] + f * dy));
  }
  return best;
}

function present(r: repo.PermitRow, today: string): RoadCutPermit {
  return {
    id: r.id,
    code: r.code,
    roadId: r.road_id,
    roadName: r.road_name,
    roadNameEn: r.road_name_en,
    applicant: r.applicant,
    applicantKind: r.applicant_kind,
    purpose: r.purpose,
    lon: r.lon,
    lat: r.lat,
    lengthM: r.length_m,
    widthM: r.width_m,
    areaM2: Math.round(r.length_m * r.width_m * 10) / 10,
    startDay: r.start_day,
    endDay: r.end_day,
    reinstateBy: r.reinstate_by,
    state: r.state,
    phase: permitPhase(r, today),
    appliedBy: r.applied_by,
    appliedAt: r.applied_at.toISOString(),
    decidedBy: r.decided_by,
    decidedAt: r.decided_at?.toISOString() ?? null,
    decisionNote: r.decision_note,
    checkedBy: r.checked_by,
    checkedAt: r.checked_at?.toISOString() ?? null,
    checkNote: r.check_note,
    caseId: r.case_id,
    caseCode: r.case_code,
  };
}

function presentFinding(r: repo.FindingRow): RoadCutFinding {
  return {
    id: r.id,
    roadId: r.road_id,
    lon: r.lon,
    lat: r.lat,
    note: r.note,
    foundBy: r.found_by,
    foundAt: r.found_at.toISOString(),
    caseId: r.case_id,
    caseCode: r.case_code,
  };
}
