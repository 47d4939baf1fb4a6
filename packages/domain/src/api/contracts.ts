import { Type, type Static } from '@sinclair/typebox';
import { CalendarDay, Nullable } from './common.js';

const LonLat = Type.Tuple([Type.Number(), Type.Number()]);
const Day = CalendarDay({ description: 'Local date YYYY-MM-DD' });
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });

export const ContractServiceSchema = Type.Union(
  [
    Type.Literal('street_cleaning'),
    Type.Literal('landscaping'),
    Type.Literal('public_toilets'),
    Type.Literal('waste_collection'),
    Type.Literal('kitchen_waste'),
    Type.Literal('sewage_treatment'),
  ],
  { description: 'The contracted service' },
);

export const ContractRulesSchema = Type.Object({
  passScore: Type.Number({
    minimum: 0,
    maximum: 100,
    description: 'At or above it the month is paid in full',
  }),
  yuanPerPoint: Type.Number({ minimum: 0, description: 'Yuan deducted per point below the pass score' }),
  pointsPerComplaint: Type.Number({ minimum: 0, maximum: 100 }),
  findingWeight: Type.Number({ minimum: 0, maximum: 10 }),
  capYuan: Type.Number({ minimum: 0, description: 'The most a month’s deduction may be (扣款上限)' }),
  selfInspectionDays: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 31,
      description: 'Days a month the contractor inspects its own sections (自查)',
    }),
  ),
  pointsPerMissedDay: Type.Optional(
    Type.Number({ minimum: 0, maximum: 100, description: 'Points lost per self-inspection day short' }),
  ),
});

/** A section (作业区域): an area code or unit grid, a road of the base map, or a polygon drawn on the map. */
export const ContractSectionInput = Type.Union([
  Type.Object({
    kind: Type.Literal('grid'),
    code: Type.String({
      pattern: '^[0-9]{6}([0-9]{3})?([0-9]{3})?([0-9]{3})?$',
      description: 'A district, street, community or unit grid code',
    }),
  }),
  Type.Object({ kind: Type.Literal('road'), name: Type.String({ minLength: 1, maxLength: 60 }) }),
  Type.Object({
    kind: Type.Literal('polygon'),
    name: Type.String({ minLength: 1, maxLength: 60 }),
    polygon: Type.Array(LonLat, { minItems: 4, maxItems: 500 }),
  }),
]);
export type ContractSectionInput = Static<typeof ContractSectionInput>;

export const ContractSection = Type.Object({
  kind: Type.Union([Type.Literal('grid'), Type.Literal('road'), Type.Literal('polygon')]),
  ref: Type.String({ description: 'The area code, the road’s name or the drawn area’s name' }),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  /** Lines (a road) or rings (an area) to draw. */
  lines: Type.Array(Type.Array(LonLat)),
  gridCount: Type.Integer({ description: 'Unit grids the section covers (0: a whole area by its code)' }),
});
export type ContractSection = Static<typeof ContractSection>;

export const Contract = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  service: ContractServiceSchema,
  contractor: Type.String(),
  contractorEn: Type.String(),
  departmentId: Type.Integer({
    description: 'The contractor’s project team: the handling unit its cases go to',
  }),
  districtCode: Nullable(Type.String()),
  standard: Type.String({ description: 'Service standard (作业标准)' }),
  standardEn: Type.String(),
  valueYuan: Type.Number({ description: 'Contract value for the whole period' }),
  monthlyYuan: Type.Number({ description: 'The monthly payment the deduction is taken from' }),
  startDate: Day,
  endDate: Day,
  paymentTerms: Type.String(),
  paymentTermsEn: Type.String(),
  rules: ContractRulesSchema,
  status: Type.Union([Type.Literal('planned'), Type.Literal('active'), Type.Literal('ended')]),
  sections: Type.Array(ContractSection),
});
export type Contract = Static<typeof Contract>;

export const ContractList = Type.Object({ items: Type.Array(Contract) });
export type ContractList = Static<typeof ContractList>;

export const NewContract = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  nameEn: Type.String({ minLength: 1, maxLength: 160 }),
  service: ContractServiceSchema,
  contractor: Type.String({ minLength: 1, maxLength: 100 }),
  contractorEn: Type.String({ minLength: 1, maxLength: 160 }),
  districtCode: Nullable(Type.String({ pattern: '^[0-9]{6}$' })),
  standard: Type.String({ minLength: 1, maxLength: 500 }),
  standardEn: Type.String({ minLength: 1, maxLength: 800 }),
  valueYuan: Type.Number({ minimum: 0, maximum: 1e11 }),
  startDate: Day,
  endDate: Day,
  paymentTerms: Type.String({ minLength: 1, maxLength: 500 }),
  paymentTermsEn: Type.String({ minLength: 1, maxLength: 800 }),
  rules: ContractRulesSchema,
  sections: Type.Array(ContractSectionInput, { minItems: 1, maxItems: 200 }),
});
export type NewContract = Static<typeof NewContract>;

