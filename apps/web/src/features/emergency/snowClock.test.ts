import { describe, expect, it } from 'vitest';
import { segmentClock } from './snowClock';

const at = (h: number) => new Date(Date.UTC(2026, 0, 10, 0, 0) + h * 3_600_000).toISOString();
const now = Date.parse(at(10));

describe('segmentClock', () => {
  it('works to passable while open, to clean once passable; done when clean', () => {
    const seg = { passableBy: at(12), cleanBy: at(10.5) };
    expect(segmentClock({ ...seg, state: 'open' }, now)).toEqual({ band: 'under3h', minutesLeft: 120 });
    expect(segmentClock({ ...seg, state: 'passable' }, now)).toEqual({ band: 'under1h', minutesLeft: 30 });
    expect(segmentClock({ ...seg, state: 'clean' }, now)).toEqual({ band: 'done', minutesLeft: null });
  });
  it('bands at their boundaries: 3 h is ahead, 1 h under 3 h, 0 under 1 h, a minute past late', () => {
    const band = (h: number) =>
      segmentClock({ state: 'open', passableBy: at(10 + h), cleanBy: null }, now).band;
    expect(band(3)).toBe('ahead');
    expect(band(1)).toBe('under3h');
    expect(band(0)).toBe('under1h');
    expect(band(-1 / 60)).toBe('late');
  });
  it('no clock without a response (no deadline)', () => {
    expect(segmentClock({ state: 'passable', passableBy: null, cleanBy: null }, now).band).toBe('none');
  });
});
