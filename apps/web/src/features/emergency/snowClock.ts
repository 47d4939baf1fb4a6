/**
 * The snow clock of a segment: the deadline it works to now (passable while open, clean once
 * passable) and the time left before it, banded for the map's colours.
 */
export type ClockBand = 'done' | 'none' | 'late' | 'under1h' | 'under3h' | 'ahead';

export interface ClockedSegment {
  state: string;
  passableBy: string | null;
  cleanBy: string | null;
}

export interface SegmentClock {
  band: ClockBand;
  /** Minutes to the deadline (negative: late); null when done or no clock runs. */
  minutesLeft: number | null;
}

const HOUR_MIN = 60;

export function segmentClock(s: ClockedSegment, nowMs: number): SegmentClock {
  if (s.state === 'clean') return { band: 'done', minutesLeft: null };
  const by = s.state === 'open' ? s.passableBy : s.cleanBy;
  if (!by) return { band: 'none', minutesLeft: null };
  const left = Math.round((Date.parse(by) - nowMs) / 60_000);
  const band: ClockBand =
    left < 0 ? 'late' : left < HOUR_MIN ? 'under1h' : left < 3 * HOUR_MIN ? 'under3h' : 'ahead';
  return { band, minutesLeft: left };
}

/** Map colours by time left: green done, blue well ahead, amber under 3 h, orange under 1 h, red late. */
export const CLOCK_COLOURS: Record<ClockBand, string> = {
  done: '#2e9d5b',
  none: '#9aa0a6',
  ahead: '#1f6fd1',
  under3h: '#e0b400',
  under1h: '#e67e22',
  late: '#d0312d',
};

export const CLOCK_BANDS: readonly ClockBand[] = ['done', 'ahead', 'under3h', 'under1h', 'late', 'none'];
