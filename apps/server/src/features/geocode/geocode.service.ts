import {
  crossing,
  housePosition,
  houseNumberAt,
  lineLength,
  metresBetween,
  foldedNameScore,
  nearestOnLine,
  normaliseAddress,
  parseAddressQuery,
  pointAlong,
  type LonLat,
} from '@cityloop/domain';
import { placeNameEn } from '@cityloop/citygen';
import type { GeocodeCandidate, PlaceKind, ReverseGeocodeResult } from '@cityloop/domain/api';
import type { EventBus } from '../../events/bus.js';
import type { GridsOffer } from '../grids/grids.module.js';
import type { BaseMapService } from '../map/map.service.js';

interface Feature {
  properties: Record<string, unknown> | null;
  geometry: { type: string; coordinates: unknown } | null;
}

/** The features of one base-map layer (none when the city has no such layer). */
function featuresOf(layers: Record<string, unknown>, name: string): Feature[] {
  const fc = layers[name] as { features?: Feature[] } | undefined;
  return fc?.features ?? [];
}

interface Entry {
  name: string;
  /** The English name (placeNameEn), made once with the gazetteer. */
  nameEn: string;
  /** The name folded by normaliseAddress, once. */
  key: string;
  kind: PlaceKind;
  at: LonLat;
  /** The unit grid at `at`, looked up the first time the entry is an answer (undefined: not yet). */
  gridCode?: string | null;
}

interface Road {
  name: string;
  nameEn: string;
  key: string;
  line: LonLat[];
}

interface Gazetteer {
  entries: Entry[];
  roads: Road[];
  /** Entries by each character of their folded name, and by the whole folded name. */
  byChar: Map<string, number[]>;
  byKey: Map<string, number[]>;
  /** Roads by the first character of their folded name. */
  roadsByFirst: Map<string, Road[]>;
}

/**
 * The entries a folded text can match at all (foldedNameScore > 0): a name holding the text holds
 * its rarest character, and a name the text starts with is one of the text's beginnings.
 * A city has thousands of crossings ("A与B交叉口"); scoring each for every keystroke would make
 * the search cost grow with the square of its roads.
 */
function candidates(g: Gazetteer, text: string): number[] {
  // A name that holds the text holds every character of it: the two or three rarest narrow it most.
  const lists = [...new Set(text)].map((ch) => g.byChar.get(ch) ?? []).sort((a, b) => a.length - b.length);
  let rarest = lists[0] ?? [];
  for (const list of lists.slice(1, 3)) rarest = rarest.filter((n) => holds(list, n));
  const prefixes: number[] = [];
  for (let len = 1; len < text.length; len++) prefixes.push(...(g.byKey.get(text.slice(0, len)) ?? []));
  if (prefixes.length === 0) return rarest;
  // In the gazetteer's own order, so equal scores keep the order they always had.
  return [...new Set([...rarest, ...prefixes])].sort((a, b) => a - b);
}

