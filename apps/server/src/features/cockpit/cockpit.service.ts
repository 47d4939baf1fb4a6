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
  type CockpitResponse,
  type CockpitTile,
  type CockpitTileSource,
} from '@cityloop/domain/api';
import type { Actor } from '../../actor.js';
import type { Clock } from '../../clock.js';
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
}
