import type { Queryable } from '../../db/db.js';
import { insertRows } from '../../db/bulk.js';

/** SQL of emergency command's resources, roster, snow segments and ponding (0031_emergency_resources.sql). */

export interface DepotRow {
  code: string;
  name: string;
  name_en: string;
  lon: number;
  lat: number;
}
export interface TeamRow {
  code: string;
  name: string;
  name_en: string;
  department: string;
  hazards: string[];
  leader: string;
  leader_en: string;
  phone: string;
  members: number;
  depot: string;
}
export interface EquipmentRow {
  id: string;
  kind: string;
  depot: string;
  team: string | null;
  state: string;
  device_id: string | null;
}
export interface StockRow {
  depot: string;
  material: string;
  quantity: number;
}

export async function hasResources(q: Queryable): Promise<boolean> {
  return (await q.query(`select 1 from emergency_depots limit 1`)).rowCount > 0;
}

export async function seedResources(
  q: Queryable,
  r: {
    depots: unknown[][];
    teams: unknown[][];
    equipment: unknown[][];
    stock: unknown[][];
  },
): Promise<void> {
  await insertRows(q, 'emergency_depots', ['code', 'name', 'name_en', 'lon', 'lat'], r.depots);
  await insertRows(
    q,
    'emergency_teams',
    ['code', 'name', 'name_en', 'department', 'hazards', 'leader', 'leader_en', 'phone', 'members', 'depot'],
    r.teams,
  );
  await insertRows(
    q,
    'emergency_equipment',
    ['id', 'kind', 'depot', 'team', 'state', 'device_id'],
    r.equipment,
  );
  await insertRows(q, 'emergency_stock', ['depot', 'material', 'quantity'], r.stock);
}

export async function depots(q: Queryable): Promise<DepotRow[]> {
  return (await q.query<DepotRow>(`select code, name, name_en, lon, lat from emergency_depots order by code`))
    .rows;
}
export async function teams(q: Queryable): Promise<TeamRow[]> {
  return (
    await q.query<TeamRow>(
      `select code, name, name_en, department, hazards, leader, leader_en, phone, members, depot
         from emergency_teams order by code`,
    )
  ).rows;
}
export async function equipment(q: Queryable): Promise<EquipmentRow[]> {
  return (
    await q.query<EquipmentRow>(
      `select id, kind, depot, team, state, device_id from emergency_equipment order by id`,
    )
  ).rows;
}
export async function setEquipmentState(q: Queryable, id: string, state: string): Promise<boolean> {
  return (await q.query(`update emergency_equipment set state = $2 where id = $1`, [id, state])).rowCount > 0;
}
export async function stock(q: Queryable): Promise<StockRow[]> {
  return (
    await q.query<StockRow>(`select depot, material, quantity from emergency_stock order by depot, material`)
  ).rows;
}

/** Takes material from a depot's stock; false when there is not that much. */
export async function takeStock(
  q: Queryable,
  depot: string,
  material: string,
  quantity: number,
): Promise<boolean> {
  const r = await q.query(
    `update emergency_stock set quantity = quantity - $3
      where depot = $1 and material = $2 and quantity >= $3`,
    [depot, material, quantity],
  );
  return r.rowCount > 0;
}

export interface UseRow {
  id: number;
  response_id: number | null;
  depot: string;
  material: string;
  quantity: number;
  used_by: string;
  note: string | null;
  at: Date;
}
export async function insertUse(q: Queryable, u: Omit<UseRow, 'id'>): Promise<UseRow> {
  return (
    await q.query<UseRow>(
      `insert into emergency_material_use (response_id, depot, material, quantity, used_by, note, at)
       values ($1, $2, $3, $4, $5, $6, $7) returning *`,
      [u.response_id, u.depot, u.material, u.quantity, u.used_by, u.note, u.at],
    )
  ).rows[0]!;
}
export async function uses(q: Queryable, responseId: number): Promise<UseRow[]> {
  return (
    await q.query<UseRow>(`select * from emergency_material_use where response_id = $1 order by id`, [
      responseId,
    ])
  ).rows;
}