/** Whether an ascending list holds n (binary search). */
function holds(list: readonly number[], n: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = list[mid]!;
    if (v === n) return true;
    if (v < n) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** A crossing's English name, as placeNameEn names "A与B交叉口". */
const crossingEn = (a: string, b: string) => `Intersection of ${a} and ${b}`;

/** How far from a road a point still has an address on it. */
const ROAD_REACH_M = 150;
/** Ties between equally good names go to the bigger thing people mean first. */
const KIND_RANK: Record<PlaceKind, number> = {
  road: 0.06,
  intersection: 0.05,
  landmark: 0.04,
  community: 0.03,
  street: 0.02,
  district: 0.01,
  address: 0,
};

/** A label point for an area: the mean of its outer ring's corners. */
function labelPoint(geometry: unknown): LonLat | null {
  const g = geometry as { type?: string; coordinates?: unknown } | null;
  const ring =
    g?.type === 'Polygon'
      ? (g.coordinates as number[][][])[0]
      : g?.type === 'MultiPolygon'
        ? (g.coordinates as number[][][][])[0]?.[0]
        : undefined;
  if (!ring || ring.length === 0) return null;
  let x = 0;
  let y = 0;
  for (const p of ring) {
    x += p[0]!;
    y += p[1]!;
  }
  return [x / ring.length, y / ring.length];
}

/**
 * The gazetteer (地名地址库) of the city: its districts, streets, communities, named roads with
 * their crossings and house numbers, and landmarks, built from the city's own tables and base
 * map; rebuilt after the organisation or the grids change.
 */
export class GeocodeService {
  private gazetteer: Promise<Gazetteer> | null = null;

  constructor(
    private readonly baseMap: Pick<BaseMapService, 'layers'>,
    bus: EventBus,
    private readonly grids: GridsOffer,
  ) {
    bus.subscribe((e) => {
      if (e.type === 'org.changed' || e.type === 'grids.imported') this.gazetteer = null;
    });
  }

  /** Candidates for a typed address, best first. */
  async search(q: string, limit = 10): Promise<GeocodeCandidate[]> {
    const g = await this.load();
    const query = parseAddressQuery(q);
    const out: GeocodeCandidate[] = [];
    if (query.kind === 'intersection') {
      const a = this.bestRoad(g, query.a);
      const b = this.bestRoad(g, query.b);
      const at = a && b && a !== b ? crossing(a.line, b.line) : null;
      if (a && b && at)
        out.push(
          this.candidate(`${a.name}与${b.name}交叉口`, crossingEn(a.nameEn, b.nameEn), 'intersection', at),
        );
    } else if (query.kind === 'house') {
      const road = this.bestRoad(g, query.road);
      const at = road ? housePosition(road.line, query.number) : null;
      if (road && at)
        out.push(
          this.candidate(`${road.name}${query.number}号`, `${query.number} ${road.nameEn}`, 'address', at),
        );
    }
    // Typed in the English interface: the English names, the start of a word first.
    if (!/[\u3400-\u9fff]/.test(q)) return this.searchEn(g, q, limit);
    const text = normaliseAddress(q);
    const scored = candidates(g, text)
      .map((n) => ({ e: g.entries[n]!, score: foldedNameScore(g.entries[n]!.key, text) }))
      .filter((s) => s.score > 0)
      .sort((x, y) => y.score + KIND_RANK[y.e.kind] - (x.score + KIND_RANK[x.e.kind]));
    for (const { e } of scored) {
      if (out.length >= limit) break;
      if (!out.some((c) => c.name === e.name && c.kind === e.kind)) out.push(this.answer(e));
    }
    return out.slice(0, limit);
  }

  private answer(e: Entry): GeocodeCandidate {
    return {
      name: e.name,
      nameEn: e.nameEn,
      kind: e.kind,
      lon: e.at[0],
      lat: e.at[1],
      gridCode: this.gridOf(e),
    };
  }

  /** Latin text (pinyin or English) against the English names: whole name, word start, anywhere. */
  private searchEn(g: Gazetteer, q: string, limit: number): GeocodeCandidate[] {
    const needle = q.trim().toLowerCase().replace(/\s+/g, ' ');
    if (!needle) return [];
    const scored: Array<{ e: Entry; score: number }> = [];
    for (const e of g.entries) {
      const name = e.nameEn.toLowerCase();
      const at = name.indexOf(needle);
      if (at < 0) continue;
      const score = name === needle ? 3 : at === 0 ? 2 : name[at - 1] === ' ' ? 1 : 0.5;
      scored.push({ e, score: score - name.length / 1000 });
    }
    scored.sort((x, y) => y.score + KIND_RANK[y.e.kind] - (x.score + KIND_RANK[x.e.kind]));
    const out: GeocodeCandidate[] = [];
    for (const { e } of scored) {
      if (out.length >= limit) break;
      if (!out.some((c) => c.name === e.name && c.kind === e.kind)) out.push(this.answer(e));
    }
    return out;
  }

  /** The nearest address to a point: a house number on a road within reach, else the nearest place. */
  async reverse(at: LonLat): Promise<ReverseGeocodeResult> {
    const g = await this.load();
    const area = this.areaOf(at);
    let best: { name: string; nameEn: string; kind: PlaceKind; at: LonLat; distanceM: number } | null = null;
    for (const road of g.roads) {
      const near = nearestOnLine(road.line, at);
      if (near.distanceM <= ROAD_REACH_M && (!best || near.distanceM < best.distanceM))
        best = {
          name: `${road.name}${houseNumberAt(road.line, at)}号`,
          nameEn: `${houseNumberAt(road.line, at)} ${road.nameEn}`,
          kind: 'address',
          at: near.point,
          distanceM: near.distanceM,
        };
    }
    if (!best) {
      for (const e of g.entries) {
        if (e.kind === 'district' || e.kind === 'street') continue;
        const d = metresBetween(at, e.at);
        if (!best || d < best.distanceM)
          best = { name: e.name, nameEn: e.nameEn, kind: e.kind, at: e.at, distanceM: d };
      }
    }
    const found = best ?? {
      name: area.district ?? '',
      nameEn: area.districtEn ?? '',
      kind: 'district' as const,
      at,
      distanceM: 0,
    };
    return {
      name: found.name,
      nameEn: found.nameEn,
      kind: found.kind,
      lon: found.at[0],
      lat: found.at[1],
      distanceM: Math.round(found.distanceM),
      gridCode: this.grids.codeAt(at[0], at[1]),
      ...area,
    };
  }

  private areaOf(at: LonLat) {
    const code = this.grids.codeAt(at[0], at[1]);
    if (!code)
      return {
        community: null,
        street: null,
        district: null,
        communityEn: null,
        streetEn: null,
        districtEn: null,
      };
    const grid = this.grids.get(code);
    return {
      community: grid.community.name,
      street: grid.street.name,
      district: grid.district.name,
      communityEn: placeNameEn(grid.community.name),
      streetEn: placeNameEn(grid.street.name),
      districtEn: placeNameEn(grid.district.name),
    };
  }

  /** An entry's grid, kept with it: the gazetteer is rebuilt whenever the grids change. */
  private gridOf(e: Entry): string | null {
    if (e.gridCode === undefined) e.gridCode = this.grids.codeAt(e.at[0], e.at[1]);
    return e.gridCode;
  }

  private candidate(name: string, nameEn: string, kind: PlaceKind, at: LonLat): GeocodeCandidate {
    return { name, nameEn, kind, lon: at[0], lat: at[1], gridCode: this.grids.codeAt(at[0], at[1]) };
  }

  /** The road a typed name means: the same name, or one that starts with it ("胜利" → 胜利路). */
  private bestRoad(g: Gazetteer, text: string): Road | null {
    let best: { road: Road; score: number } | null = null;
    const folded = normaliseAddress(text);
    // A score of 0.8 or more means the road's name starts with the text.
    for (const road of g.roadsByFirst.get(folded[0] ?? '') ?? []) {
      const score = foldedNameScore(road.key, folded);
      if (score >= 0.8 && (!best || score > best.score)) best = { road, score };
    }
    return best?.road ?? null;
  }

  private load(): Promise<Gazetteer> {
    this.gazetteer ??= this.build().catch((err: unknown) => {
      this.gazetteer = null;
      throw err;
    });
    return this.gazetteer;
  }

  private async build(): Promise<Gazetteer> {
    const { layers } = await this.baseMap.layers();
    const entries: Entry[] = [];
    const areaLayers = [
      ['district', 'districts'],
      ['street', 'streets'],
      ['community', 'communities'],
    ] as const;
    for (const [kind, layer] of areaLayers) {
      for (const f of featuresOf(layers, layer)) {
        const name = typeof f.properties?.name === 'string' ? f.properties.name : null;
        const at = labelPoint(f.geometry);
        if (name && at)
          entries.push({ name, nameEn: placeNameEn(name), key: normaliseAddress(name), kind, at });
      }
    }
    const roads: Road[] = [];
    for (const f of featuresOf(layers, 'roads')) {
      const name = typeof f.properties?.name === 'string' ? f.properties.name : null;
      if (!name || f.geometry?.type !== 'LineString') continue;
      const line = (f.geometry.coordinates as number[][]).map((p) => [p[0]!, p[1]!] as const);
      if (line.length < 2) continue;
      const key = normaliseAddress(name);
      const nameEn = placeNameEn(name);
      roads.push({ name, nameEn, key, line });
      entries.push({ name, nameEn, key, kind: 'road', at: pointAlong(line, lineLength(line) / 2) });
    }
    for (let i = 0; i < roads.length; i++) {
      for (let j = i + 1; j < roads.length; j++) {
        const at = crossing(roads[i]!.line, roads[j]!.line);
        if (at)
          entries.push({
            name: `${roads[i]!.name}与${roads[j]!.name}交叉口`,
            nameEn: crossingEn(roads[i]!.nameEn, roads[j]!.nameEn),
            key: normaliseAddress(`${roads[i]!.name}与${roads[j]!.name}交叉口`),
            kind: 'intersection',
            at,
          });
      }
    }
    for (const f of featuresOf(layers, 'places')) {
      const name = typeof f.properties?.name === 'string' ? f.properties.name : null;
      if (!name || f.geometry?.type !== 'Point' || f.properties?.kind === 'road') continue;
      const [lon, lat] = f.geometry.coordinates as number[];
      entries.push({
        name,
        nameEn: placeNameEn(name),
        key: normaliseAddress(name),
        kind: 'landmark',
        at: [lon!, lat!],
      });
    }
    const byChar = new Map<string, number[]>();
    const byKey = new Map<string, number[]>();
    const push = (map: Map<string, number[]>, key: string, n: number) => {
      const list = map.get(key);
      if (list) list.push(n);
      else map.set(key, [n]);
    };
    entries.forEach((e, n) => {
      for (const ch of new Set(e.key)) push(byChar, ch, n);
      push(byKey, e.key, n);
    });
    const roadsByFirst = new Map<string, Road[]>();
    for (const road of roads) {
      const list = roadsByFirst.get(road.key[0] ?? '');
      if (list) list.push(road);
      else roadsByFirst.set(road.key[0] ?? '', [road]);
    }
    return { entries, roads, byChar, byKey, roadsByFirst };
  }
}
