import type { Component, Ref } from 'vue';
import type { CapabilityName } from '@cityloop/domain/access/policy';
import type { Me } from '@/features/auth/auth.api';
import type { FeatureMessages } from '@/i18n';

/** One tab of the phone app's bottom bar. */
export interface PhoneTab {
  /** `tab-<key>` is its test id. */
  key: string;
  /** i18n key of the label. */
  label: string;
  icon: string;
  component: Component;
  /** The component's props and listeners for this user. */
  props?: (me: Me) => Record<string, unknown>;
  /** Kept mounted while another tab shows (a half-filled form survives a look at the tasks). */
  keepAlive?: boolean;
  /** The number on the tab (nothing shown for 0 or null). */
  badge?: Readonly<Ref<number | null>>;
  badgeTestid?: string;
}

/**
 * A role's part of the phone app: its tabs, its messages and what starts when it opens. The phone
 * app shows the sections of PHONE_SECTIONS (sections.ts) whose capability the user reaches, so a
 * crew or an assessment inspector gets their own tabs without touching the inspector's.
 */
export interface PhoneSection {
  name: string;
  /** i18n key of the app's title when this is the user's only section. */
  title: string;
  capability: CapabilityName;
  tabs: PhoneTab[];
  messages: readonly FeatureMessages[];
  /** Runs once the user is known (online or remembered); `notify` shows a toast. */
  start?: (me: Me, notify: (text: string) => void) => void;
}
