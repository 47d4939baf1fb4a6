import Supercluster from 'supercluster';
import L from '@/components/map/leafletSetup';
import type { CaseMapPoint, Hotspot } from './caseMap.api';

export type CaseLayerMode = 'points' | 'heat' | 'hotspots';

/** The colour of a case on the map: overdue first, then where it stands in the loop. */
export const STATE_GROUPS = {
  overdue: { color: '#d63031', states: [] as string[] },
  intake: { color: '#e17055', states: ['reported', 'verifying', 'accepted', 'filed'] },
  work: { color: '#0984e3', states: ['dispatched', 'handling'] },
  check: { color: '#00a884', states: ['handled', 'checking', 'checked_ok'] },
  paused: { color: '#8395a7', states: ['suspended'] },
  ended: { color: '#576574', states: [] as string[] },
} as const;
export type StateGroup = keyof typeof STATE_GROUPS;

export function groupOf(p: Pick<CaseMapPoint, 'state' | 'overdue'>): StateGroup {
  if (p.overdue) return 'overdue';
  for (const [g, v] of Object.entries(STATE_GROUPS))
    if ((v.states as readonly string[]).includes(p.state)) return g as StateGroup;
  return 'ended';
}

interface ClusterProps {
  overdue: number;
}

/**
 * The desk's cases drawn on the city map in one of three ways: points gathered into clusters
 * (supercluster, recomputed for the view at each move; a cluster opens on click), a heat map
 * (leaflet.heat), or the month's hotspots as circles sized by their count and ranked.
 */
export function createCaseLayers(
  map: L.Map,
  o: {
    onCase: (id: number) => void;
    onHotspot: (h: Hotspot, rank: number) => void;
    tooltip: (p: CaseMapPoint) => string;
    hotspotTooltip: (h: Hotspot, rank: number) => string;
  },
) {
  const group = L.layerGroup();
  const clusterLayer = L.layerGroup().addTo(group);
  let heat: L.HeatLayer | null = null;
  const hotspotLayer = L.layerGroup().addTo(group);
  let mode: CaseLayerMode = 'points';
  let points: CaseMapPoint[] = [];
  let byId = new Map<number, CaseMapPoint>();
  const index = new Supercluster<{ id: number; overdue: number }, ClusterProps>({
    radius: 56,
    maxZoom: 17,
    map: (p) => ({ overdue: p.overdue }),
    reduce: (acc, p) => {
      acc.overdue += p.overdue;
    },
  });

  function drawClusters() {
    clusterLayer.clearLayers();
    // Nothing to cluster before the first points have come (supercluster has no index yet).
    if (mode !== 'points' || !map.hasLayer(group) || points.length === 0) return;
    const b = map.getBounds().pad(0.2);
    const clusters = index.getClusters(
      [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
      Math.round(map.getZoom()),
    );
    for (const f of clusters) {
      const [lon, lat] = f.geometry.coordinates as [number, number];
      const props = f.properties;
      if ('cluster' in props && props.cluster) {
        const n = props.point_count;
        const size = n < 10 ? 'small' : n < 100 ? 'medium' : 'large';
        const marker = L.marker([lat, lon], {
          icon: L.divIcon({
            html: `<span>${props.point_count_abbreviated}</span>`,
            className: `cl-cluster cl-cluster-${size}${props.overdue > 0 ? ' cl-cluster-overdue' : ''}`,
            iconSize: size === 'small' ? [30, 30] : size === 'medium' ? [38, 38] : [46, 46],
          }),
          keyboard: false,
        });
        const id = props.cluster_id;
        marker.on('click', () => map.setView([lat, lon], Math.min(index.getClusterExpansionZoom(id), 19)));
        clusterLayer.addLayer(marker);
      } else {
        const p = byId.get((props as { id: number }).id);
        if (!p) continue;
        const color = STATE_GROUPS[groupOf(p)].color;
        const marker = L.circleMarker([lat, lon], {
          radius: p.urgency === 'normal' ? 6 : 8,
          color: '#fff',
          weight: 1.5,
          fillColor: color,
          fillOpacity: 0.95,
        });
        marker.bindTooltip(o.tooltip(p), { direction: 'top', offset: [0, -6] });
        marker.on('click', () => o.onCase(p.id));
        clusterLayer.addLayer(marker);
      }
    }
  }

  let heatDraws = 0;
  async function drawHeat() {
    const draw = ++heatDraws;
    heat?.remove();
    heat = null;
    if (mode !== 'heat' || !map.hasLayer(group)) return;
    const make = await heatLayerFactory();
    // A newer draw (new points, another mode) started while the plugin loaded: it draws.
    if (draw !== heatDraws) return;
    heat = make(
      points.map((p) => [p.lat, p.lon, p.overdue ? 1 : 0.6] as L.HeatLatLngTuple),
      { radius: 20, blur: 16, maxZoom: 16, minOpacity: 0.25 },
    );
    group.addLayer(heat);
  }

  function drawHotspots(list: Hotspot[]) {
    hotspotLayer.clearLayers();
    if (mode !== 'hotspots') return;
    const most = Math.max(1, ...list.map((h) => h.count));
    list.forEach((h, i) => {
      const circle = L.circleMarker([h.lat, h.lon], {
        radius: 10 + 22 * Math.sqrt(h.count / most),
        color: '#c0392b',
        weight: 2,
        fillColor: '#e74c3c',
        fillOpacity: 0.35,
      });
      circle.bindTooltip(o.hotspotTooltip(h, i + 1), { direction: 'top' });
      circle.on('click', () => o.onHotspot(h, i + 1));
      const label = L.marker([h.lat, h.lon], {
        icon: L.divIcon({ html: `<span>${i + 1}</span>`, className: 'cl-hotspot-rank', iconSize: [22, 22] }),
        interactive: false,
        keyboard: false,
      });
      hotspotLayer.addLayer(circle);
      hotspotLayer.addLayer(label);
    });
  }

  map.on('moveend', drawClusters);

  return {
    group,
    setMode(m: CaseLayerMode) {
      mode = m;
      drawClusters();
      void drawHeat();
      if (m !== 'hotspots') hotspotLayer.clearLayers();
    },
    setPoints(list: CaseMapPoint[]) {
      points = list;
      byId = new Map(list.map((p) => [p.id, p]));
      index.load(
        list.map((p) => ({
          type: 'Feature' as const,
          geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] },
          properties: { id: p.id, overdue: p.overdue ? 1 : 0 },
        })),
      );
      drawClusters();
      void drawHeat();
    },
    setHotspots: drawHotspots,
    /** Brings a place into view at street zoom (a hotspot picked from the list). */
    focus(lat: number, lon: number) {
      map.setView([lat, lon], Math.max(map.getZoom(), 17));
    },
    /** Redraws after the layer was switched on again in the layer control. */
    redraw() {
      drawClusters();
      void drawHeat();
    },
    destroy() {
      map.off('moveend', drawClusters);
      group.remove();
    },
  };
}

export type CaseLayers = ReturnType<typeof createCaseLayers>;

let heatFactory: Promise<typeof L.heatLayer> | null = null;
/**
 * leaflet.heat is a classic Leaflet plugin: it extends the global `L`. The app's Leaflet is an
 * ES module, so it is handed over as the global once, before the plugin loads (on first use).
 */
function heatLayerFactory(): Promise<typeof L.heatLayer> {
  heatFactory ??= (async () => {
    (window as unknown as { L: typeof L }).L = L;
    await import('leaflet.heat');
    return (window as unknown as { L: typeof L }).L.heatLayer;
  })();
  return heatFactory;
}
