import {
  DEFAULT_ASSESSMENT_WEIGHTS,
  DomainError,
  GRADE_COLOURS,
  ZoneClock,
  aspectIndex,
  assessmentGrade,
  catalogueScore,
  combinedScore,
  deductionOf,
  focusBonusFor,
  jurisdictionCoversArea,
  previousMonth,
  rank,
  shareFor,
  validateCatalogue,
  versionFor,
  type AssessmentWeights,
  type CatalogueBody,
  type ScoreLevel,
} from '@cityloop/domain';
import type {
  AssessmentGroups,
  AssessmentPlan,
  AssessmentSettings,
  AssessmentSites,
  AssessmentTasks,
  BulletinResponse,
  CatalogueResponse,
  CatalogueVersions,
  DisputeDecision,
  FindingList,
  FindingListQuery,
  FindingView,
  NewAssessmentGroup,
  NewAssessmentPlan,
  NewCatalogueVersion,
  NewFinding,
  Reinspection,
  ScoreRow,
  ScoresResponse,
} from '@cityloop/domain/api';
import { actingUser, type Actor } from '../../actor.js';
import type { Clock } from '../../clock.js';
import type { Db, Queryable } from '../../db/db.js';
import type { SessionUser } from '../../http/access.js';
import type { AttachmentsOffer } from '../attachments/attachments.module.js';
import { audit } from '../audit/audit.service.js';
import type { CasesOffer } from '../cases/cases.module.js';
import type { GridsOffer } from '../grids/grids.module.js';
import { toWgs84 } from '../grids/grids.service.js';
import type { EvaluationService } from '../evaluation/evaluation.service.js';
import * as repo from './assessment.repository.js';

export interface AssessmentDeps {
  cases: Pick<CasesOffer, 'report'>;
  evaluation: Pick<EvaluationService, 'evaluate'>;
  grids: Pick<GridsOffer, 'codeAt' | 'get'>;
  attachments: Pick<AttachmentsOffer, 'missing'>;
}

/**
 * The evaluation is read city-wide for the rankings (every street is ranked against every other,
 * whoever reads the bulletin), so the assessment asks it as a city-level reader of its own.
 */
const CITY_READER: Actor = Object.freeze({
  user: {
    id: 0,
    username: 'system:assessment',
    displayName: '精细化考核',
    displayNameEn: 'Assessment',
    roles: ['leader'],
    jurisdiction: { level: 'city', code: null, departmentId: null },
    departmentId: null,
    supervisionGridCodes: [],
  },
  system: null,
  requestId: null,
  lang: 'zh',
} satisfies Actor);

const EVALUATION_SUBJECT = { district: 'districts', street: 'streets', unit: 'units' } as const;
const MINUTE = 60_000;

type Settings = AssessmentSettings;
const DEFAULT_SETTINGS: Settings = { ...DEFAULT_ASSESSMENT_WEIGHTS, focus: {} };

/** A finding's deduction as each level bears it (zero shares and a finding without unit bear nothing). */
function borneRows(f: {
  district_code: string;
  street_code: string;
  unit_id: number | null;
  aspect_code: string;
  deduction: number;
  share_bureau: number;
  share_district: number;
  share_street: number;
}) {
  const shares = { bureau: f.share_bureau, district: f.share_district, street: f.share_street };
  const rows: { level: ScoreLevel; subject: string; aspect: string; amount: number }[] = [];
  const add = (level: ScoreLevel, subject: string | null) => {
    const amount = f.deduction * shareFor(level, shares);
    if (subject !== null && amount > 0) rows.push({ level, subject, aspect: f.aspect_code, amount });
  };
  add('street', f.street_code);
  add('district', f.district_code);
  add('unit', f.unit_id === null ? null : String(f.unit_id));
  return rows;
}

/**
 * Fine-grained management assessment (精细化管理考核): the versioned catalogue, inspection groups and
 * plans, findings (a finding that needs fixing opens a case, supervised until re-inspected),
 * disputes, and the month's scores, rankings and bulletin.
 */
