import type { Queryable } from '../../db/db.js';
import { param } from '../../db/paging.js';

/** SQL of the hotline's call records (0013_hotline_calls.sql). */
export interface CallRow {
  id: number;
  nature: string;
  caller_name: string | null;
  caller_phone: string | null;
  content: string;
  answer: string | null;
  address: string | null;
  seat_name: string | null;
  created_at: Date;
}

export async function insertCall(
  q: Queryable,
  c: {
    nature: string;
    callerName: string | null;
    callerPhone: string | null;
    content: string;
    answer: string | null;
    address: string | null;
    districtCode: string | null;
    seatId: number | null;
    at: Date;
  },
): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into hotline_calls (nature, caller_name, caller_phone, content, answer, address, district_code, seat_id, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id::int as id`,
    [c.nature, c.callerName, c.callerPhone, c.content, c.answer, c.address, c.districtCode, c.seatId, c.at],
  );
  return r.rows[0]!.id;
}

/** Calls newest first by keyset on (created_at, id); a district seat sees its district's. */
export async function listCalls(
  q: Queryable,
  f: {
    districtCode: string | null;
    nature?: string | undefined;
    before: { at: Date; id: number } | null;
    limit: number;
    id?: number;
  },
): Promise<CallRow[]> {
  const p: unknown[] = [];
  const where: string[] = [];
  if (f.districtCode) where.push(`h.district_code = ${param(p, f.districtCode)}`);
  if (f.nature) where.push(`h.nature = ${param(p, f.nature)}`);
  if (f.id !== undefined) where.push(`h.id = ${param(p, f.id)}`);
  if (f.before) where.push(`(h.created_at, h.id) < (${param(p, f.before.at)}, ${param(p, f.before.id)})`);
  const r = await q.query<CallRow>(
    `select h.id::int as id, h.nature, h.caller_name, h.caller_phone, h.content, h.answer, h.address,
            u.display_name as seat_name, h.created_at
     from hotline_calls h left join users u on u.id = h.seat_id
     ${where.length ? `where ${where.join(' and ')}` : ''}
     order by h.created_at desc, h.id desc limit ${param(p, f.limit)}`,
    p,
  );
  return r.rows;
}
