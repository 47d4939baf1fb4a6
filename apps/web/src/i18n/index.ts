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

/** A feature's messages in both languages (en typed by the zh-CN file, the primary language). */
export interface FeatureMessages {
  'zh-CN': Record<string, unknown>;
  en: Record<string, unknown>;
}

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

type Merge = (locale: Locale, messages: Record<string, unknown>) => void;
const merge = i18n.global.mergeLocaleMessage as unknown as Merge;

/**
 * Adds the features' messages to the frame's (app, common, auth, roles, nav): every feature brings
 * its own `i18n.zh-CN.ts` and `i18n.en.ts`, declared in its module; the desk app installs all
 * modules' messages at start, the phone app its sections'.
 */
export function installMessages(bundles: readonly FeatureMessages[]): void {
  for (const b of bundles) {
    merge('zh-CN', b['zh-CN']);
    merge('en', b.en);
  }
}

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
