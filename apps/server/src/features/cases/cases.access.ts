import { mayReadCase } from '@cityloop/domain';
import type { SessionUser } from '../../http/access.js';
import type { CaseRow } from './cases.repository.js';

/** Whether a user may read a case: their area or unit holds it, or they reported it. */
export function canSeeCase(
  user: SessionUser,
  c: Pick<CaseRow, 'grid_code' | 'unit_id' | 'reporter_id'>,
): boolean {
  return mayReadCase(user, { gridCode: c.grid_code, unitId: c.unit_id, reporterId: c.reporter_id });
}

/** Whether the user reported the case themselves. */
export function isOwnReport(user: SessionUser, c: Pick<CaseRow, 'reporter_id'>): boolean {
  return c.reporter_id !== null && c.reporter_id === user.id;
}
