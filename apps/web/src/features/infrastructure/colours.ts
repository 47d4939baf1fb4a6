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
