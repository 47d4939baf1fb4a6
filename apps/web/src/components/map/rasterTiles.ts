import L from 'leaflet';
import gcoord from 'gcoord';
import type { TileSource } from '@cityloop/domain';

/**
 * Where a GCJ-02 map draws a WGS-84 point, in pixels at a zoom level: the offset the GCJ-02 tile
 * services (高德, 腾讯) add to every coordinate. It changes by well under a pixel across a screen,
 * so one shift per view places their tiles under the city's WGS-84 layers.
 */
export function gcjPixelShift(map: Pick<L.Map, 'project'>, at: L.LatLng, zoom: number): L.Point {
  const [lon, lat] = gcoord.transform([at.lng, at.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
  return map.project(L.latLng(lat, lon), zoom).subtract(map.project(at, zoom));
}

interface GridLayerInternals {
  _map: L.Map;
  _tileZoom: number;
  _getTiledPixelBounds(center: L.LatLng): L.Bounds;
  _getTilePos(coords: L.Coords): L.Point;
}

const base = L.TileLayer.prototype as unknown as GridLayerInternals;

/**
 * A tile layer for a GCJ-02 service: it asks for the tiles that cover the view as that service
 * sees it (the centre moved by the offset) and draws each one moved back by the same offset.
 */
const GcjTileLayer = L.TileLayer.extend({
  _getTiledPixelBounds(this: GridLayerInternals & { _shift?: L.Point }, center: L.LatLng): L.Bounds {
    const zoom = this._tileZoom;
    this._shift = gcjPixelShift(this._map, center, zoom);
    const bounds = base._getTiledPixelBounds.call(this, center);
    return L.bounds(bounds.min!.add(this._shift), bounds.max!.add(this._shift));
  },
  _getTilePos(this: GridLayerInternals & { _shift?: L.Point }, coords: L.Coords): L.Point {
    const pos = base._getTilePos.call(this, coords);
    return this._shift ? pos.subtract(this._shift) : pos;
  },
}) as unknown as new (url: string, options: L.TileLayerOptions) => L.TileLayer;

/** A raster layer for one TILE_URL template, shifted onto WGS-84 when its service draws GCJ-02. */
export function rasterTileLayer(source: TileSource): L.TileLayer {
  const options: L.TileLayerOptions = {
    pane: 'tilePane',
    subdomains: source.subdomains,
    maxNativeZoom: source.maxZoom,
    maxZoom: 20,
    crossOrigin: false,
  };
  return source.crs === 'gcj02' ? new GcjTileLayer(source.url, options) : L.tileLayer(source.url, options);
}
