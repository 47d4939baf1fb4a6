import L from 'leaflet';
import Point from '@mapbox/point-geometry';
import {
  LineLabelSymbolizer,
  LineSymbolizer,
  PolygonSymbolizer,
  TextSymbolizer,
  leafletLayer,
  type Feature,
  type Label,
  type LabelRule,
  type LabelSymbolizer,
  type Layout,
  type PaintRule,
} from 'protomaps-leaflet';
import { i18n } from '@/i18n';

/**
 * The city's base map drawn from its vector tiles (/api/map/tiles) by protomaps-leaflet on canvas:
 * water, parks and hills, building footprints, lanes, the road hierarchy and the names of roads,
 * rivers and landmarks, each from the zoom where it helps.
 */

type RoadClass = 'A' | 'B' | 'C' | 'D';
const LAND = '#f3f0e9';

/** Metres a pixel covers at the city's latitude (37.5°) on a zoom level. */
const metresPerPixel = (z: number) => 124_195 / 2 ** z;
/** A width in metres as pixels at a zoom, never thinner than `min`. */
const px = (metres: number, min: number) => (z: number) => Math.max(min, metres / metresPerPixel(z));

const ROAD: Record<RoadClass, { metres: number; min: number; fill: string; casing: string; from: number }> = {
  A: { metres: 30, min: 2.5, fill: '#f8c96b', casing: '#d9a441', from: 9 },
  B: { metres: 22, min: 2, fill: '#fce3a0', casing: '#d6bd84', from: 11 },
  C: { metres: 16, min: 1.5, fill: '#ffffff', casing: '#cfc5b3', from: 13 },
  D: { metres: 11, min: 1, fill: '#ffffff', casing: '#d8d0c2', from: 14 },
};

const LANDUSE: Record<string, { fill: string; stroke?: string; from: number }> = {
  hill: { fill: '#d7e7c4', from: 9 },
  campus: { fill: '#efe9dc', stroke: '#ddd3bf', from: 12 },
  park: { fill: '#c7e3ac', stroke: '#b0d28f', from: 12 },
  bank: { fill: '#cfe5bb', from: 13 },
  plaza: { fill: '#ebe5da', stroke: '#d9d0c0', from: 14 },
  pitch: { fill: '#b3d99a', stroke: '#93c279', from: 14 },
};

const BUILDING: Record<string, string> = {
  residential: '#e4ddd1',
  commercial: '#e6d6cf',
  public: '#e9dcc6',
  industrial: '#dcd8d0',
};

const is =
  (key: string, value: string) =>
  (_z: number, f: Feature): boolean =>
    f.props[key] === value;

function paintRules(): PaintRule[] {
  const rules: PaintRule[] = [{ dataLayer: 'water', symbolizer: new PolygonSymbolizer({ fill: '#a9cde8' }) }];
  for (const [kind, s] of Object.entries(LANDUSE))
    rules.push({
      dataLayer: 'landuse',
      minzoom: s.from,
      filter: is('kind', kind),
      symbolizer: new PolygonSymbolizer({
        fill: s.fill,
        ...(s.stroke ? { stroke: s.stroke, width: (z: number) => (z >= 16 ? 1 : 0) } : {}),
      }),
    });
  rules.push(
    {
      dataLayer: 'buildings',
      minzoom: 14,
      symbolizer: new PolygonSymbolizer({
        fill: (_z: number, f?: Feature) => BUILDING[String(f?.props.kind)] ?? BUILDING.residential!,
        opacity: (z: number) => (z >= 15 ? 1 : 0.7),
        stroke: '#cbbfae',
        width: (z: number) => (z >= 16 ? 0.8 : 0),
      }),
    },
    {
      dataLayer: 'lanes',
      minzoom: 15,
      symbolizer: new LineSymbolizer({ color: '#fdfcf8', width: px(4, 1), lineCap: 'round' }),
    },
  );
  const order: RoadClass[] = ['D', 'C', 'B', 'A'];
  for (const c of order)
    rules.push({
      dataLayer: 'roads',
      minzoom: ROAD[c].from,
      filter: is('class', c),
      symbolizer: new LineSymbolizer({
        color: ROAD[c].casing,
        width: (z: number) => px(ROAD[c].metres, ROAD[c].min)(z) + (z >= 13 ? 2 : 0),
        lineCap: 'round',
      }),
    });
  for (const c of order)
    rules.push({
      dataLayer: 'roads',
      minzoom: ROAD[c].from,
      filter: is('class', c),
      symbolizer: new LineSymbolizer({
        color: ROAD[c].fill,
        width: px(ROAD[c].metres, ROAD[c].min),
        lineCap: 'round',
      }),
    });
  return rules;
}

