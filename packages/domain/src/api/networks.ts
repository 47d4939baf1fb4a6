import { Type, type Static } from '@sinclair/typebox';
import { AGE_BANDS, MATERIALS, NETWORKS, RENEWAL_REASONS, RISK_GRADES } from '../infrastructure/networks.js';
import { LonLat } from './common.js';

const lit = <T extends string>(values: readonly T[], description?: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    description ? { description } : {},
  );

export const NetworkSchema = lit(NETWORKS, 'water 给水, drainage 排水, heating 热力, gas 燃气');
export const MaterialSchema = lit(MATERIALS);
export const RiskGradeSchema = lit(RISK_GRADES);
export const RenewalReasonSchema = lit(RENEWAL_REASONS);

export const SegmentQuery = Type.Object({
  network: NetworkSchema,
  bbox: Type.String({
    pattern: '^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$',
    description: 'minLon,minLat,maxLon,maxLat (WGS-84)',
  }),
  material: Type.Optional(MaterialSchema),
  grade: Type.Optional(RiskGradeSchema),
  minAge: Type.Optional(Type.Integer({ minimum: 0, maximum: 200, description: 'Years in service at least' })),
  candidate: Type.Optional(Type.Boolean({ description: 'Only segments in the renewal scope' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20000, default: 5000 })),
});
export type SegmentQuery = Static<typeof SegmentQuery>;

const RiskTerm = Type.Object({
  side: lit(['lof', 'cof'] as const),
  code: Type.String(),
  points: Type.Integer(),
});

export const SegmentProperties = Type.Object({
  id: Type.String(),
  network: NetworkSchema,
  kind: Type.String({ description: 'supply, or storm / sewage for drainage' }),
  material: Type.String(),
  diameterMm: Type.Integer(),
  installYear: Type.Integer(),
  pressureClass: Type.Union([Type.String(), Type.Null()]),
  depthM: Type.Union([Type.Number(), Type.Null()]),
  owner: Type.String(),
  state: Type.String(),
  failures: Type.Integer(),
  districtCode: Type.Union([Type.String(), Type.Null()]),
  lengthM: Type.Number(),
  age: Type.Integer(),
  ageBand: Type.String(),
  aging: Type.Boolean(),
  candidate: Type.Boolean(),
  reasons: Type.Array(Type.String()),
  lof: Type.Integer(),
  cof: Type.Integer(),
  score: Type.Integer(),
  grade: RiskGradeSchema,
  terms: Type.Array(RiskTerm),
});
export type SegmentProperties = Static<typeof SegmentProperties>;

export const SegmentFeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  truncated: Type.Boolean({ description: 'True when the box held more than `limit` segments' }),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String(),
      properties: SegmentProperties,
      geometry: Type.Object({ type: Type.Literal('LineString'), coordinates: Type.Array(LonLat) }),
    }),
  ),
});
export type SegmentFeatureCollection = Static<typeof SegmentFeatureCollection>;

export const AgingQuery = Type.Object({
  network: Type.Optional(NetworkSchema),
});
export type AgingQuery = Static<typeof AgingQuery>;

const Km = Type.Number({ description: 'Kilometres, to the metre' });

/** One network's aging report: km by age band and by material, and its renovation candidates. */
export const NetworkAging = Type.Object({
  network: NetworkSchema,
  segments: Type.Integer(),
  totalKm: Km,
  agingKm: Km,
  byAgeBand: Type.Array(Type.Object({ band: lit(AGE_BANDS), km: Km, segments: Type.Integer() })),
  byMaterial: Type.Array(
    Type.Object({ material: Type.String(), km: Km, agingKm: Km, segments: Type.Integer() }),
  ),
  byGrade: Type.Array(Type.Object({ grade: RiskGradeSchema, km: Km, segments: Type.Integer() })),
  candidates: Type.Object({
    km: Km,
    segments: Type.Integer(),
    byReason: Type.Array(Type.Object({ reason: RenewalReasonSchema, km: Km })),
  }),
});
export type NetworkAging = Static<typeof NetworkAging>;

