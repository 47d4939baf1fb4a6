import { DomainError, ZoneClock } from '@cityloop/domain';
import { clockOfMinutes } from '@cityloop/domain/sanitation/index';
import type {
  NewToiletCheck,
  NewToiletReport,
  PublicToilet,
  ToiletCheck,
  ToiletDetail,
} from '@cityloop/domain/api';
import type { Db } from '../../db/db.js';
import { SCHEDULER_ACTOR, type Actor } from '../../actor.js';
import { audit } from '../audit/audit.service.js';
import type { CasesOffer } from '../cases/cases.module.js';
import * as repo from './toilets.repository.js';

/** A cleanliness check below this score fails and opens a case (0301 公共厕所). */
export const TOILET_PASS_SCORE = 80;
export const TOILET_CATEGORY = '0301';
const ENDED = new Set(['closed', 'cancelled', 'not_accepted', 'not_filed']);

/**
 * Public toilets (公厕): the register with hours and state, cleanliness checks (a failed one
 * opens a case to the unit in charge), and citizens' reports filed from a toilet, linked to it.
 */
export class ToiletService {
  private readonly zone: ZoneClock;

  constructor(
    private readonly db: Db,
    private readonly cases: CasesOffer,
    timeZone: string,
  ) {
    this.zone = new ZoneClock(timeZone);
  }

  async list(nowMs = Date.now()): Promise<{ items: PublicToilet[] }> {
    const [rows, latest, reports] = await Promise.all([
      repo.listToilets(this.db),
      repo.latestChecks(this.db),
      repo.reportsOf(this.db, null),
    ]);
    const open = await this.openCaseIds(reports.map((r) => r.case_id));
    const minute = Math.floor((nowMs - this.zone.instantOf(this.zone.dateKeyOf(nowMs), 0)) / 60_000);
    return {
      items: rows.map((r) =>
        present(
          r,
          latest.get(r.id) ?? null,
          reports.filter((x) => x.toilet_id === r.id && open.has(x.case_id)).length,
          minute,
        ),
      ),
    };
  }

  private async openCaseIds(ids: number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows = await this.cases.byIds(this.db, ids);
    return new Set(rows.filter((c) => !ENDED.has(c.state)).map((c) => Number(c.id)));
  }

  private async get(id: number): Promise<repo.ToiletRow> {
    const t = (await repo.listToilets(this.db)).find((x) => x.id === id);
    if (!t) throw new DomainError('not_found', `No public toilet ${id}`);
    return t;
  }

  async detail(id: number): Promise<ToiletDetail> {
    const t = await this.get(id);
    const toilet = (await this.list()).items.find((x) => x.id === t.id)!;
    const checks = (await repo.checksOf(this.db, id)).map(presentCheck);
    const reports = (await repo.reportsOf(this.db, id)).map((r) => ({
      caseId: r.case_id,
      caseCode: r.case_code,
      at: r.reported_at.toISOString(),
    }));
    return { toilet, checks, reports };
  }

  /** A cleanliness check; below TOILET_PASS_SCORE it opens a case at the toilet (audited). */
  async check(id: number, input: NewToiletCheck, actor: Actor): Promise<ToiletCheck> {
    const t = await this.get(id);
    const passed = input.score >= TOILET_PASS_SCORE;
    let opened: { id: number; code: string } | null = null;
    if (!passed) {
      const { case: c } = await this.cases.report(
        {
          kind: 'component',
          category: TOILET_CATEGORY,
          lon: t.lon,
          lat: t.lat,
          address: t.name,
          description:
            `公厕保洁检查不合格：${t.name}（${t.code}）得分 ${input.score}${input.note ? `，${input.note}` : ''}。` +
            ` / Public toilet failed its cleanliness check: ${t.name_en} (${t.code}) scored ${input.score}.`,
          source: 'inspector',
        },
        // The finding is the sanitation check's (whoever keyed it in; the audit log names them).
        SCHEDULER_ACTOR,
      );
      opened = { id: c.id, code: c.code };
    }
    return this.db.tx(async (q) => {
      const row = await repo.insertCheck(q, {
        toilet_id: t.id,
        checked_at: new Date(),
        score: input.score,
        note: input.note ?? null,
        inspector: actor.user?.username ?? null,
        case_id: opened?.id ?? null,
        case_code: opened?.code ?? null,
      });
      const out = presentCheck(row);
      await audit(q, actor, { action: 'create', entity: 'toilet_check', entityId: t.code, after: out });
      return out;
    });
  }

  /** A citizen's (or anyone's) report about a toilet: a case at the toilet, linked to it. */
  async report(
    id: number,
    input: NewToiletReport,
    actor: Actor,
  ): Promise<{ caseId: number; caseCode: string }> {
    const t = await this.get(id);
    const { case: c } = await this.cases.report(
      {
        kind: 'component',
        category: TOILET_CATEGORY,
        lon: t.lon,
        lat: t.lat,
        address: t.name,
        description: `${t.name}（${t.code}）：${input.description}`,
      },
      actor,
    );
    await repo.linkReport(this.db, t.id, c.id, c.code);
    return { caseId: c.id, caseCode: c.code };
  }
}

function present(
  r: repo.ToiletRow,
  last: repo.CheckRow | null,
  openReports: number,
  minute: number,
): PublicToilet {
  const roundTheClock = r.opens === 0 && r.closes === 1440;
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    nameEn: r.name_en,
    lon: Number(r.lon),
    lat: Number(r.lat),
    districtCode: r.district_code,
    grade: r.grade,
    opens: clockOfMinutes(r.opens),
    closes: clockOfMinutes(r.closes),
    roundTheClock,
    openNow: r.state === 'open' && minute >= r.opens && minute < r.closes,
    state: r.state,
    sensor: r.sensor,
    lastCheck: last
      ? {
          at: last.checked_at.toISOString(),
          score: last.score,
          passed: last.score >= TOILET_PASS_SCORE,
          caseCode: last.case_code,
        }
      : null,
    openReports,
  };
}

function presentCheck(r: repo.CheckRow): ToiletCheck {
  return {
    id: r.id,
    toiletId: r.toilet_id,
    at: r.checked_at.toISOString(),
    score: r.score,
    passed: r.score >= TOILET_PASS_SCORE,
    note: r.note,
    inspector: r.inspector,
    caseId: r.case_id,
    caseCode: r.case_code,
  };
}
