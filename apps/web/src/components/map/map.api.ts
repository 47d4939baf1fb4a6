import type { TileSource } from '@cityloop/domain';
import { http } from '@/api/http';

type Props = Record<string, unknown>;
export type Fc<G extends GeoJSON.Geometry = GeoJSON.Geometry, P = Props> = GeoJSON.FeatureCollection<G, P>;
export interface AreaProps {
  code: string;
  name: string;
  /** The English name (芝罘区 → Zhifu District). */
  nameEn?: string;
}
export interface RoadProps {
  name: string;
  nameEn?: string;
  class: 'A' | 'B' | 'C' | 'D';
}
export interface PlaceProps {
  name: string;
  nameEn?: string;
  kind?: string;
  note?: string;
}

/** /api/map/layers: the city's own offline base map. */
export interface MapLayers {
  /** The city's vector tiles: streets, buildings, water, land use and their names. */
  vectorTiles: { url: string; maxZoom: number };
  /** TILE_URL's raster services, drawn under the city's layers. */
  tiles: TileSource[];
  center: [number, number];
  layers: {
    districts: Fc<GeoJSON.MultiPolygon | GeoJSON.Polygon, AreaProps>;
    streets: Fc<GeoJSON.MultiPolygon | GeoJSON.Polygon, AreaProps>;
    communities: Fc<GeoJSON.MultiPolygon | GeoJSON.Polygon, AreaProps>;
    coastline?: Fc<GeoJSON.LineString | GeoJSON.MultiLineString>;
    roads?: Fc<GeoJSON.LineString | GeoJSON.MultiLineString, RoadProps>;
    places?: Fc<GeoJSON.Point, PlaceProps>;
    bounds?: [number, number, number, number];
  };
}

let cached: Promise<MapLayers> | null = null;

/** The base layers change only when an admin edits the organisation; one fetch per page load. */
export function fetchMapLayers(): Promise<MapLayers> {
  cached ??= http.get<MapLayers>('/api/map/layers').catch((err: unknown) => {
    cached = null;
    throw err;
  });
  return cached;
}
