import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from './common.js';

const Crs = Type.Optional(
  Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02'), Type.Literal('bd09')], {
    description: 'Coordinate system of lon/lat (in and out); WGS-84 unless said. Default wgs84.',
  }),
);

/** What a gazetteer entry is. */
export const PlaceKind = Type.Union([
  Type.Literal('district'),
  Type.Literal('street'),
  Type.Literal('community'),
  Type.Literal('road'),
  Type.Literal('intersection'),
  Type.Literal('address'),
  Type.Literal('landmark'),
]);
export type PlaceKind = Static<typeof PlaceKind>;

export const GeocodeQuery = Type.Object({
  q: Type.String({
    minLength: 1,
    maxLength: 100,
    description: 'An address: a road, "A路与B路交叉口", "南大街25号", a community, a street or a landmark',
  }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
  crs: Crs,
});
export type GeocodeQuery = Static<typeof GeocodeQuery>;

export const GeocodeCandidate = Type.Object({
  name: Type.String(),
  /** The English name (pinyin with English generics: 胜利路 → Shengli Road), for the English interface. */
  nameEn: Type.Optional(Type.String()),
  kind: PlaceKind,
  lon: Type.Number(),
  lat: Type.Number(),
  gridCode: Nullable(
    Type.String({ description: 'The unit grid at the point (null outside the gridded city)' }),
  ),
});
export type GeocodeCandidate = Static<typeof GeocodeCandidate>;

export const GeocodeResult = Type.Object({ candidates: Type.Array(GeocodeCandidate) });
export type GeocodeResult = Static<typeof GeocodeResult>;

export const ReverseGeocodeQuery = Type.Object({
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  crs: Crs,
});
export type ReverseGeocodeQuery = Static<typeof ReverseGeocodeQuery>;

export const ReverseGeocodeResult = Type.Object({
  /** The nearest address: a house number on the nearest road, or the nearest named place. */
  name: Type.String(),
  nameEn: Type.Optional(Type.String()),
  kind: PlaceKind,
  lon: Type.Number(),
  lat: Type.Number(),
  distanceM: Type.Number({ description: 'From the point asked about to the address' }),
  gridCode: Nullable(Type.String()),
  community: Nullable(Type.String()),
  street: Nullable(Type.String()),
  district: Nullable(Type.String()),
  /** The same three in English (芝罘区 → Zhifu District). */
  communityEn: Type.Optional(Nullable(Type.String())),
  streetEn: Type.Optional(Nullable(Type.String())),
  districtEn: Type.Optional(Nullable(Type.String())),
});
export type ReverseGeocodeResult = Static<typeof ReverseGeocodeResult>;
