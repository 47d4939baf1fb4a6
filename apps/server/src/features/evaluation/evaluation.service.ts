import {
  COUNT_KEYS,
  DEFAULT_WEIGHTS,
  DomainError,
  ZoneClock,
  compositeScore,
  computeRates,
  evaluateGroup,
  grade,
  type CountKey,
  type EvaluationCounts,
  type SubjectKind,
} from '@cityloop/domain';
import type {
  DrillQuery,
  EvaluationOptions,
  EvaluationQuery,
  EvaluationReport,
  EvaluationRow,
  EvaluationSettings,
  EvaluationSubject,
  TrendQuery,
  TrendResponse,
} from '@cityloop/domain/api';
import { actingUser, type Actor } from '../../actor.js';
import type { Db } from '../../db/db.js';
import type { SessionUser } from '../../http/access.js';
import { audit } from '../audit/audit.service.js';
import type { CasesOffer } from '../cases/cases.module.js';
import { presentSummary, type CaseSummary } from '../cases/cases.present.js';
import type { OrgOffer } from '../org/org.module.js';
import type { PieceName } from './evaluation.pieces.js';
import { bucketsOf, defaultBucket, periodName, resolvePeriod, type Period } from './evaluation.period.js';
import * as repo from './evaluation.repository.js';
import { systemClock, type Clock } from '../../clock.js';

/** The composite each subject is scored with; areas are judged on their cases' disposal, like a unit. */
export const KIND_OF: Record<EvaluationSubject, SubjectKind> = {
  inspectors: 'inspector',
  operators: 'operator',
  shift_leaders: 'shift_leader',
  dispatchers: 'dispatcher',
  units: 'unit',
  streets: 'unit',
  districts: 'unit',
};

export const DEFAULT_OPTIONS: EvaluationOptions = { excludeSuspended: true, includePending: true };

type Pieces = Record<PieceName, number>;

/**
 * The counts of docs/CASE-LOOP.md from the pieces (evaluation.pieces.ts), for one subject kind, under
 * the admin's denominator options, and the piece lists behind each count for a drill-down.
 */
export function countSources(
  subject: EvaluationSubject,
  o: EvaluationOptions,
): Partial<Record<CountKey, PieceName[]>> {
  const pending = (...names: PieceName[]) => (o.includePending ? names : []);
  const overdue: PieceName[] = ['disposalLate', 'disposalPending'];
  if (!o.excludeSuspended) overdue.push('disposalSuspended');
  return {
    reported: ['reported'],
    valid: ['valid'],
    verificationsDue: ['verifyDone', ...pending('verifyPending')],
    verificationsOnTime: ['verifyOnTime'],
    checksDue: ['checkDone', ...pending('checkPending')],
    checksOnTime: ['checkOnTime'],
    missed: subject === 'inspectors' ? ['gridMissed'] : ['missed'],
    filed: subject === 'inspectors' ? ['gridFiled'] : ['filed'],
    intake: ['intake'],
    verifyDispatchDue: ['acceptDone'],
    verifyDispatchedOnTime: ['acceptOnTime'],
    checkDispatchDue: ['checkSent'],
    checkDispatchedOnTime: ['checkSentOnTime'],
    filingDue: ['fileDone', ...pending('filingPending')],
    filedOnTime: ['fileOnTime'],
    filedAccurate: ['filedAccurate'],
    dispatchDue: ['dispatched', ...pending('dispatchPending')],
    dispatched: ['dispatched'],
    dispatchedOnTime: ['dispatchOnTime'],
    sendBacks: subject === 'units' ? ['sendBacksMade'] : ['dispatchWrong'],
    disposalDue: ['disposed', ...(o.includePending ? overdue : [])],
    disposed: ['disposed'],
    disposedOnTime: ['disposedOnTime'],
    overduePending: overdue,
    closeDue: subject === 'shift_leaders' ? ['closeStepDone'] : ['closed', ...pending('closePending')],
    closed: ['closed'],
    closedOnTime: subject === 'shift_leaders' ? ['closeStepOnTime'] : ['closedOnTime'],
    suspended: ['closePendingSuspended'],
    rework: ['rework'],
    extensions: ['extensions'],
    cancellations: ['cancellations'],
    urges: ['urges'],
    visitsDue: ['visitEnded', ...pending('visitPending')],
    visited: ['visitReached'],
    satisfied: ['visitSatisfied'],
    basicallySatisfied: ['visitBasicallySatisfied'],
  };
}

