import { jurisdictionCoversArea, type Jurisdiction, type Role } from '../roles.js';

/**
 * Whether a user may act on a case at all (the state machine then decides what they may do).
 * City-wide users reach every case; a unit reaches the cases dispatched to it wherever they are;
 * district and street users reach the cases whose unit grid lies in their area. A case without a
 * grid (position not resolved yet) is reachable only city-wide or by its unit.
 */
export function actorMayActOnCase(
  jurisdiction: Jurisdiction,
  departmentId: number | null,
  caseGridCode: string | null,
  caseUnitId: number | null,
): boolean {
  if (jurisdiction.level === 'city') return true;
  const ownDepartment = jurisdiction.departmentId ?? departmentId;
  if (caseUnitId !== null && ownDepartment !== null && ownDepartment === caseUnitId) return true;
  if (jurisdiction.level === 'department') return false;
  return caseGridCode !== null && jurisdictionCoversArea(jurisdiction, caseGridCode);
}

/** Who is reading: enough of a signed-in user to decide what they may read. */
export interface CaseReader {
  id: number;
  roles: readonly Role[];
  jurisdiction: Jurisdiction;
  departmentId: number | null;
}

/**
 * Whether a user holds no role but citizen's (or none): they see their own reports only, as the
 * public does.
 */
export const isOnlyCitizen = (u: Pick<CaseReader, 'roles'>): boolean => u.roles.every((r) => r === 'citizen');

/**
 * Whether a user may read a case: its reporter always; a citizen nothing else; staff what they
 * may act on. GET /api/cases/{id}, the live channel and the case's photos all ask this.
 */
export function mayReadCase(
  user: CaseReader,
  c: { gridCode: string | null; unitId: number | null; reporterId: number | null },
): boolean {
  if (c.reporterId !== null && c.reporterId === user.id) return true;
  if (isOnlyCitizen(user)) return false;
  return actorMayActOnCase(user.jurisdiction, user.departmentId, c.gridCode, c.unitId);
}