export interface DrawnLabel {
  name: string;
  zoom: number;
  /** World pixels at `zoom` (Leaflet's map.project), the label's centre. */
  x: number;
  y: number;
}

declare global {
  interface Window {
    /** The last names drawn on the base map, for browser tests: which street names a person sees. */
    __mapLabels?: DrawnLabel[];
  }
}

function recordDrawn(label: DrawnLabel): void {
  const list = (window.__mapLabels ??= []);
  list.push(label);
  if (list.length > 4000) list.splice(0, list.length - 4000);
}

/** The English interface labels the map with the English names the tiles carry (胜利路 → Shengli Road). */
const english = () => i18n.global.locale.value === 'en';
const labelProps = () => (english() ? ['nameEn', 'name'] : ['name']);

/** A feature's name in the interface's language. */
function nameOf(feature: Feature): string {
  const en = feature.props.nameEn;
  return english() && typeof en === 'string' && en ? en : String(feature.props.name ?? '');
}

const FONT =
  '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", sans-serif';

/**
 * Road names the way Chinese street maps write them: along a road running east–west the name
 * reads left to right on the road; along one running north–south its characters stand upright
 * one above the other. Names repeat along a long road, never closer than `repeat` pixels.
 */
class RoadNameSymbolizer implements LabelSymbolizer {
  constructor(
    private readonly size: (z: number) => number,
    private readonly weight: string,
    private readonly repeat: number,
  ) {}

  place(layout: Layout, geom: Point[][], feature: Feature): Label[] | undefined {
    const name = nameOf(feature);
    if (!name) return undefined;
    // Chinese characters stand upright along a north–south road; Latin letters turn with it.
    const latin = !/[\u3400-\u9fff]/.test(name);
    const size = this.size(layout.zoom);
    const font = `${this.weight} ${size}px ${FONT}`;
    layout.scratch.font = font;
    const width = layout.scratch.measureText(name).width;
    const chars = [...name];
    const labels: Label[] = [];
    for (const line of geom) {
      for (let n = 1; n < line.length; n++) {
        const a = line[n - 1]!;
        const b = line[n]!;
        const across = Math.abs(b.x - a.x) >= Math.abs(b.y - a.y);
        const length = across || latin ? width : chars.length * size * 1.05;
        const [lo, hi] = across
          ? [Math.min(a.x, b.x), Math.max(a.x, b.x)]
          : [Math.min(a.y, b.y), Math.max(a.y, b.y)];
        // Candidate centres on a grid of world pixels, so neighbouring tiles choose the same ones.
        const first = Math.ceil((lo + length / 2 + size) / this.repeat) * this.repeat;
        for (let c = first; c <= hi - length / 2 - size; c += this.repeat) {
          const t = (c - (across ? a.x : a.y)) / ((across ? b.x - a.x : b.y - a.y) || 1);
          const anchor = new Point(across ? c : a.x + t * (b.x - a.x), across ? a.y + t * (b.y - a.y) : c);
          const half = across ? [width / 2 + 2, size / 2 + 2] : [size / 2 + 2, length / 2 + 2];
          labels.push({
            anchor,
            bboxes: [
              {
                minX: anchor.x - half[0]!,
                minY: anchor.y - half[1]!,
                maxX: anchor.x + half[0]!,
                maxY: anchor.y + half[1]!,
              },
            ],
            deduplicationKey: name,
            deduplicationDistance: this.repeat * 0.6,
            draw: (ctx) => {
              recordDrawn({ name, zoom: layout.zoom, x: anchor.x, y: anchor.y });
              ctx.font = font;
              ctx.textAlign = 'center';
              ctx.textBaseline = 'middle';
              ctx.lineWidth = 3;
              ctx.strokeStyle = 'rgba(255,255,255,0.95)';
              ctx.fillStyle = '#3d3a33';
              if (across || latin) {
                if (!across) ctx.rotate(-Math.PI / 2);
                ctx.strokeText(name, 0, 0);
                ctx.fillText(name, 0, 0);
                return;
              }
              chars.forEach((ch, i) => {
                const y = -length / 2 + (i + 0.5) * size * 1.05;
                ctx.strokeText(ch, 0, y);
                ctx.fillText(ch, 0, y);
              });
            },
          });
        }
      }
    }
    return labels;
  }
}

