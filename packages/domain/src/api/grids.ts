import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from './common.js';

export const GridAtQuery = Type.Object({
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  crs: Type.Optional(
    Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02'), Type.Literal('bd09')], {
      description: 'Coordinate system of lon/lat; converted to WGS-84 at the edge. Default wgs84.',
    }),
  ),
});
export type GridAtQuery = Static<typeof GridAtQuery>;

const CodeName = Type.Object({
  code: Type.String(),
  name: Type.String(),
  /** The area's English name (芝罘区 → Zhifu District), for the English interface. */
  nameEn: Type.Optional(Type.String()),
});
export const GridInfo = Type.Object({
  code: Type.String({ description: '15-digit unit grid code' }),
  community: CodeName,
  street: CodeName,
  district: CodeName,
  responsibleBody: Type.String({
    description: 'Responsible body (责任主体); the street office where none is named',
  }),
  supervisionGrid: Nullable(CodeName),
  areaM2: Type.Number(),
  centroid: Type.Tuple([Type.Number(), Type.Number()]),
  polygon: Type.Array(Type.Array(Type.Tuple([Type.Number(), Type.Number()]))),
  version: Type.Integer(),
});
export type GridInfo = Static<typeof GridInfo>;

export const GridPatch = Type.Object({
  responsibleBody: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  supervisionGridCode: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
});
export type GridPatch = Static<typeof GridPatch>;

export const BboxQuery = Type.Object({
  bbox: Type.String({
    pattern: '^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$',
    description: 'minLon,minLat,maxLon,maxLat (WGS-84)',
  }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20000, default: 5000 })),
});

export const ImportReport = Type.Object({
  ok: Type.Boolean(),
  total: Type.Integer(),
  valid: Type.Integer(),
  problems: Type.Array(
    Type.Object({
      kind: Type.String({
        description:
          'bad_code | duplicate_code | bad_geometry | overlap | gap | outside_community | unknown_community',
      }),
      code: Nullable(Type.String()),
      index: Type.Integer(),
      message: Type.String({
        description: 'The problem in English words (pages tell it from kind and params)',
      }),
      params: Type.Optional(
        Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), {
          description:
            'What the page needs to tell the problem in its language: codes, counts, the sheet row or feature number',
        }),
      ),
    }),
  ),
});
export type ImportReport = Static<typeof ImportReport>;

export const ImportJob = Type.Object({
  id: Type.Integer(),
  state: Type.String(),
  total: Type.Integer(),
  processed: Type.Integer(),
  report: Nullable(ImportReport),
});
