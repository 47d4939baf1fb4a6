/**
 * Pipe networks (管网) and their renewal rules and risk score: pure functions, read by the
 * server's networks feature and the web page. Sources: docs/INFRASTRUCTURE.md §4.1–4.3
 * (国办发〔2022〕22号 renewal scope, 5 × 5 PoF × CoF matrix).
 */

/** The networks: 给水 water supply, 排水 drainage (storm and sewage), 热力 heating, 燃气 gas. */
export const NETWORKS = ['water', 'drainage', 'heating', 'gas'] as const;
export type Network = (typeof NETWORKS)[number];

/** Drainage carries storm water (雨水) or sewage (污水); the other networks carry one thing. */
export const NETWORK_KINDS = ['supply', 'storm', 'sewage'] as const;
export type NetworkKind = (typeof NETWORK_KINDS)[number];

/**
 * Pipe materials (管材), as codes: 灰口铸铁 grey cast iron, 球墨铸铁 ductile iron, 钢 steel,
 * 镀锌钢 galvanised steel, PE, PVC, HDPE, 水泥 cement, 石棉水泥 asbestos cement, 平口混凝土 plain
 * (unreinforced, spigot) concrete, 钢筋混凝土 reinforced concrete.
 */
export const MATERIALS = [
  'grey_cast_iron',
  'ductile_iron',
  'steel',
  'galvanized_steel',
  'pe',
  'pvc',
  'hdpe',
  'cement',
  'asbestos_cement',
  'plain_concrete',
  'reinforced_concrete',
] as const;
export type Material = (typeof MATERIALS)[number];

/** Gas pressure classes of GB 50028 (高压A … 低压); water and heating pipes carry none. */
export const PRESSURE_CLASSES = ['HA', 'HB', 'SHA', 'SHB', 'MA', 'MB', 'L'] as const;
export type PressureClass = (typeof PRESSURE_CLASSES)[number];

/** A segment's recorded state: 在用 in service, 停用 out of service, 废弃 abandoned. */
export const SEGMENT_STATES = ['in_service', 'out_of_service', 'abandoned'] as const;
export type SegmentState = (typeof SEGMENT_STATES)[number];

/** The attributes the rules read. */
export interface SegmentAttributes {
  network: Network;
  material: Material;
  diameterMm: number;
  installYear: number;
  pressureClass: PressureClass | null;
  /** Bursts and repairs recorded at the segment. */
  failures: number;
}

/** Why a segment is in the renewal scope. */
export const RENEWAL_REASONS = [
  /** Older than the city's threshold (15 years by default: the bureau renews every such pipe). */
  'age_over_threshold',
  /** Gas: all grey cast iron. Water: cement, asbestos and (unlined) grey cast iron. */
  'obsolete_material',
  /** Past the network's service life: gas steel/PE ≥ 20, water ≥ 30, heating ≥ 20, drainage ≥ 50. */
  'service_life',
  /** Drainage: plain concrete pipes. */
  'plain_concrete',
] as const;
export type RenewalReason = (typeof RENEWAL_REASONS)[number];

/**
 * Age bands for the aging report (years in service), each including its upper end: a pipe of
 * exactly 15 years is in '10-15', not yet "older than 15".
 */
export const AGE_BANDS = ['0-10', '10-15', '15-20', '20-30', '30+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export function ageBand(age: number): AgeBand {
  if (age <= 10) return '0-10';
  if (age <= 15) return '10-15';
  if (age <= 20) return '15-20';
  if (age <= 30) return '20-30';
  return '30+';
}

/** Years in service after which a network's pipe is past its life (国办发〔2022〕22号 and §4.1). */
export const SERVICE_LIFE: Record<Network, number> = { gas: 20, water: 30, heating: 20, drainage: 50 };

const OBSOLETE: Record<Network, readonly Material[]> = {
  gas: ['grey_cast_iron'],
  water: ['grey_cast_iron', 'cement', 'asbestos_cement'],
  heating: [],
  drainage: ['plain_concrete'],
};

/** Likelihood of failure (1–5) a material starts from. */
const MATERIAL_LOF: Record<Material, number> = {
  grey_cast_iron: 4,
  asbestos_cement: 4,
  cement: 4,
  plain_concrete: 4,
  galvanized_steel: 3,
  steel: 3,
  ductile_iron: 2,
  reinforced_concrete: 2,
  pvc: 2,
  pe: 1,
  hdpe: 1,
};

