import L from 'leaflet';
import type { AreaProps, Fc, MapLayers } from './map.api';
import { escapeHtml } from './escapeHtml';
import { placeLabel } from './geocode.api';
import { rasterTileLayer } from './rasterTiles';
import { vectorBaseLayer } from './vectorBase';

/** Base layers draw in their own pane under the overlays (grids, highlights). */
export const BASE_PANE = 'cl-base';
export const LABEL_PANE = 'cl-labels';

export interface BaseLayers {
  /** Toggleable layers by i18n key (map.layers.<key>), in drawing order. */
  overlays: Array<[string, L.Layer]>;
  bounds: L.LatLngBounds | null;
}

/**
 * A layer that is shown only between two zoom levels while its wrapper is on the map, so the
 * layer control and zoom both decide.
 */
export function zoomGated(map: L.Map, layer: L.Layer, minZoom: number, maxZoom = 30): L.LayerGroup {
  const wrapper = L.layerGroup();
  const update = () => {
    const z = map.getZoom();
    const want = z >= minZoom && z <= maxZoom;
    if (want && !wrapper.hasLayer(layer)) wrapper.addLayer(layer);
    if (!want && wrapper.hasLayer(layer)) wrapper.removeLayer(layer);
  };
  map.on('zoomend', update);
  wrapper.on('add', update);
  return wrapper;
}

type AreaFc = Fc<GeoJSON.MultiPolygon | GeoJSON.Polygon, AreaProps>;

function labels(fc: AreaFc, className: string): L.LayerGroup {
  const group = L.layerGroup();
  for (const f of fc.features) {
    const center = L.geoJSON(f).getBounds().getCenter();
    group.addLayer(
      L.tooltip({ permanent: true, direction: 'center', className, pane: LABEL_PANE, interactive: false })
        .setLatLng(center)
        .setContent(escapeHtml(placeLabel(f.properties))),
    );
  }
  return group;
}

function outlines(fc: AreaFc, renderer: L.Renderer, style: L.PathOptions): L.GeoJSON {
  return L.geoJSON(fc, { renderer, interactive: false, style: () => style } as L.GeoJSONOptions);
}

/** The offline base map from /api/map/layers: the city's vector tiles, TILE_URL's rasters, the areas. */
export function buildBaseLayers(map: L.Map, data: MapLayers): BaseLayers {
  if (!map.getPane(BASE_PANE)) {
    map.createPane(BASE_PANE).style.zIndex = '300';
    map.createPane(LABEL_PANE).style.zIndex = '450';
  }
  const renderer = L.canvas({ pane: BASE_PANE, padding: 0.5 });
  const { layers } = data;
  const overlays: Array<[string, L.Layer]> = [];

  // A real deployment's raster service (TILE_URL) lies under the city's own layers.
  if (data.tiles.length > 0) overlays.push(['tiles', L.layerGroup(data.tiles.map(rasterTileLayer))]);
  overlays.push([
    'base',
    vectorBaseLayer(data.vectorTiles.url, data.vectorTiles.maxZoom, { opaque: data.tiles.length === 0 }),
  ]);

  const districts = outlines(layers.districts, renderer, {
    color: '#50708f',
    weight: 2,
    opacity: 0.7,
    fill: false,
  });
  overlays.push([
    'districts',
    L.layerGroup([districts, zoomGated(map, labels(layers.districts, 'cl-label cl-label-district'), 0, 13)]),
  ]);

  const streets = outlines(layers.streets, renderer, {
    color: '#7d8ea3',
    weight: 1.2,
    opacity: 0.8,
    dashArray: '6 4',
    fill: false,
  });
  overlays.push([
    'streets',
    zoomGated(
      map,
      L.layerGroup([streets, zoomGated(map, labels(layers.streets, 'cl-label cl-label-street'), 14, 15)]),
      12,
    ),
  ]);

  const communities = outlines(layers.communities, renderer, {
    color: '#9aa8b8',
    weight: 1,
    opacity: 0.8,
    dashArray: '2 3',
    fill: false,
  });
  overlays.push([
    'communities',
    zoomGated(
      map,
      L.layerGroup([
        communities,
        zoomGated(map, labels(layers.communities, 'cl-label cl-label-community'), 16),
      ]),
      14,
    ),
  ]);

  const b = layers.bounds;
  const bounds = b ? L.latLngBounds([b[1], b[0]], [b[3], b[2]]) : districts.getBounds();
  return { overlays, bounds: bounds.isValid() ? bounds : null };
}
