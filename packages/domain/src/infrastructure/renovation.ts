/**
 * Renovation programmes (老旧管网改造): a year's programme for one network picks its segments from
 * the renewal scope (国办发〔2022〕22号 rules, `assessSegment`), riskiest and oldest first, until the
 * programme's target km is reached. Pure functions, read by the server and unit-tested here.
 */
import type { Material, Network } from './networks.js';

/** What the picking reads of a segment already assessed. */
export interface ProgrammeCandidate {
  id: string;
  network: Network;
  material: string;
  diameterMm: number;
  installYear: number;
  lengthM: number;
  score: number;
  candidate: boolean;
}

export interface PickOptions {
  network: Network;
  /** Target length of the programme, km. */
  targetKm: number;
  /** Only these materials (the bureau's gas programme renews grey cast iron only). */
  materials?: readonly Material[] | undefined;
  /** Segments already in another programme: never picked twice. */
  taken?: ReadonlySet<string> | undefined;
}

/**
 * Picks a programme's segments: the network's renewal candidates (optionally of some materials),
 * not already taken, by risk score (high first), then install year (old first), then id; each is
 * added while the total is still under the target, so the planned km reaches the target with the
 * last segment (or stays below it when the scope runs out).
 */
export function pickProgramme<T extends ProgrammeCandidate>(segments: readonly T[], o: PickOptions): T[] {
  const target = o.targetKm * 1000;
  const pool = segments
    .filter(
      (s) =>
        s.network === o.network &&
        s.candidate &&
        !o.taken?.has(s.id) &&
        (!o.materials || o.materials.includes(s.material as Material)),
    )
    .sort(
      (a, b) =>
        b.score - a.score || a.installYear - b.installYear || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  const out: T[] = [];
  let sum = 0;
  for (const s of pool) {
    if (sum >= target) break;
    out.push(s);
    sum += s.lengthM;
  }
  return out;
}

/**
 * The planning cost of renewing one metre, yuan: a base per network plus a part growing with the
 * diameter (excavation, pipe, reinstatement). A planning assumption of CityLoop, not a quota
 * (定额); the programme's cost is the sum over its segments.
 */
export const RENEWAL_COST_BASE: Record<Network, { base: number; perMm: number }> = {
  water: { base: 900, perMm: 4 },
  drainage: { base: 1200, perMm: 5 },
  heating: { base: 2600, perMm: 6 },
  gas: { base: 1100, perMm: 4 },
};

/** Renewal cost of a segment, in fen (integer). */
export function renewalCostFen(network: Network, diameterMm: number, lengthM: number): number {
  const c = RENEWAL_COST_BASE[network];
  return Math.round((c.base + c.perMm * diameterMm) * lengthM * 100);
}

/** Metres to km, to the metre. */
export const toKm = (m: number) => Math.round(m) / 1000;
