import type { Db } from '../../db/db.js';
import type { EventBus } from '../../events/bus.js';
import * as repo from './map.repository.js';

export interface BaseMapLayers {
  tileUrl: string | null;
  center: number[];
  layers: Record<string, unknown>;
}

const featureCollection = (rows: repo.AreaOutline[]) => ({
  type: 'FeatureCollection',
  features: rows
    .filter((r) => r.geometry)
    .map((r) => ({
      type: 'Feature',
      properties: { code: r.code, name: r.name, ...(r.name_en ? { nameEn: r.name_en } : {}) },
      geometry: r.geometry,
    })),
});

/**
 * The offline base map: the city's own district, street and community outlines, coastline, roads
 * and places, so the map needs no tile server (a tile URL is optional configuration). Built once
 * and again after the organisation or the grids change.
 */
export class BaseMapService {
  private cache: Promise<BaseMapLayers> | null = null;

  constructor(
    private readonly db: Db,
    bus: EventBus,
    private readonly tileUrl: string | null,
  ) {
    bus.subscribe((e) => {
      if (e.type === 'org.changed' || e.type === 'grids.imported') this.cache = null;
    });
  }

  layers(): Promise<BaseMapLayers> {
    this.cache ??= this.build().catch((err: unknown) => {
      this.cache = null;
      throw err;
    });
    return this.cache;
  }

  private async build(): Promise<BaseMapLayers> {
    const stored = await repo.baseLayers(this.db);
    const layers: Record<string, unknown> = {
      districts: featureCollection(stored.districts),
      streets: featureCollection(stored.streets),
      communities: featureCollection(stored.communities),
    };
    let center = [121.4, 37.54];
    for (const l of stored.layers) {
      if (l.name === 'center') center = l.geojson as number[];
      else layers[l.name] = l.geojson;
    }
    return { tileUrl: this.tileUrl, center, layers };
  }
}
