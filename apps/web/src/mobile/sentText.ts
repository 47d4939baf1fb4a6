import { i18n } from '@/i18n';
import type { SentReport } from './outboxSend';

/**
 * What the inspector is told once a report is in: its case number, or, for a report confirmed as
 * the same problem as an open case, that it was linked to that case (its number, not the new one's).
 */
export function sentText(sent: SentReport): string {
  return sent.linkedTo
    ? i18n.global.t('phone.linked', { code: sent.linkedTo.code })
    : i18n.global.t('phone.sent', { code: sent.code });
}