// ---- duty roster ------------------------------------------------------------------------------

export interface DutyRow {
  id: number;
  day: string;
  shift: 'day' | 'night';
  department: string;
  person: string;
  person_en: string;
  username: string | null;
  phone: string;
  leader: boolean;
  checked_in_at: Date | null;
  handover: string | null;
}
const DUTY_COLS = `id, day::text as day, shift, department, person, person_en, username, phone, leader,
  checked_in_at, handover`;

export async function roster(q: Queryable, day: string): Promise<DutyRow[]> {
  return (
    await q.query<DutyRow>(
      `select ${DUTY_COLS} from emergency_duty where day = $1::date
        order by shift, leader desc, department, id`,
      [day],
    )
  ).rows;
}
export async function insertDuty(q: Queryable, rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  // Rows already there (a level raised later adds only what is missing) stay as edited.
  await q.query(
    `insert into emergency_duty (day, shift, department, person, person_en, username, phone, leader)
     select * from jsonb_to_recordset($1::jsonb) as x(day date, shift text, department text, person text,
       person_en text, username text, phone text, leader boolean)
     on conflict do nothing`,
    [
      JSON.stringify(
        rows.map(([day, shift, department, person, personEn, username, phone, leader]) => ({
          day,
          shift,
          department,
          person,
          person_en: personEn,
          username,
          phone,
          leader,
        })),
      ),
    ],
  );
}
export async function dutyById(q: Queryable, id: number): Promise<DutyRow | undefined> {
  return (await q.query<DutyRow>(`select ${DUTY_COLS} from emergency_duty where id = $1`, [id])).rows[0];
}
export async function updateDuty(
  q: Queryable,
  id: number,
  d: Partial<Pick<DutyRow, 'person' | 'person_en' | 'username' | 'phone' | 'checked_in_at' | 'handover'>>,
): Promise<void> {
  const sets: string[] = [];
  const params: unknown[] = [id];
  for (const [k, v] of Object.entries(d)) {
    if (v === undefined) continue;
    params.push(v);
    sets.push(`${k} = $${params.length}`);
  }
  if (sets.length) await q.query(`update emergency_duty set ${sets.join(', ')} where id = $1`, params);
}

// ---- snow segments ----------------------------------------------------------------------------

export interface SegmentRow {
  id: number;
  code: string;
  name: string;
  name_en: string;
  road_class: 'A' | 'B' | 'C';
  special: string | null;
  line: Array<[number, number]>;
  length_m: number;
  team: string | null;
}
export async function hasSegments(q: Queryable): Promise<boolean> {
  return (await q.query(`select 1 from emergency_snow_segments limit 1`)).rowCount > 0;
}
export async function insertSegments(q: Queryable, rows: unknown[][]): Promise<void> {
  await insertRows(
    q,
    'emergency_snow_segments',
    ['code', 'name', 'name_en', 'road_class', 'special', 'line', 'length_m', 'team'],
    rows,
  );
}
export async function segments(q: Queryable): Promise<SegmentRow[]> {
  return (
    await q.query<SegmentRow>(
      `select id, code, name, name_en, road_class, special, line, length_m, team
         from emergency_snow_segments order by road_class, id`,
    )
  ).rows;
}
export async function segmentById(q: Queryable, id: number): Promise<SegmentRow | undefined> {
  return (
    await q.query<SegmentRow>(
      `select id, code, name, name_en, road_class, special, line, length_m, team
         from emergency_snow_segments where id = $1`,
      [id],
    )
  ).rows[0];
}
export async function assignSegment(q: Queryable, id: number, team: string | null): Promise<boolean> {
  return (
    (await q.query(`update emergency_snow_segments set team = $2 where id = $1`, [id, team])).rowCount > 0
  );
}

