import { Type, type Static } from '@sinclair/typebox';
import { LonLat, Nullable, Page, PageQuery } from './common.js';

/** The states a component (部件) instance is recorded in: 完好 intact … 废弃 abandoned. */
export const COMPONENT_STATES = ['完好', '破损', '丢失', '占用', '废弃'] as const;
export type ComponentState = (typeof COMPONENT_STATES)[number];

/** Survey accuracy of a position: A ±0.5 m, B ±1 m, C ±10 m. */
export const ACCURACY_CLASSES = ['A', 'B', 'C'] as const;
export type AccuracyClass = (typeof ACCURACY_CLASSES)[number];

export const ComponentStateSchema = Type.Union(
  COMPONENT_STATES.map((s) => Type.Literal(s)),
  { description: '完好 intact, 破损 damaged, 丢失 missing, 占用 occupied, 废弃 abandoned' },
);
export const AccuracyClassSchema = Type.Union(
  ACCURACY_CLASSES.map((a) => Type.Literal(a)),
  { description: 'A ±0.5 m, B ±1 m, C ±10 m' },
);

const ComponentCode = Type.String({ pattern: '^[0-9]{16}$', description: '16-digit component code' });
const CategoryCode = Type.String({ pattern: '^[0-9]{4}$', description: '4-digit component category' });

export const ComponentCodeParams = Type.Object({ code: ComponentCode });

export const ComponentMapQuery = Type.Object({
  bbox: Type.String({
    pattern: '^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$',
    description: 'minLon,minLat,maxLon,maxLat (WGS-84)',
  }),
  category: Type.Optional(CategoryCode),
  state: Type.Optional(ComponentStateSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20000, default: 5000 })),
});
export type ComponentMapQuery = Static<typeof ComponentMapQuery>;

export const ComponentFeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  truncated: Type.Boolean({ description: 'True when the box held more than `limit` components' }),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String(),
      properties: Type.Object({
        code: Type.String(),
        category: Type.String(),
        name: Type.String(),
        state: Type.String(),
      }),
      geometry: Type.Object({ type: Type.Literal('Point'), coordinates: LonLat }),
    }),
  ),
});
export type ComponentFeatureCollection = Static<typeof ComponentFeatureCollection>;

export const ComponentListQuery = Type.Composite([
  PageQuery,
  Type.Object({
    category: Type.Optional(CategoryCode),
    gridCode: Type.Optional(Type.String({ pattern: '^[0-9]{15}$' })),
    state: Type.Optional(ComponentStateSchema),
    after: Type.Optional(
      Type.String({
        pattern: '^[0-9]{16}$',
        description: 'Keyset cursor: the page after this code (the `next` of the page before)',
      }),
    ),
  }),
]);
export type ComponentListQuery = Static<typeof ComponentListQuery>;

export const ComponentNearbyQuery = Type.Object({
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  radius: Type.Optional(
    Type.Number({ minimum: 1, maximum: 2000, default: 50, description: 'Search radius in metres' }),
  ),
  category: Type.Optional(CategoryCode),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
});
export type ComponentNearbyQuery = Static<typeof ComponentNearbyQuery>;

/** A component as tables and pickers show it. */
export const ComponentSummary = Type.Object({
  code: Type.String(),
  category: Type.String(),
  categoryName: Type.String(),
  name: Type.String(),
  state: ComponentStateSchema,
  gridCode: Type.String(),
  maintainerDeptId: Nullable(Type.Integer()),
  maintainerDeptName: Nullable(Type.String()),
  position: LonLat,
  changeDate: Nullable(Type.String({ description: 'YYYY-MM-DD' })),
});

export type ComponentSummary = Static<typeof ComponentSummary>;

/**
 * A page of the component table, by keyset on the code: `next` is the `after` of the page that
 * follows (null on the last page); `total` counts every match.
 */
export const ComponentPage = Type.Composite([
  Page(ComponentSummary),
  Type.Object({
    next: Nullable(
      Type.String({ pattern: '^[0-9]{16}$', description: 'The `after` of the next page; null on the last' }),
    ),
  }),
]);
export type ComponentPage = Static<typeof ComponentPage>;