export class AssessmentService {
  private readonly zone: ZoneClock;

  constructor(
    private readonly db: Db,
    private readonly d: AssessmentDeps,
    timeZone: string,
    private readonly clock: Clock,
  ) {
    this.zone = new ZoneClock(timeZone);
  }

  /** The month (YYYY-MM) an instant falls in, in the city's zone. */
  monthOf(at: Date): string {
    return new Date(at.getTime() + this.zone.offsetAt(at.getTime())).toISOString().slice(0, 7);
  }

  /** The first instant of a month in the city's zone. */
  monthStartInstant(month: string): Date {
    const guess = Date.parse(`${month}-01T00:00:00Z`);
    return new Date(guess - this.zone.offsetAt(guess));
  }

  // ---- catalogue ------------------------------------------------------------------------------

  private async versions() {
    return (await repo.catalogues(this.db)).map((r) => ({ ...r, effectiveFrom: r.effective_from }));
  }

  private async catalogueFor(month: string) {
    const v = versionFor(month, await this.versions());
    if (!v) throw new DomainError('not_found', `No assessment catalogue is in force in ${month}`);
    return v;
  }

  async catalogue(month: string | undefined): Promise<CatalogueResponse> {
    const v = await this.catalogueFor(month ?? this.monthOf(this.clock.now()));
    return {
      id: v.id,
      version: v.version,
      effectiveFrom: v.effective_from.slice(0, 7),
      note: v.note,
      categories: v.body.categories,
    };
  }

  async catalogueVersions(): Promise<CatalogueVersions> {
    return {
      items: (await this.versions()).map((v) => ({
        id: v.id,
        version: v.version,
        effectiveFrom: v.effective_from.slice(0, 7),
        note: v.note,
        categories: v.body.categories.length,
        aspects: aspectIndex(v.body).size,
        createdAt: v.created_at.toISOString(),
      })),
    };
  }

  /**
   * A new catalogue version, in force from a month on. It may not reach back: a month that has
   * begun keeps the version it began with, and a closed month's scores never move.
   */
  async saveCatalogue(body: NewCatalogueVersion, actor: Actor): Promise<CatalogueResponse> {
    const user = actingUser(actor);
    const catalogue: CatalogueBody = { categories: body.categories };
    validateCatalogue(catalogue);
    const current = this.monthOf(this.clock.now());
    if (body.effectiveFrom <= current)
      throw new DomainError(
        'conflict',
        `A new catalogue takes effect from a month that has not begun (after ${current}); months already scored keep their version`,
      );
    const id = await this.db.tx(async (q) => {
      const lastClosed = await repo.lastClosedMonth(q);
      if (lastClosed && body.effectiveFrom <= lastClosed)
        throw new DomainError('conflict', `Month ${lastClosed} is closed`);
      const made = await repo.insertCatalogue(q, {
        version: body.version,
        effectiveFrom: `${body.effectiveFrom}-01`,
        body: catalogue,
        note: body.note ?? null,
        userId: user.id,
      });
      if (made === null)
        throw new DomainError(
          'conflict',
          `A version named ${body.version} or from ${body.effectiveFrom} exists`,
        );
      await audit(q, actor, {
        action: 'assessment.catalogue',
        entity: 'assessment_catalogue',
        entityId: made,
        after: {
          version: body.version,
          effectiveFrom: body.effectiveFrom,
          aspects: aspectIndex(catalogue).size,
        },
      });
      return made;
    });
    return {
      id,
      version: body.version,
      effectiveFrom: body.effectiveFrom,
      note: body.note ?? null,
      categories: body.categories,
    };
  }

  // ---- groups and plans ------------------------------------------------------------------------

