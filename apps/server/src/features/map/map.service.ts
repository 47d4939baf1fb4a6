import { placeNameEn } from '@cityloop/citygen';
import type { TileSource } from '@cityloop/domain';
import type { Db } from '../../db/db.js';
import type { EventBus } from '../../events/bus.js';
import { NAMED_LAYERS, withEnglishNames } from './map.names.js';
import * as repo from './map.repository.js';
import { MAX_TILE_ZOOM, type VectorTiles } from './map.tiles.js';

export interface BaseMapLayers {
  /** The city's own vector tiles (streets, buildings, water, land use, names). */
  vectorTiles: { url: string; maxZoom: number };
  /** Raster tiles configured with TILE_URL, drawn under the city's layers. */
  tiles: TileSource[];
  center: number[];
  layers: Record<string, unknown>;
}

const featureCollection = (rows: repo.AreaOutline[]) => ({
  type: 'FeatureCollection',
  features: rows
    .filter((r) => r.geometry)
    .map((r) => ({
      type: 'Feature',
      // English names for the English interface: a full stored one, else made from the Chinese.
      properties: {
        code: r.code,
        name: r.name,
        nameEn: r.name_en?.includes(' ') ? r.name_en : placeNameEn(r.name),
      },
      geometry: r.geometry,
    })),
});

/**
 * The offline base map: the city's own district, street and community outlines, coastline, named
 * roads and places as GeoJSON (the gazetteer reads them too), and the URL of its vector tiles for
 * everything else, so the map needs no tile server (TILE_URL is optional configuration). Built
 * once and again after the organisation or the grids change.
 */
export class BaseMapService {
  private cache: Promise<BaseMapLayers> | null = null;

  constructor(
    private readonly db: Db,
    bus: EventBus,
    private readonly tiles: TileSource[],
    private readonly vector: VectorTiles,
  ) {
    bus.subscribe((e) => {
      if (e.type === 'org.changed' || e.type === 'grids.imported') this.cache = null;
    });
  }

  /** One stored layer's GeoJSON (null when there is none), without building the tiles. */
  async layer(name: string): Promise<unknown> {
    const raw = (await repo.tileLayers(this.db, [name]))[0]?.geojson ?? null;
    return typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  }

  layers(): Promise<BaseMapLayers> {
    this.vector.warm();
    this.cache ??= this.build().catch((err: unknown) => {
      this.cache = null;
      throw err;
    });
    return this.cache;
  }

  private async build(): Promise<BaseMapLayers> {
    const [stored, version] = await Promise.all([repo.baseLayers(this.db), this.vector.version()]);
    const layers: Record<string, unknown> = {
      districts: featureCollection(stored.districts),
      streets: featureCollection(stored.streets),
      communities: featureCollection(stored.communities),
    };
    let center = [121.4, 37.54];
    for (const l of stored.layers) {
      if (l.name === 'center') center = l.geojson as number[];
      else layers[l.name] = NAMED_LAYERS.has(l.name) ? withEnglishNames(l.geojson) : l.geojson;
    }
    return {
      vectorTiles: { url: `/api/map/tiles/{z}/{x}/{y}.pbf?v=${version}`, maxZoom: MAX_TILE_ZOOM },
      tiles: this.tiles,
      center,
      layers,
    };
  }
}
