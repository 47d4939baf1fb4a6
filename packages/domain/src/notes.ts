/**
 * Notes the system writes on a case's or an alarm's events. They are stored as a code with
 * parameters, never as a sentence, and each page tells them in its reader's language
 * (`common.notes.<code>`); events from before this carry a Chinese comment instead.
 */
export const SYSTEM_NOTE_CODES = [
  /** A report linked to an open case as a duplicate: `{ code }` of the open case. */
  'case.duplicate_of',
  /** An open case was given a duplicate report: `{ code }` of the duplicate. */
  'case.duplicate_linked',
  /** A cleared alarm's condition came back. */
  'alarm.recurred',
  /** An alarm's case was opened: `{ code }` of the case. */
  'alarm.case_opened',
] as const;
export type SystemNoteCode = (typeof SYSTEM_NOTE_CODES)[number];

export interface SystemNote {
  code: SystemNoteCode;
  params?: Record<string, string | number>;
}