function assemble(
  sources: Partial<Record<CountKey, PieceName[]>>,
  pieces: Partial<Pieces>,
): Record<CountKey, number> {
  const counts = {} as Record<CountKey, number>;
  for (const key of COUNT_KEYS) {
    counts[key] = (sources[key] ?? []).reduce((sum, n) => sum + (pieces[n] ?? 0), 0);
  }
  return counts;
}

/** What the rates divide by: suspended cases leave the closing denominator only when configured. */
function rateInput(counts: Record<CountKey, number>, o: EvaluationOptions): EvaluationCounts {
  return o.excludeSuspended && o.includePending ? counts : { ...counts, suspended: 0 };
}

interface Viewer {
  scope: repo.AreaScope;
  /** A unit's own staff see their unit's row only. */
  departmentId: number | null;
}

export class EvaluationService {
  private readonly zone: ZoneClock;

  constructor(
    private readonly db: Db,
    private readonly cases: CasesOffer,
    private readonly org: OrgOffer,
    timeZone: string,
    /** The node's clock: the current period and what is due by now. */
    private readonly time: Clock = systemClock,
  ) {
    this.zone = new ZoneClock(timeZone);
  }

  async settings(): Promise<EvaluationSettings> {
    const stored = await repo.readSetting<Partial<EvaluationSettings>>(this.db, repo.WEIGHTS_KEY);
    return {
      weights: { ...DEFAULT_WEIGHTS, ...(stored?.weights ?? {}) },
      options: { ...DEFAULT_OPTIONS, ...(stored?.options ?? {}) },
    };
  }

  async saveSettings(next: EvaluationSettings, actor: Actor): Promise<EvaluationSettings> {
    for (const [kind, parts] of Object.entries(next.weights)) {
      if (!Object.values(parts).some((v) => v > 0))
        throw new DomainError('validation.failed', `The ${kind} composite needs at least one weight above 0`);
    }
    const before = await this.settings();
    await this.db.tx(async (q) => {
      await repo.writeSetting(q, repo.WEIGHTS_KEY, next);
      await audit(q, actor, {
        action: 'update',
        entity: 'settings',
        entityId: repo.WEIGHTS_KEY,
        before,
        after: next,
      });
    });
    return next;
  }

  /** Which rows and cases a user may see; refuses subjects outside their reach. */
  private viewer(user: SessionUser, subject: EvaluationSubject): Viewer {
    const j = user.jurisdiction;
    if (j.level === 'department' || user.roles.every((r) => r === 'handler')) {
      const departmentId = j.departmentId ?? user.departmentId;
      if (subject !== 'units' || departmentId === null)
        throw new DomainError('auth.forbidden', 'A handling unit sees its own unit’s evaluation only');
      return { scope: null, departmentId };
    }
    if ((j.level === 'district' || j.level === 'street') && j.code) {
      return {
        scope: { column: j.level === 'district' ? 'district_code' : 'street_code', code: j.code },
        departmentId: null,
      };
    }
    return { scope: null, departmentId: null };
  }

  private window(p: Period): repo.Window {
    return { ...p, dueUntil: new Date(Math.min(p.to.getTime(), this.time.now().getTime())) };
  }

  /** Whether a subject row belongs in the viewer's list (their area, their unit) before counts. */
  private listed(v: Viewer, subject: EvaluationSubject, s: repo.SubjectRecord): boolean {
    if (v.departmentId !== null) return s.id === String(v.departmentId);
    if (!v.scope) return s.active;
    const area = v.scope.code;
    if (subject === 'districts') return area.startsWith(s.id);
    if (subject === 'units') return s.area !== null && area.startsWith(s.area);
    return s.active && s.area !== null && s.area.startsWith(area);
  }

