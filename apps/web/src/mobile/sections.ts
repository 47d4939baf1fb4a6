import { canReach } from '@cityloop/domain/access/policy';
import type { Role } from '@cityloop/domain/roles';
import { assessmentSection } from '@/features/assessment/assessment.section';
import { inspectorSection } from './inspector.section';
import { snowSection } from './snow.section';
import type { PhoneSection } from './phoneSection';

/** Every role's part of the phone app; a new role's tabs are a section file and one line here. */
export const PHONE_SECTIONS: readonly PhoneSection[] = [inspectorSection, assessmentSection, snowSection];

/**
 * The sections a user's roles reach, in list order. Someone who reaches none (the phone app was
 * the inspector's alone) keeps the first, as before sections existed.
 */
export function sectionsFor(roles: readonly Role[]): readonly PhoneSection[] {
  const mine = PHONE_SECTIONS.filter((s) => canReach(roles, s.capability));
  return mine.length > 0 ? mine : PHONE_SECTIONS.slice(0, 1);
}
