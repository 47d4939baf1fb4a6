import { createRng } from '@cityloop/domain/rng';
import type { Material, Network } from '@cityloop/domain/infrastructure/networks';

/** A stable 32-bit hash of a text (FNV-1a), seeding each segment's own stream. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The register's failure counts, dated: each failure of a segment becomes a burst, a leak or a
 * repair on a day of the last twelve years before this one (not before the pipe was laid).
 * Deterministic per segment id.
 */
export function demoFailures(
  rows: ReadonlyArray<{ id: string; install_year: number; failures: number }>,
  year: number,
): Array<{ segment_id: string; kind: 'burst' | 'leak' | 'repair'; day: string }> {
  const out: Array<{ segment_id: string; kind: 'burst' | 'leak' | 'repair'; day: string }> = [];
  for (const r of rows) {
    if (r.failures <= 0) continue;
    const rand = createRng(hash(r.id));
    const hi = year - 1;
    const lo = Math.min(hi, Math.max(r.install_year, year - 12));
    for (let i = 0; i < r.failures; i++) {
      const x = rand();
      const kind = x < 0.45 ? 'burst' : x < 0.8 ? 'leak' : 'repair';
      const y = lo + Math.floor(rand() * (hi - lo + 1));
      const start = Date.UTC(y, 0, 1);
      const days = Math.round((Date.UTC(y + 1, 0, 1) - start) / 86_400_000);
      out.push({ segment_id: r.id, kind, day: iso(start + Math.floor(rand() * days) * 86_400_000) });
    }
  }
  return out;
}

/**
 * The demo city's programmes for this year, after the bureau's 2022 report: 38 km of heating
 * pipes, 31 km of water mains and 66.3 km of grey cast-iron gas pipes.
 */
export const DEMO_PROGRAMMES: Array<{ network: Network; targetKm: number; materials?: Material[] }> = [
  { network: 'heating', targetKm: 38 },
  { network: 'water', targetKm: 31 },
  { network: 'gas', targetKm: 66.3, materials: ['grey_cast_iron'] },
];

/**
 * When the demo reports a programme's i-th of n segments renewed: the works run from March over
 * twelve months in pick order, on the 20th; a month not yet reached (in the city's today) is not done.
 */
export function demoDoneDay(year: number, today: string, i: number, n: number): string | null {
  const month = 3 + Math.floor((i / n) * 12);
  if (month > 12) return null;
  const day = `${year}-${String(month).padStart(2, '0')}-20`;
  return day <= today ? day : null;
}
