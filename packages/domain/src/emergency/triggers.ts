import type { PlanBody, RainWindowH, Trigger } from './plans.js';
import { COLOURS, LEVELS, levelRank, type Colour, type Level, type WarningTypeCode } from './warnings.js';

/** A warning in force at the moment of evaluation. */
export interface WarningInForce {
  id: number;
  type: WarningTypeCode;
  colour: Colour;
}

/**
 * A gauge as the evaluation sees it. A silent gauge (no reading within its expected time) is
 * listed in the evidence and never counts, for or against a level.
 */
export interface GaugeFacts {
  deviceId: string;
  silent: boolean;
  /** Precipitation sums per window (rain and snow gauges), mm. */
  totals?: Partial<Record<RainWindowH, number>>;
  /** Water depth now (waterlogging points), cm. */
  depthCm?: number;
}

export interface EvaluationInput {
  warnings: WarningInForce[];
  rain: GaugeFacts[];
  snow: GaugeFacts[];
  depth: GaugeFacts[];
}

/** Why a trigger is met: the trigger and what met it. */
export interface EvidenceItem {
  level: Level;
  trigger: Trigger;
  /** The warning, or the devices and their values that met it. */
  warningId?: number;
  devices?: Array<{ deviceId: string; value: number }>;
}

export interface Evaluation {
  /** The highest level whose triggers are met; null when none is. */
  level: Level | null;
  evidence: EvidenceItem[];
  /** Gauges left out because they are silent. */
  silent: string[];
}

const colourAtLeast = (c: Colour, min: Colour) => COLOURS.indexOf(c) >= COLOURS.indexOf(min);

/** Whether one trigger is met, and by what. */
export function triggerMet(t: Trigger, input: EvaluationInput): Omit<EvidenceItem, 'level'> | null {
  switch (t.kind) {
    case 'warning': {
      const w = input.warnings.find((x) => x.type === t.type && colourAtLeast(x.colour, t.colour));
      return w ? { trigger: t, warningId: w.id } : null;
    }
    case 'rainfall':
    case 'snowfall': {
      const gauges = t.kind === 'rainfall' ? input.rain : input.snow;
      const hits = gauges
        .filter((g) => !g.silent && (g.totals?.[t.windowH] ?? 0) >= t.mm)
        .map((g) => ({ deviceId: g.deviceId, value: round1(g.totals?.[t.windowH] ?? 0) }));
      return hits.length >= t.gauges ? { trigger: t, devices: hits } : null;
    }
    case 'depth': {
      const hits = input.depth
        .filter((g) => !g.silent && (g.depthCm ?? 0) >= t.cm)
        .map((g) => ({ deviceId: g.deviceId, value: round1(g.depthCm ?? 0) }));
      return hits.length >= t.points ? { trigger: t, devices: hits } : null;
    }
  }
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * The level a plan's triggers call for now: the highest level with any trigger met, with the
 * evidence of every met trigger at that level (up to 20 devices each).
 */
export function evaluatePlan(plan: PlanBody, input: EvaluationInput): Evaluation {
  const silent = [...input.rain, ...input.snow, ...input.depth]
    .filter((g) => g.silent)
    .map((g) => g.deviceId);
  const levels = [...plan.levels].sort((a, b) => levelRank(b.level) - levelRank(a.level));
  for (const l of levels) {
    const met = l.triggers
      .map((t) => triggerMet(t, input))
      .filter((e): e is Omit<EvidenceItem, 'level'> => e !== null)
      .map((e) => ({ ...e, level: l.level, ...(e.devices ? { devices: e.devices.slice(0, 20) } : {}) }));
    if (met.length > 0) return { level: l.level, evidence: met, silent };
  }
  return { level: null, evidence: [], silent };
}

export type ProposalKind = 'activate' | 'raise' | 'lower' | 'end';

/**
 * What to propose given the level in force and the level called for: nothing when they agree,
 * otherwise activation, a raise, a lower or the end.
 */
export function proposalFor(
  current: Level | null,
  target: Level | null,
): { kind: ProposalKind; level: Level | null } | null {
  if (current === target) return null;
  if (current === null) return { kind: 'activate', level: target };
  if (target === null) return { kind: 'end', level: null };
  return levelRank(target) > levelRank(current)
    ? { kind: 'raise', level: target }
    : { kind: 'lower', level: target };
}

/** Whether a kind of change from `current` to `level` is allowed. */
export function changeAllowed(kind: ProposalKind, current: Level | null, level: Level | null): boolean {
  switch (kind) {
    case 'activate':
      return current === null && level !== null;
    case 'raise':
      return current !== null && level !== null && levelRank(level) > levelRank(current);
    case 'lower':
      return current !== null && level !== null && levelRank(level) < levelRank(current);
    case 'end':
      return current !== null;
  }
}

export { LEVELS };
