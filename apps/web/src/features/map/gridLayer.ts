import { ref } from 'vue';
import L from '@/components/map/leafletSetup';
import { gridsApi, type GridInfo } from '@/features/grids/grids.api';
import { showError } from '@/api/errors';

/** Unit grids are drawn from this zoom level on; below it the map shows a hint instead. */
export const GRID_MIN_ZOOM = 15;
const GRID_PANE = 'cl-grids';
const HIGHLIGHT_PANE = 'cl-highlight';

// Violet and dashed: grid borders are administrative lines, not streets (the base map's roads
// are warm yellows and whites, and a solid orange line read as one more street).
const GRID_STYLE: L.PathOptions = {
  color: '#7b4fa8',
  weight: 1,
  opacity: 0.75,
  dashArray: '4 3',
  fillColor: '#b39ddb',
  fillOpacity: 0.05,
};
const FLASH_STYLE: L.PathOptions = { color: '#c0392b', weight: 2.5, fillColor: '#f7dc6f', fillOpacity: 0.55 };
const HIGHLIGHT_STYLE: L.PathOptions = {
  color: '#1d5fa8',
  weight: 3,
  fillColor: '#3d86c6',
  fillOpacity: 0.25,
};

const toLatLngs = (rings: GeoJSON.Position[][]) =>
  rings.map((ring) => ring.map((p) => L.latLng(p[1]!, p[0]!)));

/**
 * The unit grid overlay: fetched by bounding box (debounced) when zoomed in far enough, one
 * highlighted grid, and redraw of a single grid when the server says it changed.
 */
export function createGridLayer(map: L.Map) {
  for (const [pane, z] of [
    [GRID_PANE, '410'],
    [HIGHLIGHT_PANE, '420'],
  ] as const) {
    if (!map.getPane(pane)) {
      const el = map.createPane(pane);
      el.style.zIndex = z;
      // Grids are drawn, not hit-tested: clicks fall through to the map (which asks the server for
      // the grid at that point) and hovering reaches the places on the base layer below.
      el.style.pointerEvents = 'none';
    }
  }
  const renderer = L.canvas({ pane: GRID_PANE, padding: 0.3 });
  const highlightRenderer = L.canvas({ pane: HIGHLIGHT_PANE });
  const group = L.layerGroup();
  const byCode = new Map<string, L.Polygon>();
  let highlight: L.Polygon | null = null;
  let highlightCode: string | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inflight: AbortController | null = null;

  const zoomedOut = ref(true);
  const truncated = ref(false);
  const loading = ref(false);

  function draw(code: string, rings: GeoJSON.Position[][]): L.Polygon {
    byCode.get(code)?.remove();
    const poly = L.polygon(toLatLngs(rings), { ...GRID_STYLE, renderer, interactive: false });
    byCode.set(code, poly);
    group.addLayer(poly);
    return poly;
  }

  async function load() {
    zoomedOut.value = map.getZoom() < GRID_MIN_ZOOM;
    inflight?.abort();
    if (zoomedOut.value || !map.hasLayer(group)) {
      group.clearLayers();
      byCode.clear();
      truncated.value = false;
      return;
    }
    const b = map.getBounds().pad(0.2);
    inflight = new AbortController();
    loading.value = true;
    try {
      const fc = await gridsApi.inBox(
        [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
        inflight.signal,
      );
      group.clearLayers();
      byCode.clear();
      for (const f of fc.features) draw(f.properties.code, f.geometry.coordinates);
      truncated.value = fc.truncated;
    } catch (err) {
      if (!(err instanceof DOMException && err.name === 'AbortError')) showError(err);
    } finally {
      loading.value = false;
    }
  }

  function schedule() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void load(), 250);
  }

  map.on('moveend', schedule);
  group.on('add', schedule);
  group.on('remove', schedule);

  /** Outlines one grid strongly (the selected one); null clears. */
  function setHighlight(info: GridInfo | null) {
    highlight?.remove();
    highlight = null;
    highlightCode = info?.code ?? null;
    if (!info) return;
    highlight = L.polygon(toLatLngs(info.polygon), {
      ...HIGHLIGHT_STYLE,
      renderer: highlightRenderer,
      interactive: false,
    });
    highlight.addTo(map);
  }

  /** Redraws one grid from the server after it changed, with a short flash so people notice. */
  async function refresh(code: string): Promise<GridInfo | null> {
    try {
      const info = await gridsApi.get(code);
      if (byCode.has(code)) {
        const poly = draw(code, info.polygon);
        poly.setStyle(FLASH_STYLE);
        setTimeout(() => poly.setStyle(GRID_STYLE), 2500);
      }
      if (highlightCode === code) setHighlight(info);
      return info;
    } catch (err) {
      showError(err);
      return null;
    }
  }

  function destroy() {
    if (timer) clearTimeout(timer);
    inflight?.abort();
    map.off('moveend', schedule);
    group.remove();
    highlight?.remove();
  }

  return { group, zoomedOut, truncated, loading, setHighlight, refresh, destroy, reload: schedule };
}

export type GridLayer = ReturnType<typeof createGridLayer>;
