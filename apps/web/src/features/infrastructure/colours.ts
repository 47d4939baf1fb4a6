import type { AgeBand, RiskGrade } from '@cityloop/domain/infrastructure/networks';

/** What the map colours the pipes by. */
export type ColourBy = 'grade' | 'age';

export const GRADE_COLOURS: Record<RiskGrade, string> = {
  low: '#2e9d57',
  medium: '#e6b422',
  high: '#f07c1f',
  very_high: '#d93025',
};

export const AGE_COLOURS: Record<AgeBand, string> = {
  '0-10': '#2f6fdb',
  '10-15': '#2e9d57',
  '15-20': '#e6b422',
  '20-30': '#f07c1f',
  '30+': '#d93025',
};

/** Pressure bands of a hydraulic result (MPa): below the minimum, low, normal, high. */
export function pressureColour(mpa: number, min: number): string {
  if (mpa < min) return '#d93025';
  if (mpa < min + 0.06) return '#f07c1f';
  if (mpa < 0.45) return '#2e9d57';
  return '#2f6fdb';
}
