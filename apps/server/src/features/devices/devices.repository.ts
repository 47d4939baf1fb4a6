import type { DeviceProfile } from '@cityloop/domain';
import type { Queryable } from '../../db/db.js';
import { insertRows } from '../../db/bulk.js';
import { pageOf, param } from '../../db/paging.js';

export interface DeviceRow {
  id: string;
  num: number;
  type: string;
  name: string;
  lon: number;
  lat: number;
  grid_code: string | null;
  department_id: number | null;
  token_hash: string;
  demo_token: string | null;
  status: 'unknown' | 'online' | 'offline';
  status_at: Date | null;
  last_seen_at: Date | null;
}

const DEVICE_COLUMNS = `id, num, type, name, lon, lat, grid_code, department_id, token_hash, demo_token,
  status, status_at, last_seen_at`;

export async function loadAllDevices(q: Queryable): Promise<DeviceRow[]> {
  return (await q.query<DeviceRow>(`select ${DEVICE_COLUMNS} from devices order by num`)).rows;
}

export async function getDevice(q: Queryable, id: string): Promise<DeviceRow | null> {
  return (
    (await q.query<DeviceRow>(`select ${DEVICE_COLUMNS} from devices where id = $1`, [id])).rows[0] ?? null
  );
}

export interface NewDevice {
  id: string;
  type: string;
  name: string;
  lon: number;
  lat: number;
  gridCode: string | null;
  departmentId: number | null;
  tokenHash: string;
  demoToken: string | null;
}

export async function insertDevices(q: Queryable, devices: readonly NewDevice[]): Promise<void> {
  await insertRows(
    q,
    'devices',
    ['id', 'type', 'name', 'lon', 'lat', 'grid_code', 'department_id', 'token_hash', 'demo_token'],
    devices.map((d) => [
      d.id,
      d.type,
      d.name,
      d.lon,
      d.lat,
      d.gridCode,
      d.departmentId,
      d.tokenHash,
      d.demoToken,
    ]),
    { suffix: 'on conflict (id) do nothing' },
  );
}

export async function setToken(q: Queryable, id: string, tokenHash: string): Promise<boolean> {
  const r = await q.query(
    `update devices set token_hash = $2, demo_token = null, updated_at = now() where id = $1`,
    [id, tokenHash],
  );
  return r.rowCount > 0;
}

export async function setStatus(
  q: Queryable,
  id: string,
  status: 'online' | 'offline',
  at: Date,
): Promise<void> {
  // A late status message (older than the one recorded) must not overwrite a newer one.
  await q.query(
    `update devices set status = $2, status_at = $3, last_seen_at = greatest(last_seen_at, $3)
      where id = $1 and (status_at is null or status_at <= $3)`,
    [id, status, at],
  );
}

export async function touchLastSeen(q: Queryable, seen: ReadonlyMap<string, number>): Promise<void> {
  if (seen.size === 0) return;
  await q.query(
    `update devices d set last_seen_at = greatest(d.last_seen_at, s.at)
       from unnest($1::text[], $2::timestamptz[]) as s(id, at) where d.id = s.id`,
    [[...seen.keys()], [...seen.values()].map((ms) => new Date(ms))],
  );
}

export interface ListArgs {
  type?: string | undefined;
  status?: string | undefined;
  departmentId?: number | undefined;
  q?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

export async function listDevices(q: Queryable, a: ListArgs) {
  const params: unknown[] = [];
  const where: string[] = [];
  if (a.type) where.push(`d.type = ${param(params, a.type)}`);
  if (a.status) where.push(`d.status = ${param(params, a.status)}`);
  if (a.departmentId !== undefined) where.push(`d.department_id = ${param(params, a.departmentId)}`);
  if (a.q) {
    const p = param(params, `%${a.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(d.id ilike ${p} or d.name ilike ${p})`);
  }
  return pageOf<DeviceRow>(
    q,
    { select: DEVICE_COLUMNS, from: 'devices d', where, orderBy: 'd.id' },
    params,
    a,
  );
}

export interface DropRow {
  reason: string;
  count: number;
  last_at: Date;
}

export async function dropsOf(q: Queryable, id: string): Promise<DropRow[]> {
  return (
    await q.query<DropRow>(
      `select reason, count, last_at from device_drops where device_id = $1 order by reason`,
      [id],
    )
  ).rows;
}

/** Adds counted drops: one statement for every (device, reason) counted since the last flush. */
export async function addDrops(
  q: Queryable,
  drops: ReadonlyArray<{ deviceId: string; reason: string; count: number; at: number }>,
): Promise<void> {
  if (drops.length === 0) return;
  await q.query(
    `insert into device_drops(device_id, reason, count, last_at)
     select s.id, s.reason, s.n, s.at from unnest($1::text[], $2::text[], $3::bigint[], $4::timestamptz[])
       as s(id, reason, n, at)
      where exists (select 1 from devices where id = s.id)
     on conflict (device_id, reason) do update
       set count = device_drops.count + excluded.count, last_at = greatest(device_drops.last_at, excluded.last_at)`,
    [
      drops.map((d) => d.deviceId),
      drops.map((d) => d.reason),
      drops.map((d) => d.count),
      drops.map((d) => new Date(d.at)),
    ],
  );
}

export interface ProfileRow {
  type: string;
  name: string;
  name_en: string;
  metrics: DeviceProfile['metrics'];
  commands: DeviceProfile['commands'];
}

export async function loadProfiles(q: Queryable): Promise<ProfileRow[]> {
  return (await q.query<ProfileRow>(`select type, name, name_en, metrics, commands from device_profiles`))
    .rows;
}

/**
 * Stores the seed catalogue: new types are inserted, and a stored seed type that differs from
 * the catalogue (an older release's, say, without the English names) takes the catalogue's
 * names, metrics and commands, as the catalogue in code is what defines the seed types. Resolves
 * to the types inserted (they get their default alarm rules).
 */
export async function upsertProfiles(q: Queryable, profiles: readonly DeviceProfile[]): Promise<string[]> {
  const inserted: string[] = [];
  for (const p of profiles) {
    const r = await q.query<{ inserted: boolean }>(
      `insert into device_profiles(type, name, name_en, metrics, commands) values ($1, $2, $3, $4, $5)
       on conflict (type) do update set name = excluded.name, name_en = excluded.name_en,
         metrics = excluded.metrics, commands = excluded.commands, updated_at = now()
       where (device_profiles.name, device_profiles.name_en, device_profiles.metrics, device_profiles.commands)
         is distinct from (excluded.name, excluded.name_en, excluded.metrics, excluded.commands)
       returning (xmax = 0) as inserted`,
      [p.type, p.name, p.nameEn, JSON.stringify(p.metrics), JSON.stringify(p.commands)],
    );
    if (r.rows[0]?.inserted === true) inserted.push(p.type);
  }
  return inserted;
}

export async function countDevices(q: Queryable): Promise<number> {
  return (await q.query<{ n: number }>(`select count(*)::int as n from devices`)).rows[0]?.n ?? 0;
}
