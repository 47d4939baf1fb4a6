import type { Component } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import type { CapabilityName } from '@cityloop/domain/access/policy';
import type { FeatureMessages } from '@/i18n';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean;
    /** Only for users who reach this capability of the access policy (packages/domain). */
    capability?: CapabilityName;
    /** i18n key of the page title. */
    title?: string;
    /** Which role home page this is (homes.<key>). */
    home?: string;
  }
}

/** One side-menu entry; who sees it comes from the access policy (the capability's menu roles). */
export interface MenuEntry {
  path: string;
  /** i18n key of the label. */
  label: string;
  icon: Component;
  capability: CapabilityName;
  /** `work`: the case loop's and the operators' pages; `admin`: the administration group. */
  group: 'work' | 'admin';
  /** Position within its group (entries of all modules are sorted by it). */
  order: number;
  /** A count shown beside the label (work waiting there), read reactively; 0 or null shows none. */
  badge?: () => number | null;
}

/**
 * A web feature: its pages (children of the app shell; a page's `meta.capability` decides who
 * reaches it), its side-menu entries and its messages. The router, the side menu and the i18n
 * setup collect every module of WEB_MODULES (src/modules.ts): adding a feature is a folder with a
 * `<feature>.module.ts` and one line in that list.
 */
export interface WebModule {
  name: string;
  routes?: RouteRecordRaw[];
  /**
   * Pages of their own outside the app shell (a public form a resident opens on a phone, the public
   * portal); `meta.public` lets them open without a session.
   */
  pages?: RouteRecordRaw[];
  menu?: MenuEntry[];
  messages?: FeatureMessages;
  /**
   * Parts the app shell keeps mounted on every page while someone is signed in (a watcher that
   * tells the user of work arriving live); each decides for itself whether its user needs it.
   */
  shell?: Component[];
}

export function defineModule(m: WebModule): WebModule {
  return m;
}
