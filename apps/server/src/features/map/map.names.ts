import { placeNameEn } from '@cityloop/citygen';

/** Stored layers whose features carry names (roads, landmarks, rivers). */
export const NAMED_LAYERS = new Set(['roads', 'places', 'waterways']);

/** A layer's features with `nameEn` beside each Chinese `name` (胜利路 → Shengli Road). */
export function withEnglishNames(geojson: unknown): unknown {
  const fc = (typeof geojson === 'string' ? JSON.parse(geojson) : geojson) as {
    features?: Array<{ properties?: Record<string, unknown> | null }>;
  } | null;
  for (const f of fc?.features ?? []) {
    const name = f.properties?.name;
    if (typeof name === 'string' && name && f.properties) f.properties.nameEn = placeNameEn(name);
  }
  return fc;
}
