import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { DomainError, metresBetween } from '@cityloop/domain';
import type { ContractSectionInput } from '@cityloop/domain/api';
import type { GridsOffer } from '../grids/grids.module.js';
import type { NewSectionRow } from './contracts.repository.js';

type LonLat = [number, number];
interface Feature {
  properties: { code?: string; name?: string; nameEn?: string; class?: string };
  geometry: { type: string; coordinates: unknown } | null;
}
/** The base map's layers as the sections read them (map offer): outlines and named roads. */
export type Layers = Record<string, { features?: Feature[] } | undefined>;

const STEP_M = 30;
/** A drawn area larger than this (per side) is refused: a contract's area is a few streets, not a city. */
const MAX_SIDE_M = 15_000;

function linesOf(g: Feature['geometry']): LonLat[][] {
  if (!g) return [];
  if (g.type === 'LineString') return [g.coordinates as LonLat[]];
  if (g.type === 'MultiLineString' || g.type === 'Polygon') return g.coordinates as LonLat[][];
  if (g.type === 'MultiPolygon') return (g.coordinates as LonLat[][][]).flat();
  return [];
}

/** The unit grids a line passes through, sampled every STEP_M metres. */
function gridsAlong(lines: LonLat[][], grids: GridsOffer, into: Set<string>) {
  for (const line of lines) {
    for (let i = 1; i < line.length; i++) {
      const [a, b] = [line[i - 1]!, line[i]!];
      const steps = Math.max(1, Math.ceil(metresBetween(a, b) / STEP_M));
      for (let k = 0; k <= steps; k++) {
        const code = grids.codeAt(a[0] + ((b[0] - a[0]) * k) / steps, a[1] + ((b[1] - a[1]) * k) / steps);
        if (code) into.add(code);
      }
    }
  }
}

/** The unit grids inside a drawn ring, sampled on a STEP_M lattice. */
function gridsInside(ring: LonLat[], grids: GridsOffer): Set<string> {
  const lons = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  const [w, e, s, n] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const width = metresBetween([w, s], [e, s]);
  const height = metresBetween([w, s], [w, n]);
  if (width > MAX_SIDE_M || height > MAX_SIDE_M)
    throw new DomainError('validation.failed', `A drawn area may be at most ${MAX_SIDE_M / 1000} km across`);
  const poly = { type: 'Polygon' as const, coordinates: [ring] };
  const out = new Set<string>();
  const nx = Math.max(1, Math.ceil(width / STEP_M));
  const ny = Math.max(1, Math.ceil(height / STEP_M));
  for (let i = 0; i <= nx; i++)
    for (let j = 0; j <= ny; j++) {
      const p: LonLat = [w + ((e - w) * i) / nx, s + ((n - s) * j) / ny];
      if (!booleanPointInPolygon(p, poly)) continue;
      const code = grids.codeAt(p[0], p[1]);
      if (code) out.add(code);
    }
  return out;
}

const round6 = (l: LonLat[]) =>
  l.map((p): LonLat => [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6]);

/**
 * A section as chosen or drawn → what it covers: an area code (district, street, community: a
 * prefix of its grids' codes) or a unit grid, a road of the base map (the grids it runs through),
 * or a drawn polygon (the grids inside it). Refuses a section that covers no grid of the city.
 */
export function resolveSection(s: ContractSectionInput, layers: Layers, grids: GridsOffer): NewSectionRow {
  if (s.kind === 'grid') {
    if (s.code.length === 15) {
      if (!grids.has(s.code))
        throw new DomainError('validation.failed', `Unit grid ${s.code} does not exist`);
      const g = grids.get(s.code);
      return { kind: 'grid', ref: s.code, name: s.code, name_en: null, lines: g.polygon, codes: [s.code] };
    }
    const layer = { 6: 'districts', 9: 'streets', 12: 'communities' }[s.code.length] ?? 'districts';
    const f = layers[layer]?.features?.find((x) => x.properties.code === s.code);
    if (!f) throw new DomainError('validation.failed', `No district, street or community ${s.code}`);
    return {
      kind: 'grid',
      ref: s.code,
      name: f.properties.name ?? s.code,
      name_en: f.properties.nameEn ?? null,
      lines: linesOf(f.geometry).map(round6),
      codes: [s.code],
    };
  }
  if (s.kind === 'road') {
    const parts = (layers.roads?.features ?? []).filter((f) => f.properties.name === s.name);
    const lines = parts.flatMap((f) => linesOf(f.geometry)).map(round6);
    const codes = new Set<string>();
    gridsAlong(lines, grids, codes);
    if (codes.size === 0)
      throw new DomainError('validation.failed', `No road ${s.name} runs through the city's grids`);
    return {
      kind: 'road',
      ref: s.name,
      name: s.name,
      name_en: parts[0]?.properties.nameEn ?? null,
      lines,
      codes: [...codes].sort(),
    };
  }
  const ring = round6(s.polygon);
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) ring.push(first);
  const codes = gridsInside(ring, grids);
  if (codes.size === 0)
    throw new DomainError('validation.failed', `${s.name} covers no unit grid of the city`);
  return {
    kind: 'polygon',
    ref: s.name,
    name: s.name,
    name_en: null,
    lines: [ring],
    codes: [...codes].sort(),
  };
}

/** Matches a case's grid against contracted sections: exact unit grids and area-code prefixes. */
export class SectionIndex {
  private readonly exact = new Map<string, number[]>();
  private readonly prefixes: Array<{ code: string; contractId: number }> = [];

  constructor(sections: ReadonlyArray<{ contract_id: number; codes: string[] }>) {
    for (const s of sections)
      for (const code of s.codes) {
        if (code.length === 15) this.exact.set(code, [...(this.exact.get(code) ?? []), s.contract_id]);
        else this.prefixes.push({ code, contractId: s.contract_id });
      }
  }

  /** The contracts whose sections cover a unit grid. */
  contractsAt(gridCode: string): number[] {
    const ids = new Set(this.exact.get(gridCode) ?? []);
    for (const p of this.prefixes) if (gridCode.startsWith(p.code)) ids.add(p.contractId);
    return [...ids];
  }
}
