import { DomainError } from '../errors.js';
import type { Role } from '../roles.js';
import { URGENCIES, type CaseSource, type Urgency } from './states.js';

/**
 * The sources each role may report under. A report's source decides whether an inspector must
 * confirm it on site (needsVerification), so it comes from who reports, never from what the body
 * claims: an inspector reports as an inspector; the desk registers what reached the bureau by the
 * hotline, the web, the media, video, a leader's order or an assessment; the public reports on the web.
 * Each list starts with the role's default.
 */
const SOURCES_OF_ROLE: Partial<Record<Role, readonly CaseSource[]>> = {
  // An inspector on an assessment round reports its findings as the assessment's.
  inspector: ['inspector', 'assessment'],
  operator: ['hotline', 'web', 'open311', 'media', 'video', 'leader', 'assessment'],
  hotline: ['hotline', 'web', 'open311', 'media', 'video', 'leader', 'assessment'],
  shift_leader: ['leader', 'hotline', 'web', 'open311', 'media', 'video', 'assessment'],
  dispatcher: ['leader', 'hotline', 'web', 'open311', 'media', 'video', 'assessment'],
  supervisor: ['leader', 'assessment'],
  leader: ['leader'],
  commander: ['leader'],
  utility_operator: ['sensor'],
  citizen: ['web'],
};

/** Whose default applies when a user holds several roles (an inspector who also works the desk reports as an inspector). */
const ROLE_PRECEDENCE: readonly Role[] = [
  'inspector',
  'hotline',
  'operator',
  'citizen',
  'utility_operator',
  'shift_leader',
  'dispatcher',
  'supervisor',
  'leader',
  'commander',
];

/** Urgencies a role may give a new report; a citizen reports, the bureau judges how urgent it is. */
const URGENCIES_OF_ROLE: Partial<Record<Role, readonly Urgency[]>> = { citizen: ['normal'] };

export interface ReportProvenance {
  source: CaseSource;
  urgency: Urgency;
  /** The role the report is made in, recorded on its event. */
  role: Role | null;
}

/**
 * Who a report comes from, decided by the principal. Without a requested source the first role's
 * first source applies (an inspector's → inspector, the hotline's → hotline, a citizen's → web);
 * a requested source or urgency the principal's roles do not allow is refused. `null` roles is the
 * system itself (alarms, imports), which may say anything.
 */
export function reportProvenance(
  roles: readonly Role[] | null,
  requested: { source?: CaseSource | undefined; urgency?: Urgency | undefined },
): ReportProvenance {
  if (roles === null)
    return { source: requested.source ?? 'sensor', urgency: requested.urgency ?? 'normal', role: null };
  const grants = ROLE_PRECEDENCE.filter((r) => roles.includes(r)).flatMap((role) =>
    (SOURCES_OF_ROLE[role] ?? []).map((source) => ({ role, source })),
  );
  const grant = requested.source ? grants.find((g) => g.source === requested.source) : grants[0];
  if (!grant) {
    throw new DomainError(
      'auth.forbidden',
      requested.source
        ? `Your roles (${roles.join(', ')}) may not report with source ${requested.source}`
        : `Your roles (${roles.join(', ')}) may not report problems`,
    );
  }
  const urgency = requested.urgency ?? 'normal';
  const mayUrge = roles.some((r) => (URGENCIES_OF_ROLE[r] ?? URGENCIES).includes(urgency));
  if (!mayUrge) {
    throw new DomainError(
      'auth.forbidden',
      `Your roles (${roles.join(', ')}) may not report with urgency ${urgency}; the desk sets it when filing`,
    );
  }
  return { source: grant.source, urgency, role: grant.role };
}