export interface SegmentReportRow {
  id: number;
  response_id: number;
  segment_id: number;
  stage: 'passable' | 'clean';
  reported_at: Date;
  reported_by: string;
  photo_id: string | null;
  deicer_t: number | null;
  client_id: string;
}
export async function segmentReports(q: Queryable, responseId: number): Promise<SegmentReportRow[]> {
  return (
    await q.query<SegmentReportRow>(
      `select * from emergency_segment_reports where response_id = $1 order by id`,
      [responseId],
    )
  ).rows;
}
export async function reportByClientId(
  q: Queryable,
  clientId: string,
): Promise<SegmentReportRow | undefined> {
  return (
    await q.query<SegmentReportRow>(`select * from emergency_segment_reports where client_id = $1`, [
      clientId,
    ])
  ).rows[0];
}
/** Stores a report; null when the segment's stage was reported already in this response. */
export async function insertSegmentReport(
  q: Queryable,
  r: Omit<SegmentReportRow, 'id'>,
): Promise<SegmentReportRow | null> {
  return (
    (
      await q.query<SegmentReportRow>(
        `insert into emergency_segment_reports (response_id, segment_id, stage, reported_at, reported_by, photo_id,
           deicer_t, client_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing returning *`,
        [
          r.response_id,
          r.segment_id,
          r.stage,
          r.reported_at,
          r.reported_by,
          r.photo_id,
          r.deicer_t,
          r.client_id,
        ],
      )
    ).rows[0] ?? null
  );
}

// ---- ponding ----------------------------------------------------------------------------------

export interface PondingRow {
  id: number;
  device_id: string;
  source: 'sensor' | 'reported';
  started_at: Date;
  ended_at: Date | null;
  peak_cm: number | null;
  reported_by: string | null;
}
export async function openPonding(q: Queryable): Promise<PondingRow[]> {
  return (await q.query<PondingRow>(`select * from emergency_ponding where ended_at is null`)).rows;
}
export async function startPonding(
  q: Queryable,
  p: { deviceId: string; source: 'sensor' | 'reported'; at: Date; cm: number | null; by: string | null },
): Promise<PondingRow | null> {
  return (
    (
      await q.query<PondingRow>(
        `insert into emergency_ponding (device_id, source, started_at, peak_cm, reported_by)
         values ($1, $2, $3, $4, $5) on conflict do nothing returning *`,
        [p.deviceId, p.source, p.at, p.cm, p.by],
      )
    ).rows[0] ?? null
  );
}
export async function raisePeak(q: Queryable, id: number, cm: number): Promise<void> {
  await q.query(`update emergency_ponding set peak_cm = $2 where id = $1 and coalesce(peak_cm, 0) < $2`, [
    id,
    cm,
  ]);
}
export async function endPonding(q: Queryable, id: number, at: Date): Promise<boolean> {
  return (
    (
      await q.query(
        `update emergency_ponding set ended_at = greatest($2::timestamptz, started_at)
          where id = $1 and ended_at is null`,
        [id, at],
      )
    ).rowCount > 0
  );
}
export async function insertReportedPonding(
  q: Queryable,
  p: { deviceId: string; from: Date; to: Date; by: string },
): Promise<PondingRow> {
  return (
    await q.query<PondingRow>(
      `insert into emergency_ponding (device_id, source, started_at, ended_at, reported_by)
       values ($1, 'reported', $2, $3, $4) returning *`,
      [p.deviceId, p.from, p.to, p.by],
    )
  ).rows[0]!;
}
/** Episodes that overlap [from, to) (to null: up to now). */
export async function pondingBetween(q: Queryable, from: Date, to: Date | null): Promise<PondingRow[]> {
  return (
    await q.query<PondingRow>(
      `select * from emergency_ponding
        where (ended_at is null or ended_at >= $1) and ($2::timestamptz is null or started_at < $2)
        order by started_at, id`,
      [from, to],
    )
  ).rows;
}

/** When the snow stopped in a response (the latest mark), or null. */
export async function snowStoppedAt(q: Queryable, responseId: number): Promise<Date | null> {
  const r = await q.query<{ at: Date | null }>(
    `select (data->>'stoppedAt')::timestamptz as at from emergency_events
      where response_id = $1 and kind = 'snow_stopped' order by id desc limit 1`,
    [responseId],
  );
  return r.rows[0]?.at ?? null;
}
