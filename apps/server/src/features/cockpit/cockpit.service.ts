import { DomainError, ZoneClock } from '@cityloop/domain';
import {
  COCKPIT_MODULES,
  type CockpitAlarmList,
  type CockpitAlarmsQuery,
  type CockpitCaseList,
  type CockpitCasesQuery,
  type CockpitDeviceList,
  type CockpitDevicesQuery,
  type CockpitQuery,
  type CockpitPeriod,
  type CockpitReportDetail,
  type CockpitReportList,
  type CockpitReportView,
  type CockpitResponse,
  type CockpitTile,
  type CockpitTileSource,
} from '@cityloop/domain/api';
import type { Actor } from '../../actor.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/db.js';
import { htmlToPdf } from '../../ops/pdf.js';
import { audit } from '../audit/audit.service.js';
import * as repo from './cockpit.repository.js';
import { reportHtml, reportTitle, reportWorkbook, type Lang } from './cockpit.report.js';
import { firstDayOf, shiftMonths } from './cockpit.period.js';
import type { SessionUser } from '../../http/access.js';
import { boundsOf, lastYearDateOf, previousDateOf } from './cockpit.period.js';
import {
  SECTORS,
  TILE_KEYS,
  alarmTiles,
  assessmentTiles,
  casesTiles,
  emergencyTiles,
  evaluationTiles,
  hotlineTiles,
  missingTile,
  networkTiles,
  projectTiles,
  sanitationTiles,
  utilityTiles,
  visitTiles,
  type BoundsOf,
  type CockpitDeps,
  type TileInput,
} from './cockpit.tiles.js';

/** Whom the monthly report's job reads as: the whole city, as a leader would (reads only). */
const CITY_READER: SessionUser = {
  id: 0,
  username: 'system:scheduler',
  displayName: '系统',
  displayNameEn: 'System',
  roles: ['leader'],
  jurisdiction: { level: 'city', code: null, departmentId: null },
  departmentId: null,
  supervisionGridCodes: [],
};

/** A reader for the cockpit's figures: the user, or the city when the system reads (the report job). */
export function readerOf(actor: Actor): Actor {
  return actor.user ? actor : { ...actor, user: CITY_READER };
}

const isSource = (o: unknown): o is CockpitTileSource =>
  typeof o === 'object' && o !== null && typeof (o as { cockpitTiles?: unknown }).cockpitTiles === 'function';

/**
 * The leaders' cockpit (领导驾驶舱): every tile is the answer of its module's own service for the
 * period (and the previous period and the same period last year), never a computation of its own.
 */
export class CockpitService {
  private readonly zone: ZoneClock;

  constructor(
    private readonly db: Db,
    private readonly deps: CockpitDeps & Record<string, unknown>,
    timeZone: string,
    private readonly clock: Clock,
  ) {
    this.zone = new ZoneClock(timeZone);
  }

  /** The modules the wall names, and whether each is in this node. */
  modules(): Array<{ name: string; present: boolean }> {
    return COCKPIT_MODULES.map((name) => ({ name, present: this.deps[name] !== undefined }));
  }

  today(): string {
    return this.zone.dateKeyOf(this.clock.now().getTime());
  }

