import { describe, expect, it } from 'vitest';
import type { CaseEvent } from './cases.api';
import { checkTaskGroups, photoGroups } from './photoGroups';

const photo = (id: string) => ({ id, url: `/f/${id}`, thumbUrl: null });
const event = (
  id: number,
  action: string,
  photos: string[],
  payload: Record<string, unknown> = {},
): CaseEvent => ({
  id,
  action,
  fromState: null,
  toState: 'x',
  actorName: null,
  actorRole: null,
  at: `2026-03-0${id}T08:00:00.000Z`,
  comment: action === 'report_done' ? `fix ${id}` : null,
  photos: photos.map(photo),
  onTime: null,
  usedMs: null,
  limitMs: null,
  step: null,
  dueAt: null,
  unitName: null,
  payload,
});

describe('a case’s photos by step', () => {
  const events = [
    event(1, 'report', ['r']),
    event(2, 'accept', []),
    event(3, 'report_done', ['b1', 'a1'], { beforePhotos: ['b1'] }),
    event(4, 'check', ['c1']),
    event(5, 'report_done', ['b2', 'a2'], { beforePhotos: ['b2'] }),
  ];

  it('labels the report’s, the before and after of each fix and the check’s, in order', () => {
    expect(photoGroups(events).map((g) => [g.kind, g.photos.map((p) => p.id)])).toEqual([
      ['report', ['r']],
      ['before', ['b1']],
      ['after', ['a1']],
      ['check', ['c1']],
      ['before', ['b2']],
      ['after', ['a2']],
    ]);
  });

  it('counts a fix reported before the before/after split as after photos', () => {
    expect(photoGroups([event(3, 'report_done', ['x', 'y'])]).map((g) => g.kind)).toEqual(['after']);
  });

  it('gives a check task the report and the latest fix only', () => {
    expect(checkTaskGroups(events).map((g) => [g.kind, g.photos.map((p) => p.id)])).toEqual([
      ['report', ['r']],
      ['before', ['b2']],
      ['after', ['a2']],
    ]);
  });
});
