import type { Queryable } from '../../db/db.js';
import type { CockpitPeriod, CockpitReportDetail, CockpitResponse } from '@cityloop/domain/api';

export interface ReportRow {
  id: number;
  period: CockpitPeriod;
  day: string;
  from_at: Date;
  to_at: Date;
  created_at: Date;
  created_by: string | null;
}
export interface ReportRowFull extends ReportRow {
  data: CockpitResponse;
  worst: CockpitReportDetail['worst'];
}

const COLUMNS = `id::int id, period, to_char(day, 'YYYY-MM-DD') as day, from_at, to_at, created_at, created_by`;

/** Stores a report, replacing one of the same period and day. */
export async function saveReport(
  q: Queryable,
  r: {
    period: CockpitPeriod;
    day: string;
    from: Date;
    to: Date;
    data: CockpitResponse;
    worst: CockpitReportDetail['worst'];
    createdBy: string | null;
  },
): Promise<ReportRow> {
  const { rows } = await q.query<ReportRow>(
    `insert into cockpit_reports (period, day, from_at, to_at, data, worst, created_by)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (period, day) do update set from_at = excluded.from_at, to_at = excluded.to_at,
       data = excluded.data, worst = excluded.worst, created_by = excluded.created_by, created_at = now()
     returning ${COLUMNS}`,
    [r.period, r.day, r.from, r.to, JSON.stringify(r.data), JSON.stringify(r.worst), r.createdBy],
  );
  return rows[0]!;
}

export async function listReports(q: Queryable, limit = 200): Promise<ReportRow[]> {
  return (
    await q.query<ReportRow>(
      `select ${COLUMNS} from cockpit_reports order by day desc, period, id desc limit $1`,
      [limit],
    )
  ).rows;
}

export async function getReport(q: Queryable, id: number): Promise<ReportRowFull | null> {
  return (
    (await q.query<ReportRowFull>(`select ${COLUMNS}, data, worst from cockpit_reports where id = $1`, [id]))
      .rows[0] ?? null
  );
}

export async function hasReport(q: Queryable, period: CockpitPeriod, day: string): Promise<boolean> {
  return (
    (await q.query(`select 1 from cockpit_reports where period = $1 and day = $2`, [period, day])).rowCount >
    0
  );
}
