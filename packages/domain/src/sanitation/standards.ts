/**
 * Cleaning standards (保洁标准) by road class: how often a section is swept and washed, and the
 * window (作业时段) in which the mechanised shift must pass. Demo defaults after the usual
 * municipal practice (main roads cleaned before the morning rush); each section stores its own
 * copy, so a city can change one section without touching the class.
 */

export const ROAD_CLASSES = ['A', 'B', 'C', 'D'] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];

export interface CleaningStandard {
  /** 一级 … 四级 保洁标准 */
  grade: 1 | 2 | 3 | 4;
  sweepingPerDay: number;
  washingPerDay: number;
  /** Whether the class is machine-swept (机扫): only those sections count in the coverage. */
  mechanised: boolean;
  /** Window, minutes after local midnight. */
  windowStartMin: number;
  windowEndMin: number;
}

export const CLEANING_STANDARDS: Readonly<Record<RoadClass, CleaningStandard>> = {
  A: {
    grade: 1,
    sweepingPerDay: 2,
    washingPerDay: 1,
    mechanised: true,
    windowStartMin: 240,
    windowEndMin: 480,
  },
  B: {
    grade: 2,
    sweepingPerDay: 1,
    washingPerDay: 1,
    mechanised: true,
    windowStartMin: 270,
    windowEndMin: 480,
  },
  C: {
    grade: 3,
    sweepingPerDay: 1,
    washingPerDay: 0,
    mechanised: false,
    windowStartMin: 300,
    windowEndMin: 540,
  },
  D: {
    grade: 4,
    sweepingPerDay: 1,
    washingPerDay: 0,
    mechanised: false,
    windowStartMin: 360,
    windowEndMin: 600,
  },
};

/** Sections are cut from a road in pieces of about this length (a contractor's usual lot). */
export const SECTION_TARGET_M = 1000;

/** A section is covered from this share of its length on; below MISSED_BELOW it is missed. */
export const COVERED_FROM = 0.9;
export const MISSED_BELOW = 0.3;

export type CoverageStatus = 'covered' | 'partial' | 'missed';

export function coverageStatus(share: number): CoverageStatus {
  return share >= COVERED_FROM ? 'covered' : share < MISSED_BELOW ? 'missed' : 'partial';
}

/** 'HH:MM' of minutes after midnight. */
export function clockOfMinutes(min: number): string {
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}