export const ContractIdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,9}$' }) });
export type ContractIdParams = Static<typeof ContractIdParams>;

export const AssessmentMonthQuery = Type.Object({ month: Month });
export type AssessmentMonthQuery = Static<typeof AssessmentMonthQuery>;

export const EvidenceCase = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  category: Type.String(),
  state: Type.String(),
  reason: Type.Union([Type.Literal('overdue'), Type.Literal('rework'), Type.Literal('complaint')]),
});
export type EvidenceCase = Static<typeof EvidenceCase>;

export const ContractAssessment = Type.Object({
  contractId: Type.Integer(),
  contractCode: Type.String(),
  month: Month,
  partial: Type.Boolean({ description: 'The month is still running' }),
  figures: Type.Object({
    caseScore: Nullable(Type.Number({ description: 'The case-loop evaluation’s own unit score' })),
    disposalDue: Type.Integer(),
    disposedOnTime: Type.Integer(),
    overdue: Type.Integer(),
    rework: Type.Integer(),
    complaints: Type.Integer(),
    findingPoints: Type.Number(),
    findings: Type.Integer(),
    selfInspectionDays: Type.Integer({
      description: 'Days the contractor inspected its own sections (自查)',
    }),
    selfInspectionsDue: Type.Integer({ description: 'Self-inspection days due by now under the contract' }),
  }),
  score: Type.Number(),
  computedScore: Type.Number({ description: 'The score the rules gave, before any dispute decision' }),
  monthlyYuan: Type.Number(),
  uncappedYuan: Type.Number(),
  deductionYuan: Type.Number({ description: 'Never above capYuan' }),
  capYuan: Type.Number(),
  capped: Type.Boolean(),
  evidence: Type.Array(EvidenceCase),
  status: Type.Union([
    Type.Literal('scored'),
    Type.Literal('disputed'),
    Type.Literal('upheld'),
    Type.Literal('rejected'),
  ]),
  dispute: Nullable(
    Type.Object({
      reason: Type.String(),
      at: Type.String(),
      decisionNote: Nullable(Type.String()),
      decidedAt: Nullable(Type.String()),
    }),
  ),
  computedAt: Type.String(),
});
export type ContractAssessment = Static<typeof ContractAssessment>;

export const ContractAssessmentList = Type.Object({ month: Month, items: Type.Array(ContractAssessment) });
export type ContractAssessmentList = Static<typeof ContractAssessmentList>;

export const ContractDispute = Type.Object({
  month: Month,
  reason: Type.String({ minLength: 2, maxLength: 1000 }),
});
export type ContractDispute = Static<typeof ContractDispute>;

export const ContractDecision = Type.Object({
  month: Month,
  upheld: Type.Boolean(),
  note: Type.String({ minLength: 2, maxLength: 1000 }),
  score: Type.Optional(
    Type.Number({ minimum: 0, maximum: 100, description: 'The corrected score of an upheld dispute' }),
  ),
});
export type ContractDecision = Static<typeof ContractDecision>;

/** A contractor's own inspection of a section (自查): what it found and fixed at once. */
export const SelfInspection = Type.Object({
  id: Type.Integer(),
  contractId: Type.Integer(),
  inspectedOn: Type.String({ format: 'date' }),
  section: Type.String(),
  findings: Type.Integer(),
  fixed: Type.Integer(),
  note: Type.String(),
  photos: Type.Array(Type.String()),
  lon: Type.Union([Type.Number(), Type.Null()]),
  lat: Type.Union([Type.Number(), Type.Null()]),
});
export type SelfInspection = Static<typeof SelfInspection>;
export const SelfInspectionList = Type.Object({
  month: Type.String(),
  items: Type.Array(SelfInspection),
  days: Type.Integer({ description: 'Days with a self-inspection in the month' }),
  due: Type.Integer({ description: 'Days due under the contract (0: none asked)' }),
});
export type SelfInspectionList = Static<typeof SelfInspectionList>;
export const SelfInspectionQuery = Type.Object(
  { month: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' }) },
  { additionalProperties: false },
);
export type SelfInspectionQuery = Static<typeof SelfInspectionQuery>;
export const SelfInspectionInput = Type.Object(
  {
    inspectedOn: Type.String({ format: 'date' }),
    section: Type.String({ minLength: 1, maxLength: 100 }),
    findings: Type.Integer({ minimum: 0, maximum: 1000 }),
    fixed: Type.Integer({ minimum: 0, maximum: 1000 }),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    photos: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 9 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  },
  { additionalProperties: false },
);
export type SelfInspectionInput = Static<typeof SelfInspectionInput>;