  private async rowsOf(
    subject: EvaluationSubject,
    v: Viewer,
    pieceRows: repo.PieceRow[],
    settings: EvaluationSettings,
  ) {
    const sources = countSources(subject, settings.options);
    const subjects = await repo.listSubjects(this.db, subject);
    const byKey = new Map(pieceRows.map((r) => [r.key, r.pieces]));
    const names = new Map(subjects.map((s) => [s.id, s.name]));
    // Listed: the viewer's own subjects, plus anyone else with counts in the viewer's cases.
    const ids = subjects.filter((s) => this.listed(v, subject, s) || byKey.has(s.id)).map((s) => s.id);
    const visible = v.departmentId === null ? ids : ids.filter((id) => id === String(v.departmentId));
    // A unit's row is ranked among all units (its place in the city), then shown alone.
    const group = v.departmentId === null ? visible : ids;
    const evaluated = evaluateGroup(
      KIND_OF[subject],
      group.map((id) => ({ id, counts: assemble(sources, byKey.get(id) ?? {}) })),
      settings.weights,
    );
    return evaluated
      .filter((r) => visible.includes(r.id))
      .map((r): EvaluationRow => ({
        id: r.id,
        name: names.get(r.id) ?? r.id,
        counts: assemble(sources, byKey.get(r.id) ?? {}),
        rates: computeRates(rateInput(assemble(sources, byKey.get(r.id) ?? {}), settings.options)),
        volume: r.volume,
        score: r.score,
        grade: r.grade,
        rank: r.rank,
      }));
  }

  /** The evaluation of every visible subject of a kind for one period: counts, rates, score, grade, rank. */
  async evaluate(
    subject: EvaluationSubject,
    query: EvaluationQuery,
    actor: Actor,
  ): Promise<EvaluationReport> {
    return this.reportFor(subject, query, this.viewer(actingUser(actor), subject));
  }

  /**
   * The city-wide evaluation of a kind of subject, as the public figures page reads it: the same
   * computation as `evaluate`, seen from the whole city (no user's jurisdiction).
   */
  async evaluateCity(subject: EvaluationSubject, query: EvaluationQuery): Promise<EvaluationReport> {
    return this.reportFor(subject, query, { scope: null, departmentId: null });
  }

  private async reportFor(
    subject: EvaluationSubject,
    query: EvaluationQuery,
    v: Viewer,
  ): Promise<EvaluationReport> {
    const period = resolvePeriod(query, this.zone, this.time.now());
    const settings = await this.settings();
    const pieces = await repo.countPieces(this.db, subject, this.window(period), v.scope);
    const rows = await this.rowsOf(subject, v, pieces, settings);
    return {
      subject,
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      weights: { ...settings.weights[KIND_OF[subject]] },
      options: settings.options,
      partial: period.to.getTime() > this.time.now().getTime(),
      rows,
    };
  }

  /**
   * The cases behind some counts of several units in one period, seen from the whole city (the
   * contracts' monthly assessment lists its evidence): unit id → count → case ids, each once.
   */
  async casesBehindUnits(
    unitIds: readonly number[],
    metrics: readonly CountKey[],
    query: EvaluationQuery,
  ): Promise<Map<number, Map<CountKey, number[]>>> {
    const period = resolvePeriod(query, this.zone, this.time.now());
    const sources = countSources('units', (await this.settings()).options);
    const metricsOf = new Map<PieceName, CountKey[]>();
    for (const m of metrics)
      for (const n of sources[m] ?? []) metricsOf.set(n, [...(metricsOf.get(n) ?? []), m]);
    const rows = await repo.casesBehindMany(
      this.db,
      'units',
      [...metricsOf.keys()],
      unitIds.map(String),
      this.window(period),
    );
    const out = new Map<number, Map<CountKey, number[]>>();
    for (const r of rows) {
      const unit = out.get(Number(r.key)) ?? new Map<CountKey, number[]>();
      out.set(Number(r.key), unit);
      for (const m of metricsOf.get(r.piece) ?? []) {
        const ids = unit.get(m) ?? [];
        if (!ids.includes(r.id)) ids.push(r.id);
        unit.set(m, ids);
      }
    }
    return out;
  }

  /** What an export of the report's period is called (`2026`, `2026-Q1`, `2026-03`, …), in the city's zone. */
  periodName(query: EvaluationQuery, report: Pick<EvaluationReport, 'from' | 'to'>): string {
    return periodName(query, { from: new Date(report.from), to: new Date(report.to) }, this.zone);
  }

  private async requireVisible(subject: EvaluationSubject, id: string, v: Viewer) {
    const s = (await repo.listSubjects(this.db, subject)).find((x) => x.id === id);
    if (!s) throw new DomainError('not_found', `No ${subject} ${id}`);
    if (v.departmentId !== null && id !== String(v.departmentId))
      throw new DomainError('auth.out_of_jurisdiction', 'Another unit’s evaluation');
    if (v.scope && (subject === 'streets' || subject === 'districts') && !this.listed(v, subject, s))
      throw new DomainError('auth.out_of_jurisdiction', `${s.name} is outside your jurisdiction`);
    return s;
  }

