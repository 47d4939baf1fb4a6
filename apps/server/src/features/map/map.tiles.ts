import { createHash } from 'node:crypto';
import { GeoJSONVT, type GeoJSONVTFeature } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { DomainError } from '@cityloop/domain';
import type { Db } from '../../db/db.js';
import type { EventBus } from '../../events/bus.js';
import * as repo from './map.repository.js';
import { NAMED_LAYERS, withEnglishNames } from './map.names.js';

/** The deepest zoom tiles are cut at; the browser draws deeper zooms from these (overzoom). */
export const MAX_TILE_ZOOM = 16;

type Props = Record<string, unknown>;

/**
 * A tile layer: where its features come from, and from which zoom (of the tile, one less than the
 * map's: the browser draws a 512-pixel tile over four 256-pixel places) each feature is sent, so
 * a tile of the whole city stays small.
 */
interface TileLayer {
  source: string;
  minZoom: (props: Props) => number;
  /**
   * How far past its edges (of 4096) a tile carries the layer's lines: a name is placed on a road
   * only where the road runs on for half the name's length, so a name that falls on a tile's edge
   * needs the road on both sides of it in both tiles.
   */
  buffer?: number;
}

const ROAD_MIN_ZOOM: Record<string, number> = { A: 8, B: 10, C: 12, D: 13 };
const LAND_MIN_ZOOM: Record<string, number> = {
  hill: 8,
  park: 11,
  campus: 11,
  pitch: 13,
  plaza: 13,
  bank: 12,
};

const LAYERS: Record<string, TileLayer> = {
  water: { source: 'water', minZoom: (p) => (p.kind === 'sea' ? 0 : 9) },
  landuse: { source: 'landuse', minZoom: (p) => LAND_MIN_ZOOM[String(p.kind)] ?? 12 },
  buildings: { source: 'buildings', minZoom: () => 13 },
  lanes: { source: 'lanes', minZoom: () => 14 },
  roads: { source: 'roads', minZoom: (p) => ROAD_MIN_ZOOM[String(p.class)] ?? 13, buffer: 640 },
  waterways: { source: 'waterways', minZoom: () => 10, buffer: 640 },
  places: { source: 'places', minZoom: () => 10 },
};

interface Index {
  version: string;
  layers: Array<{ name: string; index: GeoJSONVT; minZoom: (props: Props) => number; lowest: number }>;
}

/** Tiles kept encoded; the demo city has about 2,000 tiles up to zoom 16. */
const CACHE_TILES = 6000;

/**
 * The base map as Mapbox vector tiles (MVT), cut on first request from the layers the city
 * generator stored (geojson-vt) and kept encoded (vt-pbf), so a tile costs what a static file
 * does. Rebuilt when the stored layers change.
 */
export class VectorTiles {
  private index: Promise<Index> | null = null;
  private readonly cache = new Map<string, Buffer>();

  constructor(
    private readonly db: Db,
    bus: EventBus,
  ) {
    bus.subscribe((e) => {
      if (e.type === 'org.changed' || e.type === 'grids.imported') this.reset();
    });
  }

  /** Changes whenever the stored layers change: part of the tile URL, so browsers may cache tiles. */
  async version(): Promise<string> {
    return (await this.load()).version;
  }

  /** One tile, encoded; an empty buffer where the city has nothing. Bad coordinates are a 400. */
  async tile(z: number, x: number, y: number): Promise<Buffer> {
    if (!Number.isInteger(z) || z < 0 || z > MAX_TILE_ZOOM)
      throw new DomainError('validation.failed', `zoom ${z} is outside 0–${MAX_TILE_ZOOM}`);
    const n = 2 ** z;
    if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= n || y >= n)
      throw new DomainError('validation.failed', `tile ${x}/${y} does not exist at zoom ${z} (0–${n - 1})`);
    const key = `${z}/${x}/${y}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const index = await this.load();
    const buffer = encode(index, z, x, y);
    if (this.index && (await this.index) === index) {
      if (this.cache.size >= CACHE_TILES) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, buffer);
    }
    return buffer;
  }

  /** Starts cutting the index now (a map page asks for its tiles right after its layers). */
  warm(): void {
    this.load().catch(() => undefined);
  }

  private reset(): void {
    this.index = null;
    this.cache.clear();
  }

  private load(): Promise<Index> {
    this.index ??= this.build().catch((err: unknown) => {
      this.index = null;
      throw err;
    });
    return this.index;
  }

  private async build(): Promise<Index> {
    const sources = [...new Set(Object.values(LAYERS).map((l) => l.source))];
    const rows = await repo.tileLayers(this.db, sources);
    const hash = createHash('sha256');
    // (names-en: the tiles carry English names since; a browser's cached tiles are older.)
    hash.update('names-en;');
    for (const r of rows) hash.update(`${r.name}@${r.updated};`);
    const layers: Index['layers'] = [];
    for (const [name, layer] of Object.entries(LAYERS)) {
      const row = rows.find((r) => r.name === layer.source);
      const fc = (row && NAMED_LAYERS.has(layer.source) ? withEnglishNames(row.geojson) : row?.geojson) as
        GeoJSON.FeatureCollection | undefined;
      if (!fc?.features?.length) continue;
      const lowest = Math.min(...fc.features.map((f) => layer.minZoom(f.properties ?? {})));
      const index = new GeoJSONVT(fc, {
        maxZoom: MAX_TILE_ZOOM,
        indexMaxZoom: 4,
        tolerance: 2,
        buffer: layer.buffer ?? 64,
      });
      layers.push({ name, index, minZoom: layer.minZoom, lowest });
    }
    return { version: hash.digest('hex').slice(0, 12), layers };
  }
}

function encode(index: Index, z: number, x: number, y: number): Buffer {
  const tiles: Parameters<typeof fromGeojsonVt>[0] = {};
  let any = false;
  for (const layer of index.layers) {
    if (z < layer.lowest) continue;
    const tile = layer.index.getTile(z, x, y);
    if (!tile) continue;
    const all: GeoJSONVTFeature[] = tile.features;
    const features = all.filter((f) => z >= layer.minZoom((f.tags ?? {}) as Props));
    if (features.length === 0) continue;
    // (geojson-vt's tile type intersects its internal and public feature types; the features are
    // the public kind, so the tile is assigned whole with the filtered list.)
    tiles[layer.name] = Object.assign({}, tile, { features });
    any = true;
  }
  if (!any) return Buffer.alloc(0);
  return Buffer.from(fromGeojsonVt(tiles, { version: 2, extent: 4096 }));
}