  async read(query: CockpitQuery, actor: Actor): Promise<CockpitResponse> {
    const period = query.period ?? 'month';
    const date = query.date ?? this.today();
    const { from, to } = boundsOf(period, date, this.zone);
    if (Number.isNaN(from.getTime())) throw new DomainError('validation.failed', `Not a date: ${date}`);
    const now = this.clock.now();
    const ctx: TileInput = {
      period,
      date,
      previousDate: previousDateOf(period, date),
      lastYearDate: lastYearDateOf(date),
      from,
      to,
      now,
      actor: readerOf(actor),
    };
    const bounds: BoundsOf = (d) => {
      const b = boundsOf(period, d, this.zone);
      return [b.from, b.to];
    };
    const d = this.deps;
    const builtIn: Record<string, (() => Promise<CockpitTile[]>) | null> = {
      evaluation: d.evaluation ? () => evaluationTiles(d.evaluation!, ctx) : null,
      cases: d.cases ? () => casesTiles(d.cases!, ctx, bounds) : null,
      assessment: d.assessment ? () => assessmentTiles(d.assessment!, ctx) : null,
      hotline: d.hotline ? () => hotlineTiles(d.hotline!, d.cases, ctx, bounds) : null,
      visitFigures: d.visitFigures ? () => visitTiles(d.visitFigures!, ctx) : null,
      utilities: d.utilities ? () => utilityTiles(d.utilities!, d.devices, ctx) : null,
      alarms: d.alarms ? () => alarmTiles(d.alarms!, ctx, bounds) : null,
      emergency: d.emergency ? () => emergencyTiles(d.emergency!, ctx) : null,
      networks: d.networks ? () => networkTiles(d.networks!, ctx) : null,
      projects: d.projects ? () => projectTiles(d.projects!, ctx, bounds) : null,
      sanitation: d.sanitation ? () => sanitationTiles(d.sanitation!, ctx) : null,
    };
    // A module that offers its own tiles (cockpitTiles) gives them; one merged later only adds that.
    const names = [...new Set([...COCKPIT_MODULES, ...Object.keys(d)])];
    const groups = await Promise.all(
      names.map(async (name): Promise<CockpitTile[]> => {
        const offer = d[name];
        const own = isSource(offer) ? () => offer.cockpitTiles(ctx) : null;
        const make = own ?? builtIn[name] ?? null;
        const expected = TILE_KEYS[name] ?? [];
        if (!make) {
          if (offer !== undefined && !expected.length) return [];
          const why =
            offer === undefined
              ? `The ${name} module is not in this node`
              : `The ${name} module offers no cockpit tiles`;
          return expected.map((t) => missingTile(t.key, name, t.unit, ctx, why));
        }
        try {
          return await make();
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          return expected.map((t) => ({
            ...missingTile(t.key, name, t.unit, ctx, message),
            status: 'failed' as const,
          }));
        }
      }),
    );
    return {
      period,
      date,
      from: from.toISOString(),
      to: to.toISOString(),
      previousDate: ctx.previousDate,
      lastYearDate: ctx.lastYearDate,
      partial: to.getTime() > now.getTime(),
      generatedAt: now.toISOString(),
      modules: this.modules(),
      tiles: groups.flat(),
    };
  }

  /** The cases behind a case figure of one district or unit (the evaluation's own drill-down). */
  async cases(query: CockpitCasesQuery, actor: Actor): Promise<CockpitCaseList> {
    const ev = this.deps.evaluation;
    if (!ev) throw new DomainError('not_found', 'The evaluation module is not in this node');
    const subject = query.unit !== undefined ? 'units' : 'districts';
    const id = query.unit ?? query.district;
    if (id === undefined) throw new DomainError('validation.failed', 'Name a district or a unit');
    return (await ev.casesBehind(
      subject,
      id,
      {
        period: query.period ?? 'month',
        date: query.date ?? this.today(),
        metric: query.metric,
        ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
        limit: query.limit ?? 50,
      },
      readerOf(actor),
    )) as CockpitCaseList;
  }

  /** The active alarms behind the alarm tile, worst first, with their devices. */
  async alarms(query: CockpitAlarmsQuery): Promise<CockpitAlarmList> {
    const a = this.deps.alarms;
    if (!a) throw new DomainError('not_found', 'The alarms module is not in this node');
    const rows = (await a.figures.active()).filter((x) => !query.severity || x.severity === query.severity);
    return {
      items: rows.slice(0, 500).map((x) => {
        const dev = this.deps.devices?.byId(x.device_id);
        return {
          id: x.id,
          deviceId: x.device_id,
          deviceName: dev?.name ?? null,
          deviceType: dev?.type ?? null,
          lon: dev?.lon ?? null,
          lat: dev?.lat ?? null,
          metric: x.metric,
          severity: x.severity,
          state: x.state,
          value: x.value,
          raisedAt: x.raised_at.toISOString(),
        };
      }),
    };
  }

  /** The devices of a sector behind the online rate (the utilities' overview of each type). */
  async devices(query: CockpitDevicesQuery): Promise<CockpitDeviceList> {
    const u = this.deps.utilities;
    if (!u) throw new DomainError('not_found', 'The utilities module is not in this node');
    const types = SECTORS[query.sector];
    if (!types) throw new DomainError('validation.failed', `Unknown sector ${query.sector}`);
    const items: CockpitDeviceList['items'] = [];
    for (const t of types) {
      let o;
      try {
        o = await u.overview(t, '');
      } catch {
        continue;
      }
      for (const x of o.devices)
        if (!query.status || x.status === query.status)
          items.push({
            id: x.id,
            name: x.name,
            type: t,
            status: x.status,
            lon: x.lon,
            lat: x.lat,
            worstAlarm: x.worstAlarm,
          });
    }
    return { items };
  }

