import { i18n } from '@/i18n';
import utilitiesEn from './i18n.en';
import utilitiesZh from './i18n.zh-CN';

// The utilities pages bring their own messages and merge them into the app's i18n when first
// imported, like the case loop pages do.
type Merge = (locale: 'zh-CN' | 'en', messages: Record<string, unknown>) => void;
const merge = i18n.global.mergeLocaleMessage as unknown as Merge;
merge('zh-CN', utilitiesZh);
merge('en', utilitiesEn);
