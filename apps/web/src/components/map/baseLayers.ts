import L from 'leaflet';
import type { AreaProps, Fc, MapLayers, PlaceProps, RoadProps } from './map.api';
import { seaPolygon } from './sea';
import { escapeHtml } from './escapeHtml';

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
        .setContent(escapeHtml(f.properties.name)),
    );
  }
  return group;
}

function outlines(fc: AreaFc, renderer: L.Renderer, style: L.PathOptions): L.GeoJSON {
  return L.geoJSON(fc, { renderer, interactive: false, style: () => style } as L.GeoJSONOptions);
}

const ROAD_STYLE: Record<RoadProps['class'], L.PathOptions> = {
  A: { color: '#f0b45a', weight: 5 },
  B: { color: '#f6d59a', weight: 3.5 },
  C: { color: '#d8cdb8', weight: 2 },
};

/** The offline base map from /api/map/layers. */
export function buildBaseLayers(map: L.Map, data: MapLayers): BaseLayers {
  if (!map.getPane(BASE_PANE)) {
    map.createPane(BASE_PANE).style.zIndex = '300';
    map.createPane(LABEL_PANE).style.zIndex = '450';
  }
  const renderer = L.canvas({ pane: BASE_PANE, padding: 0.5 });
  const { layers } = data;
  const overlays: Array<[string, L.Layer]> = [];

  if (data.tileUrl) overlays.push(['tiles', L.tileLayer(data.tileUrl, { pane: 'tilePane', maxZoom: 19 })]);

  const coast = layers.coastline?.features[0]?.geometry;
  const coastLine = coast?.type === 'LineString' ? coast.coordinates : coast?.coordinates[0];
  const ring = coastLine ? seaPolygon(coastLine, data.center) : null;
  if (ring) {
    const latlngs = ring.map((p) => L.latLng(p[1]!, p[0]!));
    const sea = L.polygon(latlngs, {
      renderer,
      interactive: false,
      stroke: false,
      fillColor: '#a9cde8',
      fillOpacity: 1,
    });
    const shore = L.geoJSON(layers.coastline, {
      renderer,
      interactive: false,
      style: () => ({ color: '#6fa6cf', weight: 1.5 }),
    } as L.GeoJSONOptions);
    overlays.push(['sea', L.layerGroup([sea, shore])]);
  }

  const districts = outlines(layers.districts, renderer, {
    color: '#50708f',
    weight: 2,
    fillColor: '#fbfaf5',
    fillOpacity: 1,
  });
  overlays.push([
    'districts',
    L.layerGroup([districts, zoomGated(map, labels(layers.districts, 'cl-label cl-label-district'), 0, 13)]),
  ]);

  const streets = outlines(layers.streets, renderer, {
    color: '#7d8ea3',
    weight: 1.2,
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

  if (layers.roads) {
    const roads = L.geoJSON(layers.roads, {
      renderer,
      interactive: false,
      style: (f?: GeoJSON.Feature<GeoJSON.Geometry, RoadProps>) => ROAD_STYLE[f?.properties.class ?? 'C'],
    } as L.GeoJSONOptions);
    overlays.push(['roads', roads]);
  }

  if (layers.places) {
    const places = L.geoJSON(layers.places, {
      pointToLayer: (f: GeoJSON.Feature<GeoJSON.Point, PlaceProps>, latlng: L.LatLng) =>
        L.circleMarker(latlng, {
          renderer,
          radius: 5,
          color: '#fff',
          weight: 1.5,
          fillColor: '#2f7d5b',
          fillOpacity: 1,
        }).bindTooltip(
          escapeHtml(f.properties.name) +
            (f.properties.note ? `<br><small>${escapeHtml(f.properties.note)}</small>` : ''),
        ),
    } as L.GeoJSONOptions);
    overlays.push(['places', places]);
  }

  const b = layers.bounds;
  const bounds = b ? L.latLngBounds([b[1], b[0]], [b[3], b[2]]) : districts.getBounds();
  return { overlays, bounds: bounds.isValid() ? bounds : null };
}
