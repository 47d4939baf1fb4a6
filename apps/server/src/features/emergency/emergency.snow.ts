import { DomainError, metresBetween } from '@cityloop/domain';
import type {
  EmergencyReport,
  EmergencySegment,
  EmergencySegmentReply,
  EmergencySegmentReportBody,
  EmergencySnow,
} from '@cityloop/domain/api';
import {
  ROAD_CLASSES,
  SNOW_STAGES,
  SNOW_TARGETS_H,
  targetClassOf,
  type SnowRoadClass,
  type SpecialPoint,
} from '@cityloop/domain/emergency/resources';
import type { Level } from '@cityloop/domain/emergency/warnings';
import { eventActor, type Actor } from '../../actor.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/db.js';
import type { AttachmentsOffer } from '../attachments/attachments.module.js';
import type { OrgOffer } from '../org/org.module.js';
import { departmentMatches, type EmergencyService } from './emergency.service.js';
import * as ops from './emergency.ops.repository.js';
import * as repo from './emergency.repository.js';

type LonLat = [number, number];
const HOUR = 3_600_000;
/** Roads are cut into segments of at most this length. */
const SEGMENT_MAX_M = 2500;
/** Of the back streets (class C), this many are on the snow routes. */
const C_ROADS = 12;
/** The crews the demo segments are dealt to, in turn. */
const SNOW_CREWS = ['snow-zhifu', 'snow-laishan', 'snow-fushan'];
/** Every n-th segment is a special point of this kind (deterministic demo marks). */
const SPECIALS: ReadonlyArray<[number, SpecialPoint]> = [
  [7, 'bridge'],
  [11, 'slope'],
  [13, 'hospital'],
  [17, 'school'],
  [19, 'interchange'],
];