/** A landmark's name, recorded like the road names. */
class PlaceNameSymbolizer implements LabelSymbolizer {
  private readonly text = new TextSymbolizer({
    font: (z: number) => `600 ${z >= 16 ? 14 : 13}px ${FONT}`,
    labelProps,
    fill: '#21563d',
    stroke: '#ffffff',
    width: 3,
  });

  place(layout: Layout, geom: Point[][], feature: Feature): Label[] | undefined {
    const labels = this.text.place(layout, geom, feature);
    const name = nameOf(feature);
    return labels?.map((l) => ({
      ...l,
      draw: (ctx) => {
        recordDrawn({ name, zoom: layout.zoom, x: l.anchor.x, y: l.anchor.y });
        l.draw(ctx);
      },
    }));
  }
}

function labelRules(): LabelRule[] {
  const rules: LabelRule[] = [
    {
      dataLayer: 'places',
      minzoom: 13,
      symbolizer: new PlaceNameSymbolizer(),
    },
  ];
  // Class, from which zoom, font size and weight, and how often the name repeats (pixels): often
  // enough that a phone's small map shows the name of the street its pin is on.
  const byClass: Array<[RoadClass, number, number, string, number]> = [
    ['A', 13, 14, '600', 240],
    ['B', 14, 13, '600', 240],
    ['C', 15, 13, '500', 160],
    ['D', 16, 12, '400', 160],
  ];
  for (const [c, from, size, weight, repeat] of byClass)
    rules.push({
      dataLayer: 'roads',
      minzoom: from,
      filter: is('class', c),
      symbolizer: new RoadNameSymbolizer((z) => (z >= 17 ? size + 1 : size), weight, repeat),
    });
  rules.push({
    dataLayer: 'waterways',
    minzoom: 13,
    symbolizer: new LineLabelSymbolizer({
      font: `italic 500 13px ${FONT}`,
      labelProps,
      fill: '#2f6f9f',
      stroke: '#ffffff',
      width: 3,
    }),
  });
  return rules;
}

/**
 * The base-map layer for a map, reading tiles from `url` (a {z}/{x}/{y} template); `opaque` paints
 * the land, which a raster service under it (TILE_URL) paints instead.
 */
export function vectorBaseLayer(url: string, maxDataZoom: number, { opaque }: { opaque: boolean }): L.Layer {
  // protomaps-leaflet extends the Leaflet it finds on window.
  Object.assign(window, { L });
  // (Its typings declare Leaflet as `any`; the layer it returns is an L.GridLayer.)
  return leafletLayer({
    url,
    maxDataZoom,
    paintRules: paintRules(),
    labelRules: labelRules(),
    ...(opaque ? { backgroundColor: LAND } : {}),
    pane: 'tilePane',
  }) as unknown as L.GridLayer;
}
