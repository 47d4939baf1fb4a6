import { i18n } from '@/i18n';

/**
 * A name kept in both languages (a department's, a person's, a condition): the English one on
 * the English pages where it exists, otherwise the Chinese, which is always there.
 */
export function localName(name: string, nameEn: string | null | undefined): string;
export function localName(name: string | null, nameEn: string | null | undefined): string | null;
export function localName(name: string | null, nameEn: string | null | undefined): string | null {
  return i18n.global.locale.value === 'en' && nameEn ? nameEn : name;
}