/** Cuts a line into pieces of at most `max` metres, at its vertices or in between. */
export function cutLine(line: readonly LonLat[], max: number): LonLat[][] {
  const pieces: LonLat[][] = [];
  let cur: LonLat[] = [line[0]!];
  let len = 0;
  for (let i = 1; i < line.length; i++) {
    let a = cur[cur.length - 1]!;
    const b = line[i]!;
    let d = metresBetween(a, b);
    while (len + d > max) {
      const f = (max - len) / d;
      const p: LonLat = [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
      cur.push(p);
      pieces.push(cur);
      cur = [p];
      a = p;
      d = metresBetween(a, b);
      len = 0;
    }
    cur.push(b);
    len += d;
  }
  // A short tail joins the piece before it.
  if (pieces.length && len < max / 4) pieces[pieces.length - 1]!.push(...cur.slice(1));
  else pieces.push(cur);
  return pieces;
}

const lengthOf = (line: readonly LonLat[]) =>
  line.slice(1).reduce((s, p, i) => s + metresBetween(line[i]!, p), 0);

/**
 * Snow and ice clearing (清雪防滑): road segments with a class and special points, assigned to
 * crews; the crews report each passable (通) then clean (净) from the phone, with a photo; the
 * console shows what is cleared and left against the targets of the level in force.
 */
export class EmergencySnowOps {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly service: EmergencyService,
    private readonly org: OrgOffer,
    private readonly attachments: AttachmentsOffer,
  ) {}

  /** The demo city's snow routes from the base map's roads: every A and B road, a few C roads. */
  async init(roads: ReadonlyArray<{ name: string; class: string; line: LonLat[] }> | null): Promise<void> {
    if (!roads || (await ops.hasSegments(this.db))) return;
    const rows: unknown[][] = [];
    let n = 0;
    const picked = [
      ...roads.filter((r) => r.class === 'A'),
      ...roads.filter((r) => r.class === 'B'),
      ...roads.filter((r) => r.class === 'C').slice(0, C_ROADS),
    ];
    for (const road of picked) {
      const pieces = cutLine(road.line, SEGMENT_MAX_M);
      pieces.forEach((piece, i) => {
        n++;
        const special = SPECIALS.find(([k]) => n % k === 0)?.[1] ?? null;
        const suffix = pieces.length > 1 ? i + 1 : null;
        rows.push([
          `S${String(n).padStart(3, '0')}`,
          suffix ? `${road.name}（第${suffix}段）` : road.name,
          suffix ? `${road.name}, section ${suffix}` : road.name,
          road.class,
          special,
          JSON.stringify(piece.map(([x, y]) => [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6])),
          Math.round(lengthOf(piece)),
          SNOW_CREWS[(n - 1) % SNOW_CREWS.length]!,
        ]);
      });
    }
    if (rows.length) await this.db.tx((q) => ops.insertSegments(q, rows));
  }

  private async deptCodeOf(actor: Actor): Promise<string | null> {
    const id = actor.user?.departmentId ?? null;
    return id === null ? null : ((await this.org.allDepartments()).get(id)?.code ?? null);
  }

  private isCommander(actor: Actor) {
    return (actor.user?.roles ?? []).some((r) => r === 'commander' || r === 'leader');
  }

  /** The snow response in force (or, with `responseId`, that one). */
  private async responseOf(responseId?: number) {
    if (responseId !== undefined) return (await repo.responseById(this.db, responseId)) ?? null;
    return (await repo.activeResponseOf(this.db, 'snow')) ?? null;
  }

  /** Segments with their state in a snow response (the one in force by default). */
  async segments(
    actor: Actor,
    o: { mine?: boolean | undefined; responseId?: number },
  ): Promise<EmergencySnow> {
    const response = await this.responseOf(o.responseId);
    const [rows, reports, deptCode, stopped] = await Promise.all([
      ops.segments(this.db),
      response ? ops.segmentReports(this.db, response.id) : Promise.resolve([]),
      this.deptCodeOf(actor),
      response ? ops.snowStoppedAt(this.db, response.id) : Promise.resolve(null),
    ]);
    const now = (response?.ended_at ?? this.clock.now()).getTime();
    const start = response?.started_at.getTime() ?? null;
    const level = (response?.level as Level | undefined) ?? null;
    const segments: EmergencySegment[] = rows.map((s) => {
      const mine = reports.filter((r) => r.segment_id === s.id);
      const at = (stage: string) => mine.find((r) => r.stage === stage)?.reported_at ?? null;
      const passableAt = at('passable');
      const cleanAt = at('clean');
      const cls = targetClassOf(s.road_class, s.special as SpecialPoint | null);
      // Passable counts from the response's start; clean from the snow's stop once it is recorded
      // (until then from the start, the stricter reading).
      const by = (stage: 'passable' | 'clean') => {
        const from = stage === 'clean' && stopped ? stopped.getTime() : start;
        return from !== null && level ? from + SNOW_TARGETS_H[level][cls][stage] * HOUR : null;
      };
      const passableBy = by('passable');
      const cleanBy = by('clean');
      const team = s.team ? this.service.teams.get(s.team) : undefined;
      return {
        id: s.id,
        code: s.code,
        name: s.name,
        nameEn: s.name_en,
        roadClass: s.road_class,
        special: (s.special as SpecialPoint | null) ?? null,
        line: s.line,
        lengthM: s.length_m,
        team: s.team,
        teamName: team?.name ?? null,
        teamNameEn: team?.nameEn ?? null,
        state: cleanAt ? 'clean' : passableAt ? 'passable' : 'open',
        passableAt: passableAt?.toISOString() ?? null,
        cleanAt: cleanAt?.toISOString() ?? null,
        passableBy: passableBy === null ? null : new Date(passableBy).toISOString(),
        cleanBy: cleanBy === null ? null : new Date(cleanBy).toISOString(),
        overdue:
          (passableBy !== null && !passableAt && now > passableBy) ||
          (cleanBy !== null && !cleanAt && now > cleanBy),
        photoIds: mine.flatMap((r) => (r.photo_id ? [r.photo_id] : [])),
        mine: deptCode !== null && team !== undefined && departmentMatches(deptCode, team.department),
      };
    });
    const summary = ROAD_CLASSES.map((roadClass) => {
      const of = segments.filter((s) => s.roadClass === roadClass);
      return {
        roadClass,
        total: of.length,
        passable: of.filter((s) => s.state !== 'open').length,
        clean: of.filter((s) => s.state === 'clean').length,
        left: of.filter((s) => s.state !== 'clean').length,
        overdue: of.filter((s) => s.overdue).length,
      };
    });
    const deicer = reports.reduce((sum, r) => sum + (r.deicer_t ?? 0), 0);
    return {
      responseId: response?.id ?? null,
      level,
      startedAt: response?.started_at.toISOString() ?? null,
      snowStoppedAt: stopped?.toISOString() ?? null,
      segments: o.mine ? segments.filter((s) => s.mine) : segments,
      summary,
      deicerT: Math.round(deicer * 10) / 10,
    };
  }

  /**
   * A crew reports a segment passable or clean (clean implies passable). Needs a snow response in
   * force; the segment's crew (its department) or a commander; a repeated upload of the same
   * client id, or a stage reported already, answers the stored state with `duplicate`.
   */
  async report(
    segmentId: number,
    body: EmergencySegmentReportBody,
    actor: Actor,
  ): Promise<EmergencySegmentReply> {
    const who = eventActor(actor);
    const now = this.clock.now();
    const deptCode = await this.deptCodeOf(actor);
    const made = await this.db.tx(async (q) => {
      if (await ops.reportByClientId(q, body.clientId)) return false;
      const s = await ops.segmentById(q, segmentId);
      if (!s) throw new DomainError('emergency.not_found', `No segment ${segmentId}`);
      const team = s.team ? this.service.teams.get(s.team) : undefined;
      const ours = deptCode !== null && team !== undefined && departmentMatches(deptCode, team.department);
      if (!ours && !this.isCommander(actor))
        throw new DomainError('auth.forbidden', 'This segment is another crew’s');
      const r = await repo.activeResponseOf(q, 'snow');
      if (!r) throw new DomainError('emergency.invalid_transition', 'No snow response is in force');
      if (body.photoId && (await this.attachments.missing(q, [body.photoId])).length)
        throw new DomainError('validation.failed', `No photo ${body.photoId}`);
      // The phone's own time when it was offline, within the response and not in the future.
      const seen = body.at ? new Date(body.at) : now;
      const at = new Date(Math.min(now.getTime(), Math.max(r.started_at.getTime(), seen.getTime())));
      const stages = body.stage === 'clean' ? SNOW_STAGES : (['passable'] as const);
      let stored = false;
      for (const stage of stages) {
        const row = await ops.insertSegmentReport(q, {
          response_id: r.id,
          segment_id: s.id,
          stage,
          reported_at: at,
          reported_by: who.actorName,
          photo_id: stage === body.stage ? (body.photoId ?? null) : null,
          deicer_t: stage === body.stage ? (body.deicerT ?? null) : null,
          client_id: stage === body.stage ? body.clientId : `${body.clientId}:${stage}`,
        });
        if (!row) continue;
        stored = true;
        await repo.insertEvent(q, {
          responseId: r.id,
          hazard: 'snow',
          kind: 'segment_reported',
          ...who,
          data: { segmentId: s.id, segment: s.name, segmentEn: s.name_en, stage, deicerT: row.deicer_t },
          at,
        });
      }
      return stored;
    });
    if (made) await this.service.announce('emergency.snow', { segmentId });
    const segment = (await this.segments(actor, {})).segments.find((x) => x.id === segmentId)!;
    return { segment, duplicate: !made };
  }

  /** A commander assigns a segment to a crew (or takes it off: null). */
  async assign(segmentId: number, team: string | null, actor: Actor): Promise<void> {
    if (team !== null && !this.service.teams.has(team))
      throw new DomainError('emergency.not_found', `No team ${team}`);
    const who = eventActor(actor);
    await this.db.tx(async (q) => {
      if (!(await ops.assignSegment(q, segmentId, team)))
        throw new DomainError('emergency.not_found', `No segment ${segmentId}`);
      await repo.insertEvent(q, {
        responseId: null,
        hazard: 'snow',
        kind: 'segment_assigned',
        ...who,
        data: { segmentId, team },
        at: this.clock.now(),
      });
    });
    await this.service.announce('emergency.snow', { segmentId });
  }

  /**
   * The duty officer records when the snow stopped (now by default): the clean deadlines count
   * from then. Needs a snow response in force; not before its start nor in the future.
   */
  async stopped(at: string | undefined, actor: Actor): Promise<{ snowStoppedAt: string }> {
    const who = eventActor(actor);
    const now = this.clock.now();
    const when = at ? new Date(at) : now;
    await this.db.tx(async (q) => {
      const r = await repo.activeResponseOf(q, 'snow');
      if (!r) throw new DomainError('emergency.invalid_transition', 'No snow response in force');
      if (Number.isNaN(when.getTime()) || when < r.started_at || when.getTime() > now.getTime() + 60_000)
        throw new DomainError(
          'emergency.invalid_transition',
          'The snow stops after the response starts, not in the future',
        );
      await repo.insertEvent(q, {
        responseId: r.id,
        hazard: 'snow',
        kind: 'snow_stopped',
        ...who,
        data: { stoppedAt: when.toISOString() },
        at: now,
      });
    });
    await this.service.announce('emergency.snow', { stopped: when.toISOString() });
    return { snowStoppedAt: when.toISOString() };
  }

  /**
   * For the after-action report: the segments worked or late, and per class and stage the targets
   * met (reached by the deadline) and missed (reached late, or not reached when the deadline had
   * passed by the response's end or now); a deadline still ahead counts as neither.
   */
  async forReport(
    actor: Actor,
    response: { id: number; endedAt: string | null },
  ): Promise<Pick<EmergencyReport, 'segments' | 'snowTargets'>> {
    const snow = await this.segments(actor, { responseId: response.id });
    const until = response.endedAt ? Date.parse(response.endedAt) : this.clock.now().getTime();
    const snowTargets: EmergencyReport['snowTargets'] = [];
    for (const roadClass of ROAD_CLASSES as readonly SnowRoadClass[])
      for (const stage of SNOW_STAGES) {
        let met = 0;
        let missed = 0;
        for (const s of snow.segments.filter((x) => x.roadClass === roadClass)) {
          const done = stage === 'passable' ? s.passableAt : s.cleanAt;
          const by = stage === 'passable' ? s.passableBy : s.cleanBy;
          if (!by) continue;
          if (done && Date.parse(done) <= Date.parse(by)) met++;
          else if (done || Date.parse(by) < until) missed++;
        }
        snowTargets.push({ roadClass, stage, met, missed });
      }
    return {
      segments: snow.segments.filter((s) => s.passableAt || s.cleanAt || s.overdue),
      snowTargets,
    };
  }
}