/** Risk grades of the 5 × 5 matrix: score 1–4 low, 5–9 medium, 10–15 high, 16–25 very high. */
export const RISK_GRADES = ['low', 'medium', 'high', 'very_high'] as const;
export type RiskGrade = (typeof RISK_GRADES)[number];

export function riskGrade(score: number): RiskGrade {
  if (score >= 16) return 'very_high';
  if (score >= 10) return 'high';
  if (score >= 5) return 'medium';
  return 'low';
}

/** One term of the score, so a reader sees where each point comes from. */
export interface RiskTerm {
  side: 'lof' | 'cof';
  code: 'material' | 'age' | 'failures' | 'pressure' | 'diameter' | 'network';
  points: number;
}

export interface SegmentAssessment {
  age: number;
  ageBand: AgeBand;
  /** Older than the threshold (flagged as aging). */
  aging: boolean;
  reasons: RenewalReason[];
  /** In the renewal scope: at least one reason. */
  candidate: boolean;
  /** Likelihood of failure 1–5, consequence of failure 1–5, score = lof × cof (1–25). */
  lof: number;
  cof: number;
  score: number;
  grade: RiskGrade;
  terms: RiskTerm[];
}

export interface AssessmentParams {
  /** The current year in the city. */
  year: number;
  /** Years in service past which a segment is flagged; 15 by default. */
  thresholdYears?: number;
}

const clamp = (v: number) => Math.max(1, Math.min(5, v));

const HIGH_PRESSURE: readonly PressureClass[] = ['HA', 'HB', 'SHA', 'SHB'];

/**
 * The renewal rules and the risk score of one segment (5 × 5 PoF × CoF matrix): the likelihood
 * from material, age against the network's service life, failure history and gas pressure; the
 * consequence from main size and what the network carries. Every term is returned.
 */
export function assessSegment(s: SegmentAttributes, p: AssessmentParams): SegmentAssessment {
  const threshold = p.thresholdYears ?? 15;
  const age = Math.max(0, p.year - s.installYear);
  const life = SERVICE_LIFE[s.network];
  const reasons: RenewalReason[] = [];
  if (age > threshold) reasons.push('age_over_threshold');
  if (s.network === 'drainage' && s.material === 'plain_concrete') reasons.push('plain_concrete');
  else if (OBSOLETE[s.network].includes(s.material)) reasons.push('obsolete_material');
  if (age >= life) reasons.push('service_life');

  const terms: RiskTerm[] = [];
  const material = MATERIAL_LOF[s.material];
  terms.push({ side: 'lof', code: 'material', points: material });
  const ageRatio = age / life;
  const agePts = ageRatio >= 1.5 ? 2 : ageRatio >= 1 ? 1 : ageRatio < 0.5 ? -1 : 0;
  if (agePts !== 0) terms.push({ side: 'lof', code: 'age', points: agePts });
  const failurePts = s.failures >= 3 ? 2 : s.failures >= 1 ? 1 : 0;
  if (failurePts) terms.push({ side: 'lof', code: 'failures', points: failurePts });
  if (s.network === 'gas' && s.pressureClass && HIGH_PRESSURE.includes(s.pressureClass)) {
    terms.push({ side: 'lof', code: 'pressure', points: 1 });
  }
  const d = s.diameterMm;
  const diameterPts = d >= 800 ? 5 : d >= 500 ? 4 : d >= 300 ? 3 : d >= 150 ? 2 : 1;
  terms.push({ side: 'cof', code: 'diameter', points: diameterPts });
  if (s.network === 'gas') terms.push({ side: 'cof', code: 'network', points: 1 });
  if (s.network === 'heating' && d >= 300) terms.push({ side: 'cof', code: 'network', points: 1 });

  const sum = (side: RiskTerm['side']) =>
    terms.filter((t) => t.side === side).reduce((a, t) => a + t.points, 0);
  const lof = clamp(sum('lof'));
  const cof = clamp(sum('cof'));
  const score = lof * cof;
  return {
    age,
    ageBand: ageBand(age),
    aging: age > threshold,
    reasons,
    candidate: reasons.length > 0,
    lof,
    cof,
    score,
    grade: riskGrade(score),
    terms,
  };
}