  // ---- the leaders' reports ------------------------------------------------------------------

  private view(r: repo.ReportRow): CockpitReportView {
    const title = reportTitle(r.period, r.day);
    return {
      id: r.id,
      period: r.period,
      date: r.day,
      title: title.zh,
      titleEn: title.en,
      from: r.from_at.toISOString(),
      to: r.to_at.toISOString(),
      createdAt: r.created_at.toISOString(),
      createdBy: r.created_by,
    };
  }

  /**
   * Makes (or makes again) the report of a period: the cockpit's figures as read now, and the
   * worst-performing districts and units with their overdue cases (the evaluation's own list).
   */
  async makeReport(period: CockpitPeriod, date: string, actor: Actor): Promise<CockpitReportView> {
    const data = await this.read({ period, date }, actor);
    const worst: CockpitReportDetail['worst'] = [];
    const pickWorst = (key: string, n: number) =>
      [...(data.tiles.find((x) => x.key === key && x.status === 'ok')?.items ?? [])]
        .filter((i) => i.value !== null)
        .sort(
          (a, b) =>
            (a.value ?? 0) - (b.value ?? 0) || Number(b.extra?.overdue ?? 0) - Number(a.extra?.overdue ?? 0),
        )
        .slice(0, n);
    for (const [key, kind, n] of [
      ['rank.districts', 'district', 2],
      ['rank.units', 'unit', 3],
    ] as const)
      for (const i of pickWorst(key, n)) {
        const list = this.deps.evaluation
          ? await this.cases(
              {
                period,
                date,
                metric: 'overduePending',
                ...(kind === 'unit' ? { unit: i.key } : { district: i.key }),
                limit: 10,
              },
              actor,
            )
          : { items: [] };
        worst.push({
          kind,
          id: i.key,
          name: i.name,
          nameEn: i.nameEn,
          overdue: Number(i.extra?.overdue ?? 0),
          cases: list.items.map((c) => ({
            id: c.id,
            code: c.code,
            description: c.description,
            state: c.state,
          })),
        });
      }
    const row = await this.db.tx(async (q) => {
      const saved = await repo.saveReport(q, {
        period,
        day: firstDayOf(period, data.date),
        from: new Date(data.from),
        to: new Date(data.to),
        data,
        worst,
        createdBy: actor.user && actor.user.id !== 0 ? actor.user.username : null,
      });
      await audit(q, actor, {
        action: 'cockpit.report',
        entity: 'cockpit_report',
        entityId: saved.id,
        after: { period, date: data.date },
      });
      return saved;
    });
    return this.view(row);
  }

  async reports(): Promise<CockpitReportList> {
    return { items: (await repo.listReports(this.db)).map((r) => this.view(r)) };
  }

  async report(id: number): Promise<CockpitReportDetail> {
    const r = await repo.getReport(this.db, id);
    if (!r) throw new DomainError('not_found', `No report ${id}`);
    return { report: this.view(r), data: r.data, worst: r.worst };
  }

  async reportPdf(id: number, lang: Lang): Promise<{ name: string; body: Buffer }> {
    const d = await this.report(id);
    const timeText = (iso: string) => {
      const ms = new Date(iso).getTime();
      return `${this.zone.dateKeyOf(ms)} ${new Date(ms + this.zone.offsetAt(ms)).toISOString().slice(11, 16)}`;
    };
    const title = lang === 'zh' ? d.report.title : d.report.titleEn;
    const body = await htmlToPdf(reportHtml(d, lang, timeText), { footer: title });
    return { name: `cockpit-${d.report.period}-${d.report.date}.pdf`, body };
  }

  async reportXlsx(id: number, lang: Lang): Promise<{ name: string; body: Buffer }> {
    const d = await this.report(id);
    return { name: `cockpit-${d.report.period}-${d.report.date}.xlsx`, body: await reportWorkbook(d, lang) };
  }

  /**
   * The scheduler's part: from the 1st of a month on, the previous month's report is made once
   * (a node that was down on the 1st makes it at its next run).
   */
  async monthlyReport(actor: Actor): Promise<CockpitReportView | null> {
    const lastMonth = shiftMonths(this.today(), -1).slice(0, 7) + '-01';
    if (await repo.hasReport(this.db, 'month', lastMonth)) return null;
    return this.makeReport('month', lastMonth, actor);
  }
}
