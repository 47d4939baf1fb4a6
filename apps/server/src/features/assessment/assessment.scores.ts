import {
  DomainError,
  GRADE_COLOURS,
  assessmentGrade,
  catalogueScore,
  combinedScore,
  focusBonusFor,
  previousMonth,
  rank,
  versionFor,
  type ScoreLevel,
} from '@cityloop/domain';
import type {
  AssessmentSites,
  BulletinResponse,
  FindingList,
  ScoreRow,
  ScoresResponse,
} from '@cityloop/domain/api';
import { actingUser, type Actor } from '../../actor.js';
import { audit } from '../audit/audit.service.js';
import { nextMonth, type AssessmentCore, type Settings } from './assessment.core.js';
import * as frepo from './assessment.findings.repository.js';
import * as repo from './assessment.repository.js';

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

export async function saveSettings(c: AssessmentCore, body: Settings, actor: Actor): Promise<Settings> {
  await c.db.tx(async (q) => {
    const before = await c.settings(q);
    await repo.saveSetting(q, 'settings', body);
    await audit(q, actor, {
      action: 'assessment.settings',
      entity: 'assessment_settings',
      before,
      after: body,
    });
  });
  return c.settings();
}

/**
 * The month's scores of one level, ranked, with the change from last month. A closed month
 * answers its frozen scores; an open one is computed from the month's kept deductions (one read
 * of the `assessment_deductions` rows, never the findings) and the case loop's evaluation.
 */
export async function scores(
  c: AssessmentCore,
  month: string,
  level: ScoreLevel,
  withPrevious = true,
): Promise<ScoresResponse> {
  const closed = await repo.closedMonth(c.db, month);
  if (closed) {
    const frozen = closed.scores[level] as ScoresResponse | undefined;
    if (frozen) return { ...frozen, closed: true };
  }
  const version = await c.catalogueFor(month);
  const settings = await c.settings();
  const [subjects, deductions, evaluation] = await Promise.all([
    repo.subjects(c.db, level),
    frepo.deductions(c.db, month, level),
    c.d.evaluation.evaluate(EVALUATION_SUBJECT[level], { period: 'month', date: `${month}-01` }, CITY_READER),
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
  if (withPrevious && versionFor(previousMonth(month), await c.versions())) {
    const previous = await scores(c, previousMonth(month), level, false);
    const before = new Map(previous.rows.map((r) => [r.id, r]));
    for (const r of ranked) {
      r.previousScore = before.get(r.id)?.score ?? null;
      r.previousRank = before.get(r.id)?.rank ?? null;
    }
  }
  const monthEnd = c.monthStartInstant(nextMonth(month));
  return {
    month,
    level,
    version: version.version,
    closed: false,
    partial: c.clock.now().getTime() < monthEnd.getTime(),
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
export async function deductionsOf(
  c: AssessmentCore,
  month: string,
  level: ScoreLevel,
): Promise<Map<string, { points: number; findings: number }>> {
  const out = new Map<string, { points: number; findings: number }>();
  for (const d of await frepo.deductions(c.db, month, level)) {
    const s = out.get(d.subject) ?? { points: 0, findings: 0 };
    s.points += d.deducted;
    s.findings += d.findings;
    out.set(d.subject, s);
  }
  return out;
}

/** The findings behind one party's deductions in a month, each with the part it bears. */
export async function findingsBehind(
  c: AssessmentCore,
  level: ScoreLevel,
  id: string,
  month: string,
): Promise<FindingList> {
  const rows = await frepo.listFindings(c.db, {
    month,
    level,
    subject: id,
    countedOnly: true,
    limit: 500,
  });
  return { items: await c.present(rows, level), nextCursor: null };
}

export async function bulletin(
  c: AssessmentCore,
  month: string,
  level: ScoreLevel,
): Promise<BulletinResponse> {
  const [ranking, worst, totals] = await Promise.all([
    scores(c, month, level),
    frepo.listFindings(c.db, { month, countedOnly: true, orderByDeduction: true, limit: 10 }),
    frepo.monthTotals(c.db, month),
  ]);
  return { scores: ranking, worst: await c.present(worst), totals };
}

/** Closes an ended month: its scores at every level are frozen and published. */
export async function closeMonth(
  c: AssessmentCore,
  month: string,
  actor: Actor,
): Promise<{ month: string; closedAt: string }> {
  const user = actingUser(actor);
  const now = c.clock.now();
  if (month >= c.monthOf(now)) throw new DomainError('conflict', `Month ${month} has not ended`);
  if (await repo.closedMonth(c.db, month))
    throw new DomainError('conflict', `Month ${month} is closed already`);
  const version = await c.catalogueFor(month);
  const frozen: Record<string, ScoresResponse> = {};
  for (const level of ['district', 'street', 'unit'] as const)
    frozen[level] = { ...(await scores(c, month, level)), closed: true, partial: false };
  await c.db.tx(async (q) => {
    if (!(await repo.closeMonth(q, { month, catalogueId: version.id, scores: frozen, by: user.id, at: now })))
      throw new DomainError('conflict', `Month ${month} is closed already`);
    await audit(q, actor, {
      action: 'assessment.close_month',
      entity: 'assessment_month',
      entityId: month,
    });
  });
  return { month, closedAt: now.toISOString() };
}

export async function sites(c: AssessmentCore): Promise<AssessmentSites> {
  const [sites, months] = await Promise.all([repo.sites(c.db), repo.siteMonths(c.db)]);
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
