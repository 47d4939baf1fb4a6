import { jurisdictionCoversArea, type Jurisdiction } from '../roles.js';

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
