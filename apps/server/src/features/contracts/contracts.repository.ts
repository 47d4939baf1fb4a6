import type { ContractRules, ContractService } from '@cityloop/domain';
import type { Queryable } from '../../db/db.js';

export interface ContractRow {
  id: number;
  code: string;
  name: string;
  name_en: string;
  service: ContractService;
  contractor: string;
  contractor_en: string;
  department_id: number;
  district_code: string | null;
  standard: string;
  standard_en: string;
  value_yuan: number;
  start_date: string;
  end_date: string;
  payment_terms: string;
  payment_terms_en: string;
  rules: ContractRules;
}

export interface SectionRow {
  contract_id: number;
  seq: number;
  kind: 'grid' | 'road' | 'polygon';
  ref: string;
  name: string;
  name_en: string | null;
  lines: Array<Array<[number, number]>>;
  codes: string[];
}

export type NewContractRow = Omit<ContractRow, 'id'>;
export type NewSectionRow = Omit<SectionRow, 'contract_id' | 'seq'>;

const CONTRACT_COLUMNS = `id, code, name, name_en, service, contractor, contractor_en, department_id, district_code,
  standard, standard_en, value_yuan::float8 as value_yuan, to_char(start_date, 'YYYY-MM-DD') as start_date,
  to_char(end_date, 'YYYY-MM-DD') as end_date, payment_terms, payment_terms_en, rules`;

export async function countContracts(q: Queryable): Promise<number> {
  return (await q.query<{ n: number }>(`select count(*)::int as n from contracts`)).rows[0]?.n ?? 0;
}

export async function listContracts(q: Queryable, departmentId: number | null): Promise<ContractRow[]> {
  const r = await q.query<ContractRow>(
    `select ${CONTRACT_COLUMNS} from contracts where $1::int is null or department_id = $1 order by code`,
    [departmentId],
  );
  return r.rows;
}

export async function getContract(q: Queryable, id: number): Promise<ContractRow | null> {
  const r = await q.query<ContractRow>(`select ${CONTRACT_COLUMNS} from contracts where id = $1`, [id]);
  return r.rows[0] ?? null;
}

export async function sectionsOf(q: Queryable, ids: readonly number[] | null): Promise<SectionRow[]> {
  const r = await q.query<SectionRow>(
    `select contract_id, seq, kind, ref, name, name_en, lines, codes from contract_sections
     where $1::int[] is null or contract_id = any($1::int[]) order by contract_id, seq`,
    [ids],
  );
  return r.rows;
}

export async function insertContract(
  q: Queryable,
  c: NewContractRow,
  sections: readonly NewSectionRow[],
): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into contracts (code, name, name_en, service, contractor, contractor_en, department_id, district_code,
       standard, standard_en, value_yuan, start_date, end_date, payment_terms, payment_terms_en, rules)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) returning id`,
    [
      c.code,
      c.name,
      c.name_en,
      c.service,
      c.contractor,
      c.contractor_en,
      c.department_id,
      c.district_code,
      c.standard,
      c.standard_en,
      c.value_yuan,
      c.start_date,
      c.end_date,
      c.payment_terms,
      c.payment_terms_en,
      JSON.stringify(c.rules),
    ],
  );
  const id = r.rows[0]!.id;
  for (const [i, s] of sections.entries()) {
    await q.query(
      `insert into contract_sections (contract_id, seq, kind, ref, name, name_en, lines, codes)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, i + 1, s.kind, s.ref, s.name, s.name_en, JSON.stringify(s.lines), s.codes],
    );
  }
  return id;
}

export interface AssessmentRow {
  contract_id: number;
  month: string;
  figures: Record<string, number | null>;
  computed_score: number;
  score: number;
  monthly_yuan: number;
  uncapped_yuan: number;
  deduction_yuan: number;
  cap_yuan: number;
  evidence: Array<{ id: number; code: string; category: string; state: string; reason: string }>;
  status: 'scored' | 'disputed' | 'upheld' | 'rejected';
  dispute_reason: string | null;
  disputed_by: number | null;
  disputed_at: Date | null;
  decision_note: string | null;
  decided_by: number | null;
  decided_at: Date | null;
  computed_at: Date;
}

const ASSESSMENT_COLUMNS = `contract_id, month, figures, computed_score::float8 as computed_score, score::float8 as score,
  monthly_yuan::float8 as monthly_yuan, uncapped_yuan::float8 as uncapped_yuan,
  deduction_yuan::float8 as deduction_yuan, cap_yuan::float8 as cap_yuan, evidence, status, dispute_reason,
  disputed_by, disputed_at, decision_note, decided_by, decided_at, computed_at`;

export async function assessmentsOf(
  q: Queryable,
  month: string,
  ids: readonly number[],
  lock = false,
): Promise<AssessmentRow[]> {
  const r = await q.query<AssessmentRow>(
    `select ${ASSESSMENT_COLUMNS} from contract_assessments where month = $1 and contract_id = any($2::int[])
     ${lock ? 'for update' : ''}`,
    [month, ids],
  );
  return r.rows;
}

/** Stores a (re)computed month; a disputed or decided month is never overwritten. */
export async function saveScored(
  q: Queryable,
  a: Omit<
    AssessmentRow,
    | 'status'
    | 'dispute_reason'
    | 'disputed_by'
    | 'disputed_at'
    | 'decision_note'
    | 'decided_by'
    | 'decided_at'
  >,
) {
  await q.query(
    `insert into contract_assessments (contract_id, month, figures, computed_score, score, monthly_yuan, uncapped_yuan,
       deduction_yuan, cap_yuan, evidence, computed_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     on conflict (contract_id, month) do update set figures = excluded.figures, computed_score = excluded.computed_score,
       score = excluded.score, monthly_yuan = excluded.monthly_yuan, uncapped_yuan = excluded.uncapped_yuan,
       deduction_yuan = excluded.deduction_yuan, cap_yuan = excluded.cap_yuan, evidence = excluded.evidence,
       computed_at = excluded.computed_at
     where contract_assessments.status = 'scored'`,
    [
      a.contract_id,
      a.month,
      JSON.stringify(a.figures),
      a.computed_score,
      a.score,
      a.monthly_yuan,
      a.uncapped_yuan,
      a.deduction_yuan,
      a.cap_yuan,
      JSON.stringify(a.evidence),
      a.computed_at,
    ],
  );
}

export async function setDispute(
  q: Queryable,
  id: number,
  month: string,
  reason: string,
  by: number,
  at: Date,
) {
  await q.query(
    `update contract_assessments set status = 'disputed', dispute_reason = $3, disputed_by = $4, disputed_at = $5
     where contract_id = $1 and month = $2`,
    [id, month, reason, by, at],
  );
}

export async function setDecision(
  q: Queryable,
  id: number,
  month: string,
  d: {
    status: 'upheld' | 'rejected';
    note: string;
    by: number;
    at: Date;
    score: number;
    uncapped: number;
    deduction: number;
  },
) {
  await q.query(
    `update contract_assessments set status = $3, decision_note = $4, decided_by = $5, decided_at = $6, score = $7,
       uncapped_yuan = $8, deduction_yuan = $9
     where contract_id = $1 and month = $2`,
    [id, month, d.status, d.note, d.by, d.at, d.score, d.uncapped, d.deduction],
  );
}