  /** A subject's (or all visible subjects') figures per day/week/month, for a chart. */
  async trend(subject: EvaluationSubject, query: TrendQuery, actor: Actor): Promise<TrendResponse> {
    const v = this.viewer(actingUser(actor), subject);
    const period = resolvePeriod(query, this.zone, this.time.now());
    const bucket = query.bucket ?? defaultBucket(period);
    const id = query.id ?? (v.departmentId !== null ? String(v.departmentId) : null);
    const s = id === null ? null : await this.requireVisible(subject, id, v);
    const settings = await this.settings();
    const sources = countSources(subject, settings.options);
    const pieceRows = await repo.countPieces(this.db, subject, this.window(period), v.scope, {
      unit: bucket,
      timeZone: this.zone.timeZone,
    });
    const kind = KIND_OF[subject];
    const now = this.time.now().getTime();
    // Buckets still to come are left out; the one running now is marked partial (figures so far).
    const started = bucketsOf(period, bucket, this.zone).filter((b) => b.from.getTime() <= now);
    const points = started.map((b) => {
      const partial = b.to.getTime() > now;
      const inBucket = pieceRows.filter((r) => r.bucket === b.key);
      if (id === null) {
        const total = {} as Partial<Pieces>;
        for (const r of inBucket)
          for (const [n, value] of Object.entries(r.pieces) as [PieceName, number][])
            total[n] = (total[n] ?? 0) + value;
        const counts = assemble(sources, total);
        const rates = computeRates(rateInput(counts, settings.options));
        const score = compositeScore(kind, rates, null, settings.weights);
        return {
          bucket: b.key,
          from: b.from.toISOString(),
          to: b.to.toISOString(),
          counts,
          rates,
          score,
          grade: grade(score),
          rank: null,
          partial,
        };
      }
      // Volume scores and ranks are relative to the peers in the same bucket.
      const group = evaluateGroup(
        kind,
        inBucket.map((r) => ({ id: r.key, counts: assemble(sources, r.pieces) })),
        settings.weights,
      );
      const mine = group.find((r) => r.id === id);
      const counts = assemble(sources, inBucket.find((r) => r.key === id)?.pieces ?? {});
      return {
        bucket: b.key,
        from: b.from.toISOString(),
        to: b.to.toISOString(),
        counts,
        rates: computeRates(rateInput(counts, settings.options)),
        score: mine?.score ?? null,
        grade: mine?.grade ?? null,
        rank: mine?.rank ?? null,
        partial,
      };
    });
    return {
      subject,
      id,
      name: s?.name ?? null,
      bucket,
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      points,
    };
  }

  /**
   * The cases behind one count of one subject (drill-down), newest first, keyset cursor. Each case
   * says how many times the figure counts it (`counted`, e.g. disposed twice after a rework) and
   * when (`countedAt`): the `counted` of all pages add up to the figure.
   */
  async casesBehind(
    subject: EvaluationSubject,
    id: string,
    query: DrillQuery,
    actor: Actor,
  ): Promise<{
    items: Array<CaseSummary & { counted: number; countedAt: string[] }>;
    nextCursor: number | null;
  }> {
    const v = this.viewer(actingUser(actor), subject);
    await this.requireVisible(subject, id, v);
    const period = resolvePeriod(query, this.zone, this.time.now());
    const settings = await this.settings();
    const names = countSources(subject, settings.options)[query.metric] ?? [];
    const page = await repo.casesBehind(this.db, subject, names, id, this.window(period), v.scope, {
      cursor: query.cursor,
      limit: query.limit ?? 50,
    });
    const depts = await this.org.allDepartments();
    const now = this.time.now();
    const rows = await this.cases.byIds(this.db, page.ids);
    return {
      items: rows.map((r) => {
        const countedAt = page.countedAt.get(r.id) ?? [];
        return {
          ...presentSummary(
            r,
            this.cases.clock.light(r, now),
            r.unit_id ? (depts.get(r.unit_id)?.name ?? null) : null,
          ),
          counted: countedAt.length,
          countedAt,
        };
      }),
      nextCursor: page.nextCursor,
    };
  }
}