export const AgingReport = Type.Object({
  year: Type.Integer({ description: 'The year ages are counted to (the city’s current year)' }),
  thresholdYears: Type.Integer({ description: 'Older than this is flagged as aging' }),
  networks: Type.Array(NetworkAging),
});
export type AgingReport = Static<typeof AgingReport>;

export const CandidateQuery = Type.Object({
  network: Type.Optional(NetworkSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});
export type CandidateQuery = Static<typeof CandidateQuery>;

/** The renovation candidates, riskiest first, with their totals in km per network. */
export const CandidateList = Type.Object({
  year: Type.Integer(),
  thresholdYears: Type.Integer(),
  totals: Type.Array(Type.Object({ network: NetworkSchema, km: Km, segments: Type.Integer() })),
  items: Type.Array(SegmentProperties),
});
export type CandidateList = Static<typeof CandidateList>;

/** A pipe register to import: an .xlsx (first sheet) in base64, or CSV text; header row first. */
export const NetworkImportBody = Type.Union([
  Type.Object(
    {
      xlsxBase64: Type.String({
        minLength: 1,
        maxLength: 40_000_000,
        description:
          'An .xlsx file, base64: header 编号/id, 种类/network, 类型/kind, 管材/material, 管径/diameter, ' +
          '建设年代/installYear, 压力级制/pressureClass, 埋深/depth, 权属单位/owner, 起点经度/startLon, ' +
          '起点纬度/startLat, 止点经度/endLon, 止点纬度/endLat (or 几何/wkt: LINESTRING(lon lat, …))',
      }),
      dryRun: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      csv: Type.String({ minLength: 1, maxLength: 20_000_000, description: 'The same columns as CSV text' }),
      dryRun: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
]);
export type NetworkImportBody = Static<typeof NetworkImportBody>;

const ImportValue = Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean(), Type.Null()]);

/**
 * Pipe segments as a GeoJSON FeatureCollection (WGS-84): each feature a LineString with the
 * register's columns as properties (id, network, kind, material, diameter, installYear,
 * pressureClass, depth, owner — Chinese or English names); the feature's id may stand for `id`.
 */
export const NetworkGeojsonImportBody = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(
      Type.Object({
        type: Type.Literal('Feature'),
        id: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Number()])),
        properties: Type.Union([
          Type.Record(Type.String({ maxLength: 40 }), ImportValue, { maxProperties: 40 }),
          Type.Null(),
        ]),
        geometry: Type.Union([
          Type.Object({
            type: Type.String({ maxLength: 40 }),
            coordinates: Type.Array(Type.Unknown(), { maxItems: 10_000 }),
          }),
          Type.Null(),
        ]),
      }),
      { maxItems: 50_000 },
    ),
    dryRun: Type.Optional(Type.Boolean()),
  },
  { description: 'A GeoJSON FeatureCollection of LineStrings' },
);
export type NetworkGeojsonImportBody = Static<typeof NetworkGeojsonImportBody>;

export const NetworkImportProblem = Type.Object({
  row: Type.Integer({ description: 'The row as the sheet numbers it (the header is row 1; 0 = the file)' }),
  field: Type.String(),
  code: Type.String({
    description:
      'missing | not_a_number | out_of_range | unknown_network | unknown_kind | unknown_material | unknown_pressure_class | bad_geometry | too_long | duplicate_id | id_exists | no_rows | no_header | unreadable | too_many_rows',
  }),
  zh: Type.String(),
  en: Type.String(),
});
export type NetworkImportProblem = Static<typeof NetworkImportProblem>;

export const NetworkImportReport = Type.Object({
  ok: Type.Boolean({ description: 'No problem: the rows were imported (unless dryRun)' }),
  rows: Type.Integer(),
  imported: Type.Integer(),
  km: Type.Number(),
  problems: Type.Array(NetworkImportProblem),
});
export type NetworkImportReport = Static<typeof NetworkImportReport>;
