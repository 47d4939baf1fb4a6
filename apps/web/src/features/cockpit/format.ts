import type { CockpitTile } from './cockpit.api';

/** A tile's figure as the wall shows it: rates in per cent, counts whole, measures to their precision. */
export function formatValue(v: number | null | undefined, unit: CockpitTile['unit']): string {
  if (v === null || v === undefined) return '—';
  switch (unit) {
    case 'rate':
      return (v * 100).toFixed(1);
    case 'count':
      return Math.round(v).toLocaleString();
    case 'km':
      return v.toFixed(1);
    case 'mpa':
      return v.toFixed(3);
    case 'm3h':
      return Math.round(v).toLocaleString();
    case 'celsius':
    case 'score':
      return v.toFixed(1);
    default:
      return String(v);
  }
}

/** A change as the wall shows it: signed, rates in percentage points. */
export function formatChange(v: number | null, unit: CockpitTile['unit']): string {
  if (v === null) return '';
  const sign = v > 0 ? '+' : v < 0 ? '−' : '±';
  const abs = Math.abs(v);
  if (unit === 'rate') return `${sign}${(abs * 100).toFixed(1)}pp`;
  return `${sign}${formatValue(abs, unit)}`;
}

/** Whether a rise is good news for the figure (overdue, rework, alarms: a rise is bad). */
export function riseIsGood(key: string): boolean {
  return !/overdue|rework|extensions|alarms|ponding|tasks|renovation/.test(key);
}

export const testKey = (key: string) => key.replaceAll('.', '-');
