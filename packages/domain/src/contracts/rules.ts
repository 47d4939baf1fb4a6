/**
 * Market-run services (市场化运作 / 共管): the services the bureau contracts out, the case-loop
 * categories a contractor answers for in its sections, and the contract rules that turn a month's
 * score into a payment deduction, never above the contract's cap.
 */

export const CONTRACT_SERVICES = [
  'street_cleaning',
  'landscaping',
  'public_toilets',
  'waste_collection',
  'kitchen_waste',
  'sewage_treatment',
] as const;
export type ContractService = (typeof CONTRACT_SERVICES)[number];

/**
 * The categories whose cases in a contract's sections go to its contractor (component and event
 * codes of the taxonomy). Exposed garbage (event 0102) stays with the district's sanitation office:
 * it is often dumped by residents rather than left by the cleaning crews.
 */
export const SERVICE_CATEGORIES: Record<ContractService, { component: string[]; event: string[] }> = {
  // 道路不洁, 道路遗撒
  street_cleaning: { component: [], event: ['0104', '0112'] },
  // 行道树, 花架花钵, 绿地, 绿地护栏, 绿地维护设施; 绿地脏乱
  landscaping: { component: ['0402', '0404', '0405', '0408', '0409'], event: ['0106'] },
  // 公共厕所, 化粪池, 公厕指示牌
  public_toilets: { component: ['0301', '0302', '0303'], event: [] },
  // 垃圾箱; 积存垃圾渣土
  waste_collection: { component: ['0305'], event: ['0103'] },
  // 垃圾间(楼)
  kitchen_waste: { component: ['0304'], event: [] },
  // 污水井盖; 下水道堵塞或破损
  sewage_treatment: { component: ['0102'], event: ['0404'] },
};

/** Whether a case of this kind and category falls under the service. */
export function serviceCovers(
  service: ContractService,
  kind: 'component' | 'event',
  category: string,
): boolean {
  return SERVICE_CATEGORIES[service][kind].includes(category);
}

/** A contract's monthly assessment rules (考核扣款办法). */
export interface ContractRules {
  /** At or above this score the month is paid in full. */
  passScore: number;
  /** Yuan deducted per point below the pass score. */
  yuanPerPoint: number;
  /** Points lost per complaint (a return visit that was not satisfied). */
  pointsPerComplaint: number;
  /** Weight of the assessment's findings: points lost per point the contractor bears. */
  findingWeight: number;
  /** The most a month's deduction may be, in yuan (扣款上限). */
  capYuan: number;
  /** Days a month the contractor must inspect its own sections (自查); none asked when absent. */
  selfInspectionDays?: number;
  /** Points lost per day of self-inspection short of that. */
  pointsPerMissedDay?: number;
}

/**
 * Self-inspection days due by a day of the month: the contract's days for a whole month, in
 * proportion for a month still running (`elapsed` of `length` days).
 */
export function selfInspectionsDue(r: ContractRules, elapsed: number, length: number): number {
  const days = r.selfInspectionDays ?? 0;
  if (days <= 0) return 0;
  return elapsed >= length ? days : Math.floor((days * Math.max(0, elapsed)) / length);
}

export interface MonthFigures {
  /** The case-loop evaluation's own unit score for the month (null: no cases due). */
  caseScore: number | null;
  disposalDue: number;
  disposedOnTime: number;
  overdue: number;
  rework: number;
  complaints: number;
  /** Points the contractor bears from the assessment's findings in its sections. */
  findingPoints: number;
  findings: number;
  /** Days the contractor inspected its own sections, and the days due by now (0: none asked). */
  selfInspectionDays?: number;
  selfInspectionsDue?: number;
}

export interface MonthResult {
  score: number;
  /** The deduction the rules give, before the cap. */
  uncappedYuan: number;
  deductionYuan: number;
  capped: boolean;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The month's score and deduction: the evaluation's score (100 when nothing was due), less the
 * complaints and findings, within 0–100; every point below the pass score costs `yuanPerPoint`,
 * and the deduction never exceeds the cap.
 */
export function scoreMonth(f: MonthFigures, r: ContractRules): MonthResult {
  const base = f.caseScore ?? 100;
  const missed = Math.max(0, (f.selfInspectionsDue ?? 0) - (f.selfInspectionDays ?? 0));
  const lost =
    f.complaints * r.pointsPerComplaint +
    f.findingPoints * r.findingWeight +
    missed * (r.pointsPerMissedDay ?? 0);
  const score = round2(Math.max(0, Math.min(100, base - lost)));
  return deductionFor(score, r);
}

/** The deduction a score gives under the rules, capped. */
export function deductionFor(score: number, r: ContractRules): MonthResult {
  const uncappedYuan = round2(Math.max(0, r.passScore - score) * r.yuanPerPoint);
  const cap = Math.max(0, r.capYuan);
  const deductionYuan = Math.min(uncappedYuan, cap);
  return { score, uncappedYuan, deductionYuan, capped: uncappedYuan > cap };
}

/** Whether a month (YYYY-MM) lies in a contract's period of whole days. */
export function monthInPeriod(month: string, start: string, end: string): boolean {
  return `${month}-31` >= start && `${month}-01` <= end;
}
