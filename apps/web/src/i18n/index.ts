import { computed } from 'vue';
import { createI18n } from 'vue-i18n';
import elZhCn from 'element-plus/es/locale/lang/zh-cn';
import elEn from 'element-plus/es/locale/lang/en';
import zhCN, { type Messages } from './zh-CN';
import en from './en';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'cityloop.lang';

function readCookie(name: string): string | null {
  const hit = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : null;
}

function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY) ?? readCookie('lang');
  return saved === 'en' ? 'en' : 'zh-CN';
}

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

/** Element Plus follows the app language (pagination, date pickers, empty tables). */
export const elementLocale = computed(() => (i18n.global.locale.value === 'en' ? elEn : elZhCn));

/**
 * Switches the language and remembers it in localStorage and in the `lang` cookie, which the
 * server reads to answer error messages in the same language.
 */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  document.cookie = `lang=${locale}; path=/; max-age=31536000; SameSite=Lax`;
  document.documentElement.lang = locale;
}

/** Called once at start so the cookie exists even before the user touches the switch. */
export function syncLocale(): void {
  setLocale(i18n.global.locale.value);
}