  async groups(): Promise<AssessmentGroups> {
    const [groups, members, plans] = await Promise.all([
      repo.groups(this.db),
      repo.members(this.db),
      repo.plans(this.db),
    ]);
    return {
      items: groups.map((g) => ({
        id: g.id,
        code: g.code,
        kind: g.kind,
        name: g.name,
        nameEn: g.name_en,
        areaCodes: g.area_codes,
        members: members
          .filter((m) => m.group_id === g.id)
          .map((m) => ({
            userId: m.user_id,
            username: m.username,
            displayName: m.display_name,
            leader: m.leader,
          })),
        plans: plans.filter((p) => p.group_id === g.id).map(presentPlan),
      })),
    };
  }

  async createGroup(body: NewAssessmentGroup, actor: Actor): Promise<{ id: number }> {
    return this.db.tx(async (q) => {
      const known = await repo.existingUsers(q, body.memberIds);
      const unknown = body.memberIds.filter((id) => !known.includes(id));
      if (unknown.length) throw new DomainError('validation.failed', `Unknown users ${unknown.join(', ')}`);
      const id = await repo.insertGroup(q, body);
      if (id === null) throw new DomainError('conflict', `Group ${body.code} exists`);
      await repo.addMembers(q, id, body.memberIds, body.memberIds[0]);
      await audit(q, actor, {
        action: 'assessment.group',
        entity: 'assessment_group',
        entityId: id,
        after: body,
      });
      return { id };
    });
  }

  async createPlan(groupId: number, body: NewAssessmentPlan, actor: Actor): Promise<AssessmentPlan> {
    return this.db.tx(async (q) => {
      if (!(await repo.groupExists(q, groupId))) throw new DomainError('not_found', `No group ${groupId}`);
      if (body.cadence === 'weekly' && body.weekday === undefined)
        throw new DomainError('validation.failed', 'A weekly plan names its weekday');
      const row = {
        ...body,
        weekday: body.cadence === 'weekly' ? (body.weekday ?? null) : null,
        samples: body.cadence === 'monthly' ? (body.samples ?? 10) : null,
      };
      const id = await repo.insertPlan(q, groupId, row);
      await audit(q, actor, {
        action: 'assessment.plan',
        entity: 'assessment_group',
        entityId: groupId,
        after: row,
      });
      return { id, groupId, ...row };
    });
  }

  /** The phone's day: the user's groups and the plans that fall today (daily, today's weekly, monthly). */
  async tasks(actor: Actor): Promise<AssessmentTasks> {
    const user = actingUser(actor);
    const now = this.clock.now();
    const groups = await repo.groups(this.db, user.id);
    const plans = groups.length
      ? await repo.plans(
          this.db,
          groups.map((g) => g.id),
        )
      : [];
    const local = new Date(now.getTime() + this.zone.offsetAt(now.getTime()));
    const weekday = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
    const month = this.monthOf(now);
    return {
      groups: groups.map((g) => ({ id: g.id, name: g.name, nameEn: g.name_en, kind: g.kind })),
      plans: plans.filter((p) => p.cadence !== 'weekly' || p.weekday === weekday).map(presentPlan),
      month,
      closed: (await repo.closedMonth(this.db, month)) !== null,
    };
  }

  // ---- findings --------------------------------------------------------------------------------

