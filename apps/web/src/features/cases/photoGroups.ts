import type { Attachment, CaseEvent } from './cases.api';

/** What a group of a case's photos shows: the problem, the site at verification, the fix, the check. */
export type PhotoGroupKind = 'report' | 'verify' | 'before' | 'after' | 'check' | 'other';

export interface PhotoGroup {
  kind: PhotoGroupKind;
  /** When the step that took them happened. */
  at: string;
  /** The step's comment (the unit's words on its fix, the inspector's on the check). */
  comment: string | null;
  photos: Attachment[];
}

const KIND_OF: Record<string, PhotoGroupKind> = {
  report: 'report',
  verify: 'verify',
  check: 'check',
  self_handle: 'after',
};

/**
 * A case's photos by the step that took them, in the order taken: the report's, the verification's,
 * the unit's before and after photos of each fix (a report_done step names its before photos), the
 * check's. Photos of a fix reported before the before/after split are all "after".
 */
export function photoGroups(events: readonly CaseEvent[]): PhotoGroup[] {
  const groups: PhotoGroup[] = [];
  for (const e of events) {
    if (!e.photos.length) continue;
    const base = { at: e.at, comment: e.comment };
    if (e.action === 'report_done') {
      const before = new Set(
        Array.isArray(e.payload?.beforePhotos) ? (e.payload.beforePhotos as unknown[]).map(String) : [],
      );
      const b = e.photos.filter((p) => before.has(p.id));
      const a = e.photos.filter((p) => !before.has(p.id));
      if (b.length) groups.push({ kind: 'before', ...base, comment: null, photos: b });
      if (a.length) groups.push({ kind: 'after', ...base, photos: a });
      continue;
    }
    groups.push({ kind: KIND_OF[e.action] ?? 'other', ...base, photos: e.photos });
  }
  return groups;
}

/** The latest fix's groups (before and after) and the report's, for a check task. */
export function checkTaskGroups(events: readonly CaseEvent[]): PhotoGroup[] {
  const all = photoGroups(events);
  const lastFix = events.findLast((e) => e.action === 'report_done' || e.action === 'self_handle');
  return all.filter(
    (g) => g.kind === 'report' || ((g.kind === 'before' || g.kind === 'after') && g.at === lastFix?.at),
  );
}
