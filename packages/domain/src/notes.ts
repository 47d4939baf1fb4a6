/**
 * Notes the system writes on a case's or an alarm's events, and an alarm's own message. They are stored as a code with
 * parameters, never as a sentence, and each page tells them in its reader's language
 * (`common.notes.<code>`); events from before this carry a Chinese comment instead.
 */
export const SYSTEM_NOTE_CODES = [
  /** A report linked to an open case as a duplicate: `{ code }` of the open case. */
  'case.duplicate_of',
  /** An open case was given a duplicate report: `{ code }` of the duplicate. */
  'case.duplicate_linked',
  /** Residents keep calling about an open case (重复投诉): `{ repeats }` so far; its urgency rose. */
  'case.repeat_escalated',
  /** A cleared alarm's condition came back. */
  'alarm.recurred',
  /** An alarm's case was opened: `{ code }` of the case. */
  'alarm.case_opened',
  /**
   * What an alarm says: `{ device }` (its name), `{ metric }` (the profile's key, named in the
   * reader's language by the profile), `{ kind }` (the rule's kind) and `{ value }` (what the rule
   * judged, in the metric's unit, per minute for a rate, seconds for silence).
   */
  'alarm.condition',
] as const;
export type SystemNoteCode = (typeof SYSTEM_NOTE_CODES)[number];

export interface SystemNote {
  code: SystemNoteCode;
  params?: Record<string, string | number>;
}