  /**
   * Records a finding: its deduction under the catalogue version in force in its month, and, when
   * it needs fixing, a case in the loop (source `assessment`). A repeated upload (same client id)
   * answers the finding stored the first time and counts once.
   */
  async record(body: NewFinding, actor: Actor): Promise<{ finding: FindingView; duplicate: boolean }> {
    const user = actingUser(actor);
    const prior = await repo.findingIdByClientId(this.db, body.clientId);
    if (prior) return this.repeated(prior, user);
    const now = this.clock.now();
    const foundAt = body.foundAt ? new Date(body.foundAt) : now;
    if (foundAt.getTime() > now.getTime() + 5 * MINUTE)
      throw new DomainError('validation.failed', 'A finding cannot be found in the future');
    const month = this.monthOf(foundAt);
    if (await repo.closedMonth(this.db, month))
      throw new DomainError('conflict', `Month ${month} is closed: its scores are published`);
    const version = await this.catalogueFor(month);
    const found = aspectIndex(version.body).get(body.aspectCode);
    if (!found)
      throw new DomainError(
        'validation.failed',
        `Aspect ${body.aspectCode} is not in catalogue ${version.version}`,
      );
    const { aspect, category } = found;
    if (!aspect.placeKinds.includes(body.placeKind))
      throw new DomainError(
        'validation.failed',
        `Aspect ${aspect.code} does not apply to a ${body.placeKind}`,
      );
    await this.checkGroup(body.groupId, user);
    const [lon, lat] = toWgs84(body.lon, body.lat, body.crs);
    const gridCode = this.d.grids.codeAt(lon, lat);
    if (!gridCode)
      throw new DomainError(
        'grid.not_found',
        `The point lon ${body.lon}, lat ${body.lat} is not in the city`,
      );
    if (user.jurisdiction.level !== 'city' && !jurisdictionCoversArea(user.jurisdiction, gridCode))
      throw new DomainError('auth.out_of_jurisdiction', `Grid ${gridCode} is outside your jurisdiction`);
    const grid = this.d.grids.get(gridCode);
    if (body.unitId !== undefined && !(await repo.departmentExists(this.db, body.unitId)))
      throw new DomainError('validation.failed', `Unknown unit ${body.unitId}`);
    if (body.siteId !== undefined && !(await repo.siteExists(this.db, body.siteId)))
      throw new DomainError('validation.failed', `Unknown demonstration site ${body.siteId}`);
    const photos = body.photoId ? [body.photoId] : [];
    if ((await this.d.attachments.missing(this.db, photos)).length)
      throw new DomainError('validation.failed', `Unknown photo ${body.photoId}`);
    const occurrences = body.occurrences ?? 1;
    const deduction = deductionOf(aspect, body.severity, occurrences);

    let caseId: number | null = null;
    if (body.needsFix) {
      const made = await this.d.cases.report(
        {
          kind: 'event',
          category: aspect.caseCategory,
          lon,
          lat,
          description:
            `【精细化考核】${category.name}·${aspect.name}：${body.note?.trim() || aspect.standard}`.slice(
              0,
              2000,
            ),
          address: body.placeName,
          source: 'assessment',
          photos,
          idempotencyKey: `assessment:${body.clientId}`,
        },
        actor,
        { now },
      );
      caseId = Number(made.case.id);
    }
    const row: repo.FindingInsert = {
      clientId: body.clientId,
      month: `${month}-01`,
      catalogueId: version.id,
      categoryCode: category.code,
      aspectCode: aspect.code,
      groupId: body.groupId ?? null,
      siteId: body.siteId ?? null,
      placeKind: body.placeKind,
      placeName: body.placeName ?? null,
      lon,
      lat,
      gridCode,
      districtCode: grid.district.code,
      streetCode: grid.street.code,
      unitId: body.unitId ?? null,
      severity: body.severity,
      occurrences,
      deduction,
      shares: aspect.shares,
      note: body.note ?? null,
      photoId: body.photoId ?? null,
      needsFix: body.needsFix,
      caseId,
      foundAt,
      recordedBy: user.id,
      recordedAt: now,
    };
    const id = await this.db.tx(async (q) => {
      const made = await repo.insertFinding(q, row);
      if (made === null) return null;
      await repo.applyDeductions(
        q,
        month,
        borneRows({
          district_code: row.districtCode,
          street_code: row.streetCode,
          unit_id: row.unitId,
          aspect_code: row.aspectCode,
          deduction,
          share_bureau: aspect.shares.bureau,
          share_district: aspect.shares.district,
          share_street: aspect.shares.street,
        }),
        1,
      );
      return made;
    });
    // Two uploads of one finding racing: the second finds the first's row.
    if (id === null) return this.repeated((await repo.findingIdByClientId(this.db, body.clientId))!, user);
    return { finding: await this.finding(id), duplicate: false };
  }

