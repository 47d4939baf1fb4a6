import type { ScoreLevel } from '@cityloop/domain';
import type { Queryable } from '../../db/db.js';
import { param } from '../../db/paging.js';

/**
 * SQL of the assessment's findings and the month's kept deductions (0025_assessment.sql): one
 * finding per client id, its dispute and re-inspection, and the per-party deduction rows the
 * scores read. The catalogue, groups, months, settings and sites are in assessment.repository.ts.
 */

export interface FindingInsert {
  clientId: string;
  month: string;
  catalogueId: number;
  categoryCode: string;
  aspectCode: string;
  groupId: number | null;
  siteId: number | null;
  placeKind: string;
  placeName: string | null;
  lon: number;
  lat: number;
  gridCode: string;
  districtCode: string;
  streetCode: string;
  unitId: number | null;
  severity: string;
  occurrences: number;
  deduction: number;
  shares: { bureau: number; district: number; street: number };
  note: string | null;
  photoId: string | null;
  needsFix: boolean;
  caseId: number | null;
  foundAt: Date;
  recordedBy: number;
  recordedAt: Date;
}

/** Inserts a finding; null when its client id was stored before (a repeated upload). */
export async function insertFinding(q: Queryable, f: FindingInsert): Promise<number | null> {
  const r = await q.query<{ id: string }>(
    `insert into assessment_findings (client_id, month, catalogue_id, category_code, aspect_code, group_id, site_id,
       place_kind, place_name, lon, lat, grid_code, district_code, street_code, unit_id, severity, occurrences,
       deduction, share_bureau, share_district, share_street, note, photo_id, needs_fix, case_id, found_at,
       recorded_by, recorded_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
       $23, $24, $25, $26, $27, $28)
     on conflict (client_id) do nothing returning id`,
    [
      f.clientId,
      f.month,
      f.catalogueId,
      f.categoryCode,
      f.aspectCode,
      f.groupId,
      f.siteId,
      f.placeKind,
      f.placeName,
      f.lon,
      f.lat,
      f.gridCode,
      f.districtCode,
      f.streetCode,
      f.unitId,
      f.severity,
      f.occurrences,
      f.deduction,
      f.shares.bureau,
      f.shares.district,
      f.shares.street,
      f.note,
      f.photoId,
      f.needsFix,
      f.caseId,
      f.foundAt,
      f.recordedBy,
      f.recordedAt,
    ],
  );
  return r.rows[0] ? Number(r.rows[0].id) : null;
}

export async function findingIdByClientId(
  q: Queryable,
  clientId: string,
): Promise<{ id: number; recorded_by: number } | null> {
  const r = await q.query<{ id: string; recorded_by: number }>(
    `select id, recorded_by from assessment_findings where client_id = $1`,
    [clientId],
  );
  const row = r.rows[0];
  return row ? { id: Number(row.id), recorded_by: row.recorded_by } : null;
}

export interface FindingRow {
  id: number;
  month: string;
  catalogue_id: number;
  version: string;
  category_code: string;
  aspect_code: string;
  group_id: number | null;
  site_id: number | null;
  place_kind: string;
  place_name: string | null;
  lon: number;
  lat: number;
  grid_code: string;
  district_code: string;
  street_code: string;
  street_name: string;
  unit_id: number | null;
  unit_name: string | null;
  severity: 'minor' | 'normal' | 'serious';
  occurrences: number;
  deduction: number;
  share_bureau: number;
  share_district: number;
  share_street: number;
  note: string | null;
  photo_id: string | null;
  needs_fix: boolean;
  case_id: number | null;
  case_code: string | null;
  case_state: string | null;
  reinspection: 'open' | 'passed' | 'failed';
  reinspected_at: Date | null;
  reinspection_note: string | null;
  dispute: 'pending' | 'upheld' | 'rejected' | null;
  dispute_reason: string | null;
  dispute_decision: string | null;
  disputed_by: number | null;
  counted: boolean;
  found_at: Date;
  recorded_by: number;
  recorded_by_name: string;
}

const FINDING_SELECT = `select f.id::float8 as id, to_char(f.month, 'YYYY-MM') as month, f.catalogue_id, k.version,
    f.category_code, f.aspect_code, f.group_id, f.site_id, f.place_kind, f.place_name, f.lon, f.lat, f.grid_code,
    f.district_code, f.street_code, coalesce(s.name, f.street_code) as street_name, f.unit_id, d.name as unit_name,
    f.severity, f.occurrences, f.deduction::float8 as deduction, f.share_bureau::float8 as share_bureau,
    f.share_district::float8 as share_district, f.share_street::float8 as share_street, f.note, f.photo_id,
    f.needs_fix, f.case_id::float8 as case_id, c.code as case_code, c.state as case_state, f.reinspection,
    f.reinspected_at, f.reinspection_note, f.dispute, f.dispute_reason, f.dispute_decision, f.disputed_by,
    f.counted, f.found_at, f.recorded_by, u.display_name as recorded_by_name
  from assessment_findings f
  join assessment_catalogues k on k.id = f.catalogue_id
  join users u on u.id = f.recorded_by
  left join streets s on s.code = f.street_code
  left join departments d on d.id = f.unit_id
  left join cases c on c.id = f.case_id`;

