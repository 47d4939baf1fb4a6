import type { CommandState } from '@cityloop/domain';
import type { Queryable } from '../../db/db.js';
import { param } from '../../db/paging.js';

export interface CommandRow {
  id: number;
  device_id: string;
  name: string;
  params: Record<string, number>;
  critical: boolean;
  state: CommandState;
  requested_by: number;
  requested_by_name: string;
  requested_by_name_en: string | null;
  requested_at: Date;
  confirmed_by_name: string | null;
  confirmed_by_name_en: string | null;
  confirmed_at: Date | null;
  state_since: Date;
  deadline_at: Date | null;
  message: string | null;
  current_value: number | null;
}

const COLUMNS = `id, device_id, name, params, critical, state, requested_by, requested_by_name, requested_by_name_en,
  requested_at, confirmed_by_name, confirmed_by_name_en, confirmed_at, state_since, deadline_at, message, current_value`;

export async function insertCommand(
  q: Queryable,
  c: {
    deviceId: string;
    name: string;
    params: Record<string, number>;
    critical: boolean;
    state: CommandState;
    requestedBy: number;
    requestedByName: string;
    requestedByNameEn: string | null;
    at: Date;
    deadlineAt: Date | null;
    /** The reading the step limit was measured from (the value the command changes). */
    current: number | null;
  },
): Promise<CommandRow> {
  const r = await q.query<CommandRow>(
    `insert into commands(device_id, name, params, critical, state, requested_by, requested_by_name, requested_at,
       state_since, deadline_at, current_value, requested_by_name_en)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11) returning ${COLUMNS}`,
    [
      c.deviceId,
      c.name,
      JSON.stringify(c.params),
      c.critical,
      c.state,
      c.requestedBy,
      c.requestedByName,
      c.at,
      c.deadlineAt,
      c.current,
      c.requestedByNameEn,
    ],
  );
  return r.rows[0]!;
}

export async function getCommand(q: Queryable, id: number, lock = false): Promise<CommandRow | null> {
  return (
    (
      await q.query<CommandRow>(`select ${COLUMNS} from commands where id = $1 ${lock ? 'for update' : ''}`, [
        id,
      ])
    ).rows[0] ?? null
  );
}

/**
 * Moves a command from `from` to `to` only if it is still in `from` (two nodes, or an ack racing a
 * timeout, cannot both win). Returns the updated row, or null when someone else moved it first.
 */
export async function moveCommand(
  q: Queryable,
  id: number,
  from: CommandState,
  to: CommandState,
  set: {
    at: Date;
    deadlineAt: Date | null;
    message?: string | null;
    confirmedBy?: number;
    confirmedByName?: string;
    confirmedByNameEn?: string | null;
  },
): Promise<CommandRow | null> {
  const params: unknown[] = [id, from, to, set.at, set.deadlineAt];
  const extra: string[] = [];
  if (set.message !== undefined) extra.push(`message = ${param(params, set.message)}`);
  if (set.confirmedBy !== undefined) {
    extra.push(`confirmed_by = ${param(params, set.confirmedBy)}`);
    extra.push(`confirmed_by_name = ${param(params, set.confirmedByName ?? null)}`);
    extra.push(`confirmed_by_name_en = ${param(params, set.confirmedByNameEn ?? null)}`);
    extra.push(`confirmed_at = $4`);
  }
  const r = await q.query<CommandRow>(
    `update commands set state = $3, state_since = $4, deadline_at = $5, updated_at = now()
       ${extra.length ? `, ${extra.join(', ')}` : ''}
      where id = $1 and state = $2 returning ${COLUMNS}`,
    params,
  );
  return r.rows[0] ?? null;
}

export async function insertEvent(
  q: Queryable,
  e: {
    commandId: number;
    event: string;
    fromState: string | null;
    toState: string;
    actorId?: number | null;
    actorName?: string | null;
    at: Date;
    detail?: Record<string, unknown> | null;
  },
): Promise<void> {
  await q.query(
    `insert into command_events(command_id, event, from_state, to_state, actor_id, actor_name, at, detail)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      e.commandId,
      e.event,
      e.fromState,
      e.toState,
      e.actorId ?? null,
      e.actorName ?? null,
      e.at,
      e.detail ? JSON.stringify(e.detail) : null,
    ],
  );
}

export interface CommandEventRow {
  id: number;
  event: string;
  from_state: string | null;
  to_state: string;
  actor_name: string | null;
  at: Date;
  detail: Record<string, unknown> | null;
}

export async function eventsOf(q: Queryable, id: number): Promise<CommandEventRow[]> {
  return (
    await q.query<CommandEventRow>(
      `select id, event, from_state, to_state, actor_name, at, detail from command_events
        where command_id = $1 order by id`,
      [id],
    )
  ).rows;
}

export async function queuedFor(q: Queryable, deviceId: string): Promise<CommandRow[]> {
  return (
    await q.query<CommandRow>(
      `select ${COLUMNS} from commands where device_id = $1 and state = 'queued' order by id`,
      [deviceId],
    )
  ).rows;
}

export async function due(q: Queryable, now: Date, limit = 500): Promise<CommandRow[]> {
  return (
    await q.query<CommandRow>(
      `select ${COLUMNS} from commands where deadline_at is not null and deadline_at <= $1
        order by deadline_at limit $2`,
      [now, limit],
    )
  ).rows;
}

export async function listCommands(
  q: Queryable,
  f: {
    deviceIds?: string[] | undefined;
    state?: string | undefined;
    before?: number | undefined;
    limit: number;
  },
): Promise<CommandRow[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (f.deviceIds) where.push(`device_id = any(${param(params, f.deviceIds)}::text[])`);
  if (f.state) where.push(`state = ${param(params, f.state)}`);
  if (f.before !== undefined) where.push(`id < ${param(params, f.before)}`);
  return (
    await q.query<CommandRow>(
      `select ${COLUMNS} from commands ${where.length ? `where ${where.join(' and ')}` : ''}
        order by id desc limit ${param(params, f.limit)}`,
      params,
    )
  ).rows;
}

export async function getCommands(q: Queryable, ids: readonly number[]): Promise<CommandRow[]> {
  return (await q.query<CommandRow>(`select ${COLUMNS} from commands where id = any($1::bigint[])`, [ids]))
    .rows;
}