  private async repeated(prior: { id: number; recorded_by: number }, user: SessionUser) {
    if (prior.recorded_by !== user.id)
      throw new DomainError('conflict', 'This finding id was used by someone else');
    return { finding: await this.finding(prior.id), duplicate: true };
  }

  private async checkGroup(groupId: number | undefined, user: SessionUser) {
    if (groupId === undefined) return;
    if (!(await repo.groupExists(this.db, groupId)))
      throw new DomainError('validation.failed', `Unknown group ${groupId}`);
    if (!user.roles.includes('supervisor') && !(await repo.isMember(this.db, groupId, user.id)))
      throw new DomainError('auth.forbidden', `You are not a member of group ${groupId}`);
  }

  async finding(id: number): Promise<FindingView> {
    const row = await repo.finding(this.db, id);
    if (!row) throw new DomainError('not_found', `No finding ${id}`);
    return (await this.present([row]))[0]!;
  }

  async findings(query: FindingListQuery, actor: Actor): Promise<FindingList> {
    const user = actingUser(actor);
    const limit = query.limit ?? 50;
    if (query.subject !== undefined && query.level === undefined)
      throw new DomainError('validation.failed', 'subject needs level');
    const rows = await repo.listFindings(this.db, {
      month: query.month,
      level: query.level,
      subject: query.subject,
      recordedBy: query.mine ? user.id : undefined,
      open: query.open,
      before: query.cursor,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      items: await this.present(page, query.level),
      nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
    };
  }

  private async present(rows: repo.FindingRow[], level?: ScoreLevel): Promise<FindingView[]> {
    const versions = new Map((await this.versions()).map((v) => [v.id, aspectIndex(v.body)]));
    return rows.map((r) => {
      const aspect = versions.get(r.catalogue_id)?.get(r.aspect_code)?.aspect;
      const shares = { bureau: r.share_bureau, district: r.share_district, street: r.share_street };
      return {
        id: r.id,
        month: r.month,
        catalogueVersion: r.version,
        categoryCode: r.category_code,
        aspectCode: r.aspect_code,
        aspectName: aspect?.name ?? r.aspect_code,
        aspectNameEn: aspect?.nameEn ?? r.aspect_code,
        placeKind: r.place_kind,
        placeName: r.place_name,
        lon: r.lon,
        lat: r.lat,
        gridCode: r.grid_code,
        districtCode: r.district_code,
        streetCode: r.street_code,
        streetName: r.street_name,
        unitId: r.unit_id,
        unitName: r.unit_name,
        groupId: r.group_id,
        siteId: r.site_id,
        severity: r.severity,
        occurrences: r.occurrences,
        deduction: r.deduction,
        shares,
        note: r.note,
        photoId: r.photo_id,
        needsFix: r.needs_fix,
        caseId: r.case_id,
        caseCode: r.case_code,
        caseState: r.case_state,
        reinspection: r.reinspection,
        reinspectedAt: r.reinspected_at?.toISOString() ?? null,
        reinspectionNote: r.reinspection_note,
        dispute: r.dispute,
        disputeReason: r.dispute_reason,
        disputeDecision: r.dispute_decision,
        counted: r.counted,
        foundAt: r.found_at.toISOString(),
        recordedBy: r.recorded_by_name,
        ...(level ? { borne: Math.round(r.deduction * shareFor(level, shares) * 100) / 100 } : {}),
      };
    });
  }

  /** Re-inspection of a fix: after the finding's case has closed (or on a finding without a case). */
  async reinspect(id: number, body: Reinspection, actor: Actor): Promise<FindingView> {
    const user = actingUser(actor);
    await this.db.tx(async (q) => {
      const f = await repo.finding(q, id, true);
      if (!f) throw new DomainError('not_found', `No finding ${id}`);
      if (!f.needs_fix) throw new DomainError('conflict', 'This finding needed no fix');
      if (f.reinspection === 'passed')
        throw new DomainError('conflict', 'The fix was re-inspected and passed');
      if (f.case_id !== null && f.case_state !== 'closed')
        throw new DomainError('conflict', `Case ${f.case_code} is not closed yet: it is ${f.case_state}`);
      await repo.setReinspection(q, id, {
        passed: body.passed,
        note: body.note ?? null,
        by: user.id,
        at: this.clock.now(),
      });
      await audit(q, actor, {
        action: 'assessment.reinspect',
        entity: 'assessment_finding',
        entityId: id,
        before: { reinspection: f.reinspection },
        after: { reinspection: body.passed ? 'passed' : 'failed', note: body.note ?? null },
      });
    });
    return this.finding(id);
  }

  /** The assessed party's dispute (申诉): the unit that bears the bureau's share or the area's dispatcher. */
  async dispute(id: number, reason: string, actor: Actor): Promise<FindingView> {
    const user = actingUser(actor);
    await this.db.tx(async (q) => {
      const f = await repo.finding(q, id, true);
      if (!f) throw new DomainError('not_found', `No finding ${id}`);
      const ownUnit =
        f.unit_id !== null && (user.departmentId ?? user.jurisdiction.departmentId) === f.unit_id;
      const ownArea =
        user.roles.includes('dispatcher') &&
        (user.jurisdiction.level === 'district' || user.jurisdiction.level === 'street') &&
        jurisdictionCoversArea(user.jurisdiction, f.grid_code);
      if (!ownUnit && !ownArea)
        throw new DomainError('auth.out_of_jurisdiction', 'Only the assessed party disputes a finding');
      if (await repo.closedMonth(q, f.month)) throw new DomainError('conflict', `Month ${f.month} is closed`);
      if (f.dispute !== null)
        throw new DomainError('conflict', `The finding was disputed already (${f.dispute})`);
      await repo.setDispute(q, id, { reason, by: user.id, at: this.clock.now() });
      await audit(q, actor, {
        action: 'assessment.dispute',
        entity: 'assessment_finding',
        entityId: id,
        after: { reason },
      });
    });
    return this.finding(id);
  }

  /** A decision on a dispute, audited; an upheld one takes the finding's deduction out of the month. */
  async decide(id: number, body: DisputeDecision, actor: Actor): Promise<FindingView> {
    const user = actingUser(actor);
    await this.db.tx(async (q) => {
      const f = await repo.finding(q, id, true);
      if (!f) throw new DomainError('not_found', `No finding ${id}`);
      if (f.dispute !== 'pending') throw new DomainError('conflict', 'No dispute waits for a decision');
      if (f.recorded_by === user.id)
        throw new DomainError(
          'case.separation_of_duties',
          'You recorded this finding: another supervisor decides',
        );
      if (await repo.closedMonth(q, f.month)) throw new DomainError('conflict', `Month ${f.month} is closed`);
      await repo.decideDispute(q, id, { ...body, by: user.id, at: this.clock.now() });
      if (body.upheld && f.counted) await repo.applyDeductions(q, f.month, borneRows(f), -1);
      await audit(q, actor, {
        action: 'assessment.dispute_decision',
        entity: 'assessment_finding',
        entityId: id,
        before: { dispute: 'pending', counted: f.counted, deduction: f.deduction },
        after: {
          dispute: body.upheld ? 'upheld' : 'rejected',
          counted: f.counted && !body.upheld,
          note: body.note,
        },
      });
    });
    return this.finding(id);
  }

  // ---- scores ----------------------------------------------------------------------------------

  async settings(q: Queryable = this.db): Promise<Settings> {
    return { ...DEFAULT_SETTINGS, ...((await repo.setting<Settings>(q, 'settings')) ?? {}) };
  }

  async saveSettings(body: Settings, actor: Actor): Promise<Settings> {
    await this.db.tx(async (q) => {
      const before = await this.settings(q);
      await repo.saveSetting(q, 'settings', body);
      await audit(q, actor, {
        action: 'assessment.settings',
        entity: 'assessment_settings',
        before,
        after: body,
      });
    });
    return this.settings();
  }

  /**
   * The month's scores of one level, ranked, with the change from last month. A closed month
   * answers its frozen scores; an open one is computed from the month's kept deductions (one read
   * of the `assessment_deductions` rows, never the findings) and the case loop's evaluation.
   */
  async scores(month: string, level: ScoreLevel, withPrevious = true): Promise<ScoresResponse> {
    const closed = await repo.closedMonth(this.db, month);
    if (closed) {
      const frozen = closed.scores[level] as ScoresResponse | undefined;
      if (frozen) return { ...frozen, closed: true };
    }
    const version = await this.catalogueFor(month);
    const settings = await this.settings();
    const [subjects, deductions, evaluation] = await Promise.all([
      repo.subjects(this.db, level),
      repo.deductions(this.db, month, level),
      this.d.evaluation.evaluate(
        EVALUATION_SUBJECT[level],
        { period: 'month', date: `${month}-01` },
        CITY_READER,
      ),
    ]);
    const caseScores = new Map(evaluation.rows.map((r) => [r.id, r.score]));
    const bySubject = new Map<string, { deducted: Map<string, number>; findings: number }>();
    for (const d of deductions) {
      const s = bySubject.get(d.subject) ?? { deducted: new Map<string, number>(), findings: 0 };
      s.deducted.set(d.aspect_code, (s.deducted.get(d.aspect_code) ?? 0) + d.deducted);
      s.findings += d.findings;
      bySubject.set(d.subject, s);
    }
    const focusCategory = settings.focus[month] ?? null;
    const base = subjects.map((s) => {
      const mine = bySubject.get(s.id);
      const c = catalogueScore(version.body, mine?.deducted ?? new Map());
      return {
        s,
        c,
        findings: mine?.findings ?? 0,
        focus: c.categories.find((x) => x.code === focusCategory)?.ratio ?? null,
      };
    });
    const focusRank = new Map(
      focusCategory ? rank(base, (b) => b.focus).map((b) => [b.s.id, b.rank] as const) : [],
    );
    const rows = base.map(({ s, c, findings }) => {
      const caseScore = caseScores.get(s.id) ?? null;
      const bonus = focusCategory ? focusBonusFor(focusRank.get(s.id) ?? null, settings.focusBonus) : 0;
      const score = combinedScore(c.score, caseScore, settings, bonus);
      return {
        id: s.id,
        name: s.name,
        nameEn: s.name_en,
        catalogueScore: c.score,
        caseScore,
        bonus,
        score,
        previousScore: null as number | null,
        previousRank: null as number | null,
        grade: assessmentGrade(score),
        colour: GRADE_COLOURS[assessmentGrade(score)],
        deducted: c.deducted,
        lost: c.lost,
        findings,
        categories: c.categories.map((x) => ({
          code: x.code,
          lost: x.lost,
          ratio: Math.round(x.ratio * 10000) / 10000,
        })),
      };
    });
    const ranked: ScoreRow[] = rank(rows, 'score').map((r) => ({ ...r, rank: r.rank ?? rows.length }));
    if (withPrevious && versionFor(previousMonth(month), await this.versions())) {
      const previous = await this.scores(previousMonth(month), level, false);
      const before = new Map(previous.rows.map((r) => [r.id, r]));
      for (const r of ranked) {
        r.previousScore = before.get(r.id)?.score ?? null;
        r.previousRank = before.get(r.id)?.rank ?? null;
      }
    }
    const monthEnd = this.monthStartInstant(nextMonth(month));
    return {
      month,
      level,
      version: version.version,
      closed: false,
      partial: this.clock.now().getTime() < monthEnd.getTime(),
      weights: {
        catalogue: settings.catalogue,
        caseLoop: settings.caseLoop,
        focusBonus: settings.focusBonus,
      },
      focusCategory,
      rows: ranked,
    };
  }

  /**
   * The points each party of a level bears on the month's findings, and how many findings (the
   * contracts' monthly assessment reads its contractors' units here): one read of the kept rows.
   */
  async deductionsOf(
    month: string,
    level: ScoreLevel,
  ): Promise<Map<string, { points: number; findings: number }>> {
    const out = new Map<string, { points: number; findings: number }>();
    for (const d of await repo.deductions(this.db, month, level)) {
      const s = out.get(d.subject) ?? { points: 0, findings: 0 };
      s.points += d.deducted;
      s.findings += d.findings;
      out.set(d.subject, s);
    }
    return out;
  }

  /** The findings behind one party's deductions in a month, each with the part it bears. */
  async findingsBehind(level: ScoreLevel, id: string, month: string): Promise<FindingList> {
    const rows = await repo.listFindings(this.db, {
      month,
      level,
      subject: id,
      countedOnly: true,
      limit: 500,
    });
    return { items: await this.present(rows, level), nextCursor: null };
  }

  async bulletin(month: string, level: ScoreLevel): Promise<BulletinResponse> {
    const [scores, worst, totals] = await Promise.all([
      this.scores(month, level),
      repo.listFindings(this.db, { month, countedOnly: true, orderByDeduction: true, limit: 10 }),
      repo.monthTotals(this.db, month),
    ]);
    return { scores, worst: await this.present(worst), totals };
  }

  /** Closes an ended month: its scores at every level are frozen and published. */
  async closeMonth(month: string, actor: Actor): Promise<{ month: string; closedAt: string }> {
    const user = actingUser(actor);
    const now = this.clock.now();
    if (month >= this.monthOf(now)) throw new DomainError('conflict', `Month ${month} has not ended`);
    if (await repo.closedMonth(this.db, month))
      throw new DomainError('conflict', `Month ${month} is closed already`);
    const version = await this.catalogueFor(month);
    const scores: Record<string, ScoresResponse> = {};
    for (const level of ['district', 'street', 'unit'] as const)
      scores[level] = { ...(await this.scores(month, level)), closed: true, partial: false };
    await this.db.tx(async (q) => {
      if (!(await repo.closeMonth(q, { month, catalogueId: version.id, scores, by: user.id, at: now })))
        throw new DomainError('conflict', `Month ${month} is closed already`);
      await audit(q, actor, {
        action: 'assessment.close_month',
        entity: 'assessment_month',
        entityId: month,
      });
    });
    return { month, closedAt: now.toISOString() };
  }

  async sites(): Promise<AssessmentSites> {
    const [sites, months] = await Promise.all([repo.sites(this.db), repo.siteMonths(this.db)]);
    return {
      items: sites.map((s) => ({
        id: s.id,
        name: s.name,
        nameEn: s.name_en,
        placeKind: s.place_kind,
        streetCode: s.street_code,
        lon: s.lon,
        lat: s.lat,
        registeredOn: s.registered_on,
        months: months
          .filter((m) => m.site_id === s.id)
          .map((m) => ({
            month: m.month,
            score: Math.max(0, Math.round((100 - m.deducted) * 100) / 100),
            findings: m.findings,
          })),
      })),
    };
  }
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

function presentPlan(p: repo.PlanRow): AssessmentPlan {
  return {
    id: p.id,
    groupId: p.group_id,
    cadence: p.cadence,
    title: p.title,
    titleEn: p.title_en,
    announced: p.announced,
    placeKinds: p.place_kinds,
    areaCodes: p.area_codes,
    weekday: p.weekday,
    samples: p.samples,
  };
}

export type { AssessmentWeights };