export async function finding(q: Queryable, id: number, lock = false): Promise<FindingRow | null> {
  if (lock) await q.query(`select id from assessment_findings where id = $1 for update`, [id]);
  const r = await q.query<FindingRow>(`${FINDING_SELECT} where f.id = $1`, [id]);
  return r.rows[0] ?? null;
}

export interface FindingFilter {
  month?: string | undefined;
  level?: ScoreLevel | undefined;
  subject?: string | undefined;
  recordedBy?: number | undefined;
  open?: boolean | undefined;
  countedOnly?: boolean | undefined;
  before?: number | undefined;
  limit: number;
  orderByDeduction?: boolean | undefined;
}

export async function listFindings(q: Queryable, filter: FindingFilter): Promise<FindingRow[]> {
  const p: unknown[] = [];
  const where: string[] = ['true'];
  if (filter.month) where.push(`f.month = ${param(p, `${filter.month}-01`)}`);
  if (filter.level && filter.subject !== undefined) {
    // Compared as a bigint: a subject past the integer column's range is simply no unit (not a 500).
    if (filter.level === 'unit') where.push(`f.unit_id = ${param(p, filter.subject)}::bigint`);
    else where.push(`f.${filter.level}_code = ${param(p, filter.subject)}`);
  }
  if (filter.recordedBy !== undefined) where.push(`f.recorded_by = ${param(p, filter.recordedBy)}`);
  if (filter.open) where.push(`f.needs_fix and f.reinspection <> 'passed' and f.counted`);
  if (filter.countedOnly) where.push('f.counted');
  if (filter.before !== undefined) where.push(`f.id < ${param(p, filter.before)}`);
  const order = filter.orderByDeduction ? 'f.deduction desc, f.id desc' : 'f.id desc';
  const r = await q.query<FindingRow>(
    `${FINDING_SELECT} where ${where.join(' and ')} order by ${order} limit ${param(p, filter.limit)}`,
    p,
  );
  return r.rows;
}

export async function setReinspection(
  q: Queryable,
  id: number,
  r: { passed: boolean; note: string | null; by: number; at: Date },
) {
  await q.query(
    `update assessment_findings set reinspection = $2, reinspection_note = $3, reinspected_by = $4, reinspected_at = $5
     where id = $1`,
    [id, r.passed ? 'passed' : 'failed', r.note, r.by, r.at],
  );
}

export async function setDispute(q: Queryable, id: number, d: { reason: string; by: number; at: Date }) {
  await q.query(
    `update assessment_findings set dispute = 'pending', dispute_reason = $2, disputed_by = $3, disputed_at = $4,
       dispute_decision = null, decided_by = null, decided_at = null where id = $1`,
    [id, d.reason, d.by, d.at],
  );
}

export async function decideDispute(
  q: Queryable,
  id: number,
  d: { upheld: boolean; note: string; by: number; at: Date },
) {
  await q.query(
    `update assessment_findings set dispute = $2, dispute_decision = $3, decided_by = $4, decided_at = $5,
       counted = counted and not $6 where id = $1`,
    [id, d.upheld ? 'upheld' : 'rejected', d.note, d.by, d.at, d.upheld],
  );
}

/** Adds a finding's shares to (sign 1) or takes them from (sign −1) the month's deductions. */
export async function applyDeductions(
  q: Queryable,
  month: string,
  rows: readonly { level: ScoreLevel; subject: string; aspect: string; amount: number }[],
  sign: 1 | -1,
) {
  for (const row of rows) {
    await q.query(
      `insert into assessment_deductions (month, level, subject, aspect_code, deducted, findings)
       values ($1, $2, $3, $4, $5, $6)
       on conflict (month, level, subject, aspect_code) do update
         set deducted = assessment_deductions.deducted + excluded.deducted,
             findings = assessment_deductions.findings + excluded.findings`,
      [`${month}-01`, row.level, row.subject, row.aspect, sign * row.amount, sign],
    );
  }
}

export interface DeductionRow {
  subject: string;
  aspect_code: string;
  deducted: number;
  findings: number;
}

export async function deductions(q: Queryable, month: string, level: ScoreLevel): Promise<DeductionRow[]> {
  const r = await q.query<DeductionRow>(
    `select subject, aspect_code, deducted::float8 as deducted, findings from assessment_deductions
     where month = $1 and level = $2 and findings > 0`,
    [`${month}-01`, level],
  );
  return r.rows;
}

/** The month's counts for the bulletin. */
export async function monthTotals(q: Queryable, month: string) {
  const r = await q.query<{ findings: number; cases: number; fixed: number; disputes: number }>(
    `select count(*)::int as findings, count(case_id)::int as cases,
       count(*) filter (where reinspection = 'passed')::int as fixed,
       count(*) filter (where dispute is not null)::int as disputes
     from assessment_findings where month = $1`,
    [`${month}-01`],
  );
  return r.rows[0]!;
}
