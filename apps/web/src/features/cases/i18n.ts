import { i18n } from '@/i18n';
import casesEn from './i18n.en';
import casesZh from './i18n.zh-CN';

// The case loop pages bring their own messages and merge them into the app's i18n when first
// imported, so the shared message files stay the foundation's.
type Merge = (locale: 'zh-CN' | 'en', messages: Record<string, unknown>) => void;
const merge = i18n.global.mergeLocaleMessage as unknown as Merge;
merge('zh-CN', casesZh);
merge('en', casesEn);

export type { CaseMessages } from './i18n.zh-CN';
