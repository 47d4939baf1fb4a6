import type { SystemNote } from '@cityloop/domain';
import { i18n } from '@/i18n';

/** Whether a value is a note the system wrote on an event (a code with parameters). */
export function isSystemNote(v: unknown): v is SystemNote {
  return typeof v === 'object' && v !== null && typeof (v as { code?: unknown }).code === 'string';
}

/**
 * The text of an event's note in the reader's language: the system's note from its code and
 * parameters; a person's comment (or an older event's Chinese note) as it was written.
 */
export function noteText(note: unknown, comment: string | null): string | null {
  if (isSystemNote(note)) return i18n.global.t(`common.notes.${note.code}`, note.params ?? {});
  return comment;
}