export const ComponentNearby = Type.Composite([
  ComponentSummary,
  Type.Object({ distanceM: Type.Number({ description: 'Metres from the given point' }) }),
]);
export type ComponentNearby = Static<typeof ComponentNearby>;

/** The full record of one component instance (部件普查 fields, see docs/CASE-LOOP.md "Codes"). */
export const ComponentDetail = Type.Object({
  code: Type.String(),
  category: Type.String(),
  categoryName: Type.String(),
  majorName: Type.String(),
  name: Type.String(),
  competentDept: Nullable(Type.String({ description: '主管部门' })),
  owner: Nullable(Type.String({ description: '权属单位' })),
  maintainer: Nullable(
    Type.Object(
      { id: Type.Integer(), code: Type.String(), name: Type.String() },
      { description: '养护单位: usually the department a case about it is dispatched to' },
    ),
  ),
  gridCode: Type.String(),
  state: ComponentStateSchema,
  censusDate: Nullable(Type.String({ description: 'YYYY-MM-DD' })),
  changeDate: Nullable(Type.String({ description: 'YYYY-MM-DD' })),
  source: Type.String({ description: 'census, import or manual' }),
  accuracyClass: AccuracyClassSchema,
  position: LonLat,
  note: Type.String(),
  version: Type.Integer(),
  updatedAt: Type.String(),
});
export type ComponentDetail = Static<typeof ComponentDetail>;

export const ComponentPatch = Type.Object({
  state: Type.Optional(ComponentStateSchema),
  maintainerDeptId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  owner: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  competentDept: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  note: Type.Optional(Type.String({ maxLength: 500 })),
  position: Type.Optional(LonLat),
  accuracyClass: Type.Optional(AccuracyClassSchema),
  version: Type.Optional(
    Type.Integer({ description: 'When given, the patch applies only to this version (409 otherwise)' }),
  ),
});
export type ComponentPatch = Static<typeof ComponentPatch>;

/** One change of a component: field → [before, after]. */
export const ComponentEvent = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  action: Type.String({ description: 'census | created | updated | imported' }),
  username: Type.String(),
  // An array rather than a tuple: the response serializer rejects null in tuple items.
  changes: Type.Record(
    Type.String(),
    Type.Array(Type.Unknown(), { description: '[before, after]; before is null on creation' }),
  ),
});
export type ComponentEvent = Static<typeof ComponentEvent>;

/** A case about the component, as the case loop reports it for the component's history. */
export const ComponentCaseEntry = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  state: Type.String(),
  reportedAt: Type.String(),
  description: Type.String(),
});
export type ComponentCaseEntry = Static<typeof ComponentCaseEntry>;

export const ComponentHistory = Type.Object({
  code: Type.String(),
  events: Type.Array(ComponentEvent, { description: 'Newest first' }),
  cases: Type.Array(ComponentCaseEntry, { description: 'Newest first' }),
});
export type ComponentHistory = Static<typeof ComponentHistory>;

/**
 * Components to import: a GeoJSON FeatureCollection of Points (properties code, category?, name,
 * state, owner, competentDept, maintainerDeptCode, censusDate, accuracyClass, note), or an Excel
 * workbook sent base64-encoded so both arrive as JSON.
 */
export const ComponentImportBody = Type.Union([
  Type.Object(
    {
      type: Type.Literal('FeatureCollection'),
      features: Type.Array(Type.Unknown(), { maxItems: 200_000 }),
    },
    { title: 'ComponentGeoJson' },
  ),
  Type.Object(
    {
      xlsxBase64: Type.String({
        minLength: 1,
        description:
          'An .xlsx file, base64: first sheet, header row 编码/code, 名称/name, 类别/category, 状态/state, ' +
          '经度/lon, 纬度/lat, 权属单位/owner, 主管部门/competentDept, 养护单位编码/maintainerDeptCode, ' +
          '普查日期/censusDate, 精度/accuracyClass, 备注/note',
      }),
    },
    { title: 'ComponentXlsx' },
  ),
]);
export type ComponentImportBody = Static<typeof ComponentImportBody>;
